import { AppError } from '../../schemas/errors/app-error.js';
import { WorkflowInstance, type WorkflowInstance as InstanceRow } from '../entities/index.js';
import type { AuthedContext } from '../http/request-context.js';
import { tenantSql } from '../db/tenant-sql.js';

/**
 * Who may read an instance:
 * - a tenant admin reads every instance of the tenant (the seed has no auditor role yet; one would join here);
 * - a dealer user reads the instances of its own dealer (the ORM's dealer filter walls the rest off);
 * - other staff read an instance only when they take part in it: they started it, hold or held a
 *   task on it, were copied on it (抄送) or notified about it (escalation, urge).
 * Anyone else gets the same 404 as for an id that does not exist: existence is not revealed.
 */
export function readsEveryInstance(ctx: AuthedContext): boolean {
  return ctx.user.systemRoles.includes('TENANT_ADMIN') || isDealerUser(ctx);
}

/** A dealer user bound to a dealer: the ORM's dealer filter narrows its queries to that dealer. */
export function isDealerUser(ctx: AuthedContext): boolean {
  return ctx.user.systemRoles.includes('DEALER_USER') && ctx.user.dealerId !== null;
}

/** SQL over an instance aliased `i`, true when the user (the four `?`) takes part in it. */
export const PARTICIPANT_SQL = `(i.initiator_id = ?
  or exists (select 1 from workflow_task t where t.instance_id = i.id and t.assignee_id = ?)
  or exists (select 1 from workflow_cc c where c.instance_id = i.id and c.user_id = ?)
  or exists (select 1 from workflow_notification n where n.instance_id = i.id and n.user_id = ?))`;

export const participantParams = (userId: string) => [userId, userId, userId, userId];

export async function takesPart(ctx: AuthedContext, instanceId: string): Promise<boolean> {
  const rows = await tenantSql(ctx)<{ ok: number }[]>(
    `select 1 as ok from workflow_instance i where i.id = ? and i.tenant_id = :tenant and ${PARTICIPANT_SQL}`,
    [instanceId, ...participantParams(ctx.user.id)],
  );
  return rows.length > 0;
}

/** The instance if the caller may read it; otherwise 404 (another tenant's, another dealer's, or not theirs). */
export async function findReadableInstance(ctx: AuthedContext, id: string): Promise<InstanceRow> {
  const row = await ctx.em.findOne(WorkflowInstance, { id });
  if (!row) throw new AppError('CF_ERR_NOT_FOUND');
  if (readsEveryInstance(ctx) || row.initiator.id === ctx.user.id || await takesPart(ctx, id)) return row;
  throw new AppError('CF_ERR_NOT_FOUND');
}

export interface InstanceFilter { status?: InstanceRow['status']; definition?: string; mine?: 'true' | 'false' }

const LIST_LIMIT = 200;

/** The instances the caller may read, newest first (at most 200). */
export async function listReadableInstances(ctx: AuthedContext, f: InstanceFilter): Promise<InstanceRow[]> {
  const where = {
    ...(f.status ? { status: f.status } : {}),
    ...(f.definition ? { definitionKey: f.definition } : {}),
    ...(f.mine === 'true' ? { initiator: ctx.user.id } : {}),
  };
  if (readsEveryInstance(ctx) || f.mine === 'true') {
    return ctx.em.find(WorkflowInstance, where, { orderBy: { createdAt: 'desc' }, limit: LIST_LIMIT });
  }
  const conditions = ['i.tenant_id = :tenant', PARTICIPANT_SQL];
  const params: unknown[] = [...participantParams(ctx.user.id)];
  if (f.status) { conditions.push('i.status = ?'); params.push(f.status); }
  if (f.definition) { conditions.push('i.definition_key = ?'); params.push(f.definition); }
  const ids = await tenantSql(ctx)<{ id: string }[]>(
    `select i.id from workflow_instance i where ${conditions.join(' and ')} order by i.created_at desc limit ${LIST_LIMIT}`, params,
  );
  if (ids.length === 0) return [];
  return ctx.em.find(WorkflowInstance, { id: { $in: ids.map((r) => r.id) } }, { orderBy: { createdAt: 'desc' } });
}
