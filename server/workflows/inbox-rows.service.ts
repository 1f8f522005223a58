import type { FlowDefinition, FlowState, Json, Task } from '../../rules/flow/index.js';
import { Dec, formatMoney } from '../../rules/money.js';
import { AppError } from '../../schemas/errors/app-error.js';
import {
  ConfigDocumentVersion, Dealer, Order, User, WorkflowCc, WorkflowInstance, WorkflowTask,
  type WorkflowInstance as InstanceRow, type WorkflowTask as TaskRow,
} from '../entities/index.js';
import type { AuthedContext } from '../http/request-context.js';
import { hiddenFieldsFor } from './field-permissions.js';
import { findReadableInstance } from './instance-access.js';
import { boxEntries, DONE_TASK_STATUSES, type Box } from './workflow-query.service.js';
import { tenantSql } from '../db/tenant-sql.js';

type Localized = Record<string, string>;
export type SlaState = 'NONE' | 'ON_TRACK' | 'DUE_SOON' | 'OVERDUE' | 'ESCALATED';

/** A pending task within this much of its escalation or auto-decision is "due soon". */
const DUE_SOON_MS = 4 * 3600_000;

/**
 * The SLA of one task from the instance's state: escalated once an escalation fired, otherwise by
 * the nearest escalation or auto-decision still scheduled for it. Decided tasks have none.
 */
export function slaOf(state: FlowState | undefined, taskKey: string | undefined, now: Date): { state: SlaState; dueAt: string | null } {
  const task = taskKey ? state?.tasks.find((t) => t.id === taskKey) : undefined;
  if (!state || !task || task.status !== 'PENDING') return { state: 'NONE', dueAt: null };
  const dues = state.timers.filter((t) => t.taskId === task.id && (t.kind === 'ESCALATE' || t.kind === 'AUTO_DECIDE')).map((t) => t.dueAt);
  if (task.dueAt) dues.push(task.dueAt);
  const dueAt = dues.sort()[0] ?? null;
  if (task.escalatedTo && task.escalatedTo.length > 0) return { state: 'ESCALATED', dueAt };
  if (!dueAt) return { state: 'NONE', dueAt: null };
  const left = Date.parse(dueAt) - now.getTime();
  return { state: left < 0 ? 'OVERDUE' : left < DUE_SOON_MS ? 'DUE_SOON' : 'ON_TRACK', dueAt };
}

/** What the rows of one answer share: definitions, dealers, users and orders, each loaded once. */
class RowLookups {
  private defs = new Map<string, FlowDefinition | null>();
  private constructor(
    private readonly ctx: AuthedContext,
    readonly dealers: Map<string, { code: string; name: string }>,
    readonly users: Map<string, string>,
    readonly orders: Map<string, { id: string; orderNo: string; orderAmount: string }>,
  ) {}

  static async load(ctx: AuthedContext, instances: InstanceRow[]): Promise<RowLookups> {
    const dealerIds = [...new Set(instances.map((i) => i.dealer?.id).filter((x): x is string => !!x))];
    const userIds = [...new Set(instances.map((i) => i.initiator.id))];
    const instanceIds = [...new Set(instances.map((i) => i.id))];
    const [dealers, users, orders] = await Promise.all([
      dealerIds.length ? ctx.em.find(Dealer, { id: { $in: dealerIds } }) : [],
      userIds.length ? ctx.em.find(User, { id: { $in: userIds } }) : [],
      instanceIds.length ? ctx.em.find(Order, { workflowInstance: { $in: instanceIds } }) : [],
    ]);
    return new RowLookups(
      ctx,
      new Map(dealers.map((d) => [d.id, { code: d.code, name: d.name }])),
      new Map(users.map((u) => [u.id, u.displayName])),
      new Map(orders.filter((o) => o.workflowInstance).map((o) => [o.workflowInstance!.id, { id: o.id, orderNo: o.orderNo, orderAmount: formatMoney(new Dec(o.orderAmount)) }])),
    );
  }

  async definition(key: string, version: number): Promise<FlowDefinition | null> {
    const id = `${key}@${version}`;
    if (!this.defs.has(id)) {
      const row = await this.ctx.em.findOne(ConfigDocumentVersion, { kind: 'workflow', key, version });
      this.defs.set(id, (row?.document as FlowDefinition | undefined) ?? null);
    }
    return this.defs.get(id)!;
  }
}

const nameOf = (def: FlowDefinition | null, nodeId: string | null): Localized => {
  const node = nodeId ? def?.nodes.find((n) => n.id === nodeId) : undefined;
  return (node?.name as Localized | undefined) ?? (nodeId ? { zh: nodeId, en: nodeId } : {});
};

