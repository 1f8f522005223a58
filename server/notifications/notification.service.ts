import { AppError } from '../../schemas/errors/app-error.js';
import { WorkflowNotification, type WorkflowNotification as NotificationRow } from '../entities/index.js';
import type { AuthedContext } from '../http/request-context.js';

export function toNotificationView(n: NotificationRow) {
  return {
    id: n.id, instanceId: n.instance.id, ...(n.instance.definitionKey !== undefined ? { definitionKey: n.instance.definitionKey } : {}),
    kind: n.kind, taskKey: n.taskKey ?? null, nodeId: n.nodeId ?? null, createdAt: n.createdAt, readAt: n.readAt ?? null,
  };
}

/** The caller's unread count (every query here is the caller's own rows of the caller's tenant). */
export function unreadCount(ctx: AuthedContext): Promise<number> {
  return ctx.em.count(WorkflowNotification, { user: ctx.user.id, readAt: null });
}

export async function listNotifications(ctx: AuthedContext, q: { unread?: 'true' | 'false'; limit?: string; offset?: string }) {
  const where = { user: ctx.user.id, ...(q.unread === 'true' ? { readAt: null } : {}) };
  const [rows, total] = await ctx.em.findAndCount(WorkflowNotification, where, {
    populate: ['instance'], orderBy: { createdAt: 'desc', id: 'asc' }, limit: Number(q.limit ?? 20), offset: Number(q.offset ?? 0),
  });
  return { items: rows.map(toNotificationView), total, unread: q.unread === 'true' ? total : await unreadCount(ctx) };
}

/** Marks one of the caller's notifications read (again is a no-op); someone else's is 404. */
export async function markRead(ctx: AuthedContext, id: string, now: Date) {
  const row = await ctx.em.findOne(WorkflowNotification, { id, user: ctx.user.id }, { populate: ['instance'] });
  if (!row) throw new AppError('CF_ERR_NOT_FOUND');
  if (!row.readAt) {
    row.readAt = now;
    await ctx.em.flush();
  }
  return toNotificationView(row);
}

export async function markAllRead(ctx: AuthedContext, now: Date) {
  const marked = await ctx.em.nativeUpdate(WorkflowNotification, { user: ctx.user.id, readAt: null }, { readAt: now });
  return { marked, unread: await unreadCount(ctx) };
}
