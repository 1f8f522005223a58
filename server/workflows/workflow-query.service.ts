import type { FlowState } from '../../rules/flow/index.js';
import { AppError } from '../../schemas/errors/app-error.js';
import {
  ConfigDocumentVersion, WorkflowCc, WorkflowEvent, WorkflowIncident, WorkflowInstance, WorkflowTask,
  type WorkflowIncident as IncidentRow, type WorkflowInstance as InstanceRow, type WorkflowTask as TaskRow,
} from '../entities/index.js';
import type { AuthedContext } from '../http/request-context.js';
import { hiddenFieldsFor, visibleEventData, withoutHidden } from './field-permissions.js';
import { findReadableInstance, listReadableInstances, type InstanceFilter } from './instance-access.js';

export function toDefinitionSummary(row: ConfigDocumentVersion, withDocument = false) {
  const doc = row.document as { name?: Record<string, string>; description?: string };
  return {
    key: row.key, version: row.version, status: row.status, name: doc.name ?? {},
    ...(doc.description ? { description: doc.description } : {}),
    publishedAt: row.publishedAt ?? null,
    ...(withDocument ? { document: row.document } : {}),
  };
}

export async function listDefinitions(ctx: AuthedContext) {
  const rows = await ctx.em.find(ConfigDocumentVersion, { kind: 'workflow', status: 'PUBLISHED' }, { orderBy: { key: 'asc' } });
  return rows.map((r) => toDefinitionSummary(r));
}

export async function listDefinitionVersions(ctx: AuthedContext, key: string) {
  const rows = await ctx.em.find(ConfigDocumentVersion, { kind: 'workflow', key }, { orderBy: { version: 'desc' } });
  if (!rows.length) throw new AppError('CF_ERR_NOT_FOUND');
  return rows.map((r) => toDefinitionSummary(r, true));
}

export function toTaskView(t: TaskRow) {
  const instance = t.instance;
  return {
    id: t.id, taskKey: t.taskKey, instanceId: instance.id,
    ...(instance.definitionKey !== undefined ? { definitionKey: instance.definitionKey, instanceStatus: instance.status } : {}),
    nodeId: t.nodeId, assignee: t.assignee.id, status: t.status, dueAt: t.dueAt ?? null, createdAt: t.createdAt, completedAt: t.completedAt ?? null,
  };
}

/**
 * The instance as its participants see it: status, variables (without the form fields hidden from
 * the caller), every task and the pending tasks' ids for actions.
 */
export async function toInstanceView(ctx: AuthedContext, row: InstanceRow, detail = true) {
  const state = row.state as FlowState;
  const base = {
    id: row.id, definitionKey: row.definitionKey, definitionVersion: row.definitionVersion, status: row.status, version: row.version,
    initiator: row.initiator.id, dealerId: row.dealer?.id ?? null, createdAt: row.createdAt, updatedAt: row.updatedAt, endedAt: row.endedAt ?? null,
  };
  if (!detail || !state) return base;
  const pending = await ctx.em.find(WorkflowTask, { instance: row.id, status: 'PENDING' }, { orderBy: { createdAt: 'asc' } });
  return {
    ...base,
    variables: withoutHidden(state.variables, await hiddenFieldsFor(ctx, row, state)),
    tasks: state.tasks.map((t) => ({
      id: t.id, nodeId: t.nodeId, assignee: t.assignee, status: t.status, stage: t.stage, origin: t.origin, createdAt: t.createdAt,
      ...(t.decidedAt ? { decidedAt: t.decidedAt } : {}), ...(t.decidedBy ? { decidedBy: t.decidedBy } : {}),
      ...(t.comment ? { comment: t.comment } : {}), ...(t.autoReason ? { autoReason: t.autoReason } : {}), ...(t.dueAt ? { dueAt: t.dueAt } : {}),
    })),
    pendingTasks: pending.map((t) => ({ ...toTaskView(t), instanceId: row.id, definitionKey: row.definitionKey, instanceStatus: row.status })),
    incidents: state.incidents,
  };
}

/**
 * An instance within the caller's walls: the tenant filter (another tenant's → 404) and, for a
 * dealer user, the dealer filter (another dealer's → 404). Reading routes go through
 * `findReadableInstance`, which also asks whether a staff member takes part.
 */
export async function findVisibleInstance(ctx: AuthedContext, id: string): Promise<InstanceRow> {
  const row = await ctx.em.findOne(WorkflowInstance, { id });
  if (!row) throw new AppError('CF_ERR_NOT_FOUND');
  return row;
}