function moneyText(v: Json | undefined): string | null {
  if (typeof v !== 'string') return null;
  try {
    return formatMoney(new Dec(v));
  } catch {
    return null;
  }
}

/** One list row: a task of mine (待办 / 已办) or an instance (我发起的 / 抄送我), with the fields the caller may see. */
async function toRow(ctx: AuthedContext, look: RowLookups, instance: InstanceRow, task: TaskRow | null, now: Date) {
  const state = instance.state as FlowState | undefined;
  const def = await look.definition(instance.definitionKey, instance.definitionVersion);
  const current = task ? undefined : state?.tasks.find((t) => t.status === 'PENDING');
  const nodeId = task?.nodeId ?? current?.nodeId ?? null;
  const hidden = state ? await hiddenFieldsFor(ctx, instance, state, def) : new Set<string>();
  const pricing = !hidden.has('pricing') ? state?.variables.pricing : undefined;
  const linked = look.orders.get(instance.id);
  const fromVariables = pricing && typeof pricing === 'object' && !Array.isArray(pricing) ? moneyText(pricing.orderAmount) : null;
  const dealer = instance.dealer ? look.dealers.get(instance.dealer.id) ?? null : null;
  return {
    taskId: task?.id ?? null,
    taskStatus: task?.status ?? null,
    instanceId: instance.id,
    instanceStatus: instance.status,
    definitionKey: instance.definitionKey,
    definitionVersion: instance.definitionVersion,
    flowName: (def?.name as Localized | undefined) ?? { zh: instance.definitionKey, en: instance.definitionKey },
    nodeId,
    nodeName: nameOf(def, nodeId),
    dealer,
    order: linked || fromVariables ? { id: linked?.id ?? null, orderNo: linked?.orderNo ?? null, orderAmount: linked?.orderAmount ?? fromVariables } : null,
    initiator: { id: instance.initiator.id, displayName: look.users.get(instance.initiator.id) ?? '' },
    waitingSince: (task?.createdAt ?? instance.createdAt).toISOString(),
    completedAt: task?.completedAt?.toISOString() ?? instance.endedAt?.toISOString() ?? null,
    sla: slaOf(state, task ? task.taskKey : current?.id, now),
  };
}

export type InboxRow = Awaited<ReturnType<typeof toRow>>;

async function countBoxes(ctx: AuthedContext) {
  const me = ctx.user.id;
  const [todo, done, started, cc] = await Promise.all([
    ctx.em.count(WorkflowTask, { assignee: me, status: 'PENDING' }),
    ctx.em.count(WorkflowTask, { assignee: me, status: { $in: DONE_TASK_STATUSES } }),
    ctx.em.count(WorkflowInstance, { initiator: me }),
    ctx.em.count(WorkflowCc, { user: me }),
  ]);
  return { todo, done, started, cc };
}

/** 待办 / 已办 / 我发起的 / 抄送我 as list rows (at most 200, the same order as GET /api/tasks), with every box's count. */
export async function inboxRows(ctx: AuthedContext, box: Box, now = new Date()) {
  const pairs = await boxEntries(ctx, box);
  const look = await RowLookups.load(ctx, pairs.map((p) => p.instance));
  const rows = [];
  for (const p of pairs) rows.push(await toRow(ctx, look, p.instance, p.task, now));
  return { box, counts: await countBoxes(ctx), rows };
}

/**
 * The nodes a 退回 of this task may name, as the machine decides (rules/flow returnTarget): earlier
 * start or approval nodes on the task's path, other than its own; the nearest last.
 */
export function returnTargetsOf(state: FlowState, def: FlowDefinition, task: Task): { nodeId: string; name: Localized; type: string }[] {
  if (task.kind !== 'APPROVAL' || task.status !== 'PENDING') return [];
  const run = state.runs.find((r) => r.id === task.runId);
  const lastHere = state.trail.map((e) => e.nodeId).lastIndexOf(task.nodeId);
  const alone = state.tokens.length === 1;
  const seen = new Set<string>();
  const out: { nodeId: string; name: Localized; type: string }[] = [];
  for (const e of state.trail.slice(0, Math.max(lastHere, 0)).reverse()) {
    if (e.nodeId === task.nodeId || seen.has(e.nodeId) || (!alone && run && e.tokenId !== run.tokenId)) continue;
    const node = def.nodes.find((n) => n.id === e.nodeId);
    if (!node || (node.type !== 'approval' && node.type !== 'start')) continue;
    seen.add(e.nodeId);
    out.unshift({ nodeId: node.id, name: (node.name as Localized | undefined) ?? { zh: node.id, en: node.id }, type: node.type });
  }
  return out;
}