export async function listInstances(ctx: AuthedContext, f: InstanceFilter) {
  const rows = await listReadableInstances(ctx, f);
  return Promise.all(rows.map((r) => toInstanceView(ctx, r, false)));
}

export async function timeline(ctx: AuthedContext, id: string) {
  const row = await findReadableInstance(ctx, id);
  const hidden = await hiddenFieldsFor(ctx, row, row.state as FlowState);
  const rows = await ctx.em.find(WorkflowEvent, { instance: id }, { orderBy: { sequence: 'asc' } });
  return rows.map((e) => ({ sequence: e.sequence, type: e.type, actor: e.actor, at: e.at, data: visibleEventData(e.type, e.data as Record<string, unknown>, hidden) }));
}

export type Box = 'todo' | 'done' | 'started' | 'cc';

/** 待办 (pending for me), 已办 (I decided), 我发起的 (I started), 抄送我 (copied to me). */
/** Decided statuses of a task (已办). */
export const DONE_TASK_STATUSES: TaskRow['status'][] = ['APPROVED', 'REJECTED', 'RETURNED', 'TRANSFERRED'];
const BOX_LIMIT = 200;

/** One box's entries (at most 200): 待办 oldest first, the others newest first; a task only for 待办 and 已办. */
export async function boxEntries(ctx: AuthedContext, box: Box): Promise<{ instance: InstanceRow; task: TaskRow | null }[]> {
  const me = ctx.user.id;
  if (box === 'todo' || box === 'done') {
    const tasks = await ctx.em.find(WorkflowTask, { assignee: me, status: box === 'todo' ? 'PENDING' : { $in: DONE_TASK_STATUSES } }, {
      populate: ['instance'], orderBy: box === 'todo' ? { createdAt: 'asc' } : { completedAt: 'desc' }, limit: BOX_LIMIT,
    });
    return tasks.map((task) => ({ instance: task.instance, task }));
  }
  if (box === 'started') {
    const rows = await ctx.em.find(WorkflowInstance, { initiator: me }, { orderBy: { createdAt: 'desc' }, limit: BOX_LIMIT });
    return rows.map((instance) => ({ instance, task: null }));
  }
  const cc = await ctx.em.find(WorkflowCc, { user: me }, { populate: ['instance'], orderBy: { createdAt: 'desc' }, limit: BOX_LIMIT });
  return cc.map((c) => ({ instance: c.instance, task: null }));
}

export async function inbox(ctx: AuthedContext, box: Box) {
  const entries = await boxEntries(ctx, box);
  if (box === 'todo' || box === 'done') return { tasks: entries.map((e) => toTaskView(e.task!)), instances: [] };
  return { tasks: [], instances: await Promise.all(entries.map((e) => toInstanceView(ctx, e.instance, false))) };
}

export async function findTask(ctx: AuthedContext, id: string): Promise<TaskRow> {
  const task = await ctx.em.findOne(WorkflowTask, { id });
  if (!task) throw new AppError('FLW_ERR_TASK_NOT_FOUND');
  return task;
}

/** Approval tasks still pending after their SLA due time. */
export async function overdueTasks(ctx: AuthedContext, now: Date) {
  const rows = await ctx.em.find(WorkflowTask, { status: 'PENDING', dueAt: { $lt: now } }, {
    populate: ['instance'], orderBy: { dueAt: 'asc' }, limit: 500,
  });
  return rows.map(toTaskView);
}

export function toIncidentView(i: IncidentRow) {
  const instance = i.instance;
  return {
    id: i.id, instanceId: instance.id, ...(instance.definitionKey !== undefined ? { definitionKey: instance.definitionKey } : {}),
    incidentKey: i.incidentKey, nodeId: i.nodeId, code: i.code, message: i.message, status: i.status, createdAt: i.createdAt, resolvedAt: i.resolvedAt ?? null,
  };
}

export async function listIncidents(ctx: AuthedContext) {
  const rows = await ctx.em.find(WorkflowIncident, { status: 'OPEN' }, { populate: ['instance'], orderBy: { createdAt: 'desc' }, limit: 500 });
  return rows.map(toIncidentView);
}

export async function findIncident(ctx: AuthedContext, id: string): Promise<IncidentRow> {
  const row = await ctx.em.findOne(WorkflowIncident, { id });
  if (!row) throw new AppError('FLW_ERR_INCIDENT_NOT_FOUND');
  return row;
}