/** The start form as published when the instance started (the latest published one if none was yet). */
async function startForm(ctx: AuthedContext, def: FlowDefinition, startedAt: Date) {
  const start = def.nodes.find((n) => n.type === 'start');
  const key = start?.type === 'start' ? start.params.form?.key : undefined;
  if (!key) return null;
  const rows = await ctx.em.find(ConfigDocumentVersion, { kind: 'form', key, status: { $in: ['PUBLISHED', 'SUPERSEDED'] } }, { orderBy: { version: 'desc' } });
  const row = rows.find((r) => r.publishedAt && r.publishedAt <= startedAt) ?? rows.find((r) => r.status === 'PUBLISHED');
  if (!row) return null;
  const doc = row.document as { schema?: Record<string, unknown>; uiSchema?: Record<string, unknown> };
  return { key, version: row.version, schema: doc.schema ?? {}, uiSchema: doc.uiSchema ?? {} };
}

/**
 * One task as its inbox opens it: the list row, the node's field permissions, the start form, the
 * 退回 targets and the linked order's explanation. The assignee and the instance's readers see it;
 * anyone else gets 404 as for an id that does not exist.
 */
export async function inboxTask(ctx: AuthedContext, taskId: string, now = new Date()) {
  const row = await ctx.em.findOne(WorkflowTask, { id: taskId }, { populate: ['instance'] });
  if (!row) throw new AppError('CF_ERR_NOT_FOUND');
  if (row.assignee.id !== ctx.user.id) await findReadableInstance(ctx, row.instance.id);
  return detailOf(ctx, row.instance, row, now);
}

/** An instance opened from 我发起的 or 抄送我: the same view without a task to act on. */
export async function inboxInstance(ctx: AuthedContext, instanceId: string, now = new Date()) {
  return detailOf(ctx, await findReadableInstance(ctx, instanceId), null, now);
}

async function detailOf(ctx: AuthedContext, instance: InstanceRow, row: TaskRow | null, now: Date) {
  const state = instance.state as FlowState;
  const look = await RowLookups.load(ctx, [instance]);
  const def = await look.definition(instance.definitionKey, instance.definitionVersion);
  const task = row ? state.tasks.find((t) => t.id === row.taskKey) : undefined;
  if (!def || (row && !task)) throw new AppError('CF_ERR_NOT_FOUND');
  const order = await ctx.em.findOne(Order, { workflowInstance: instance.id });
  return {
    row: await toRow(ctx, look, instance, row, now),
    kind: task?.kind ?? null,
    assignee: task?.assignee ?? null,
    fieldPermissions: task?.fieldPermissions ?? {},
    form: await startForm(ctx, def, instance.createdAt),
    returnTargets: task ? returnTargetsOf(state, def, task) : [],
    nodeNames: Object.fromEntries(def.nodes.map((n) => [n.id, (n.name as Localized | undefined) ?? { zh: n.id, en: n.id }])),
    order: order ? {
      id: order.id, orderNo: order.orderNo, status: order.status, orderAmount: formatMoney(new Dec(order.orderAmount)),
      rebateOffset: formatMoney(new Dec(order.rebateOffset)), payableAmount: formatMoney(new Dec(order.payableAmount)), explanation: order.explanation,
    } : null,
  };
}

/** The tenant's people for naming actors and choosing a 转交 or 加签 target: no contact details. */
export async function inboxUsers(ctx: AuthedContext) {
  const rows = await tenantSql(ctx)<{ id: string; login: string; display_name: string; status: string; dealer_code: string | null; roles: { role: string; region: string | null; name: Localized }[] }[]>(
    `select u.id, u.login, u.display_name, u.status, d.code as dealer_code,
            coalesce(json_agg(json_build_object('role', r.code, 'region', ur.region_code, 'name', json_build_object('zh', r.name, 'en', coalesce(r.name_en, r.name))))
              filter (where r.code is not null), '[]') as roles
       from app_user u left join dealer d on d.id = u.dealer_id
       left join user_role ur on ur.user_id = u.id left join role r on r.id = ur.role_id
      where u.tenant_id = :tenant group by u.id, d.code order by u.login`,
  );
  return rows.map((u) => ({ id: u.id, login: u.login, displayName: u.display_name, active: u.status === 'ACTIVE', dealerCode: u.dealer_code, roles: u.roles }));
}
