import { createHash, randomUUID } from 'node:crypto';
import type { FlowEffect, FlowEvent, FlowState, Incident, Json, Task } from '../../rules/flow/index.js';
import type { ActionNodeTypeId } from '../../schemas/flow/node-types.js';
import type { CommandTransaction, Statement } from './command-transaction.js';
import { ACTION_QUEUE, TIMER_QUEUE, WEBHOOK_QUEUE, type WorkflowRuntime } from './workflow-runtime.js';
import { bindTenant } from '../db/tenant-sql.js';

/** The instance row being written, as read under its lock (or about to be created). */
export interface InstanceHead {
  id: string;
  tenantId: string;
  eventCount: number;
}

/** A new instance: its row is inserted with the state after its start command. */
export interface NewInstance {
  definitionKey: string;
  definitionVersion: number;
  initiatorId: string;
  dealerId: string | null;
  idempotencyKey: string;
  /** What the start asked for (workflow key, business object, request), hashed: a replayed key must carry the same. */
  requestHash: string;
  createdAt: string;
}

const ENDED = new Set(['APPROVED', 'REJECTED', 'CANCELLED']);
const OPEN_TASK = new Set(['PENDING', 'WAITING']);

/**
 * The pg-boss job id of one SLA timer of one instance: a UUID derived from both (RFC 4122 version 5
 * layout over SHA-1), so the command that cancels a timer can name its job without having stored it.
 */
export function timerJobId(instanceId: string, timerId: string): string {
  const h = createHash('sha1').update(`${instanceId}/${timerId}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** Tasks and incidents the command touched (the machine copies the state, so compare by content). */
function changed<T extends { id: string }>(before: readonly T[], after: readonly T[]): T[] {
  if (before.length === 0) return [...after];
  const old = new Map(before.map((x) => [x.id, JSON.stringify(x)]));
  return after.filter((x) => old.get(x.id) !== JSON.stringify(x));
}

/** One multi-row insert: `rows` of equal length, `casts` per column ('' or '::jsonb'); null when there is nothing to insert. */
function insertRows(table: string, columns: string[], rows: unknown[][], tail = '', casts: string[] = []): Statement | null {
  if (rows.length === 0) return null;
  const tuple = `(${columns.map((_, i) => `?${casts[i] ?? ''}`).join(', ')})`;
  return {
    sql: `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${rows.map(() => tuple).join(', ')} ${tail}`,
    params: rows.flat(),
  };
}

/** Several writes as one statement (data-modifying CTEs): one round trip instead of one each. */
function combine(statements: (Statement | null)[]): Statement | null {
  const list = statements.filter((x): x is Statement => x !== null);
  if (list.length === 0) return null;
  return { sql: `with ${list.map((st, i) => `w${i} as (${st.sql})`).join(', ')} select 1`, params: list.flatMap((st) => st.params) };
}

function taskRow(head: InstanceHead, t: Task, now: string): unknown[] {
  const completedAt = OPEN_TASK.has(t.status) ? null : t.decidedAt ?? now;
  return [randomUUID(), head.tenantId, head.id, t.id, t.nodeId, t.assignee, t.status, t.dueAt ?? null, t.createdAt, completedAt];
}

function incidentRow(head: InstanceHead, i: Incident, now: string): unknown[] {
  return [randomUUID(), head.tenantId, head.id, i.id, i.nodeId, i.code, i.message.slice(0, 1000), i.status, i.at, i.status === 'OPEN' ? null : now];
}

function instanceWrite(head: InstanceHead, state: FlowState, eventCount: number, now: string, created: NewInstance | undefined): Statement {
  const endedAt = ENDED.has(state.status) ? state.endedAt ?? now : null;
  if (!created) {
    return bindTenant(
      'update workflow_instance set state = ?::jsonb, version = ?, status = ?, event_count = ?, updated_at = ?, ended_at = ? where id = ? and tenant_id = :tenant',
      head.tenantId, [JSON.stringify(state), state.version, state.status, eventCount, now, endedAt, head.id],
    );
  }
  return {
    sql: `insert into workflow_instance (id, tenant_id, definition_key, definition_version, status, state, version, event_count, initiator_id, dealer_id, idempotency_key, request_hash, created_at, updated_at, ended_at)
          values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    params: [head.id, head.tenantId, created.definitionKey, created.definitionVersion, state.status, JSON.stringify(state), state.version, eventCount,
      created.initiatorId, created.dealerId, created.idempotencyKey, created.requestHash, created.createdAt, now, endedAt],
  };
}

function notificationsOf(head: InstanceHead, effects: FlowEffect[], now: string): unknown[][] {
  return effects.flatMap((e) => e.type === 'notify'
    ? e.users.map((user) => [randomUUID(), head.tenantId, head.id, user, e.kind, e.taskId ?? null, e.nodeId ?? null, now])
    : []);
}

/**
 * Writes one accepted command inside its transaction. The job queue's rows (SLA timers added and
 * removed, webhook deliveries) go through pg-boss on the same transaction now, one statement each
 * kind; everything else — state and version (or the new instance row), timeline events, the
 * task/CC/incident projections, notifications and outbox rows — is returned as ONE statement for
 * the caller to send with its commit. A rollback leaves none of it.
 */
export async function persistStep(
  rt: WorkflowRuntime, tx: CommandTransaction, head: InstanceHead, before: FlowState, state: FlowState, events: FlowEvent[], effects: FlowEffect[], now: string,
  created?: NewInstance,
): Promise<Statement> {
  const outbox = await enqueueJobs(rt, tx, head, effects);
  const cc = events.flatMap((e) => e.type === 'ccAdded' ? e.data.users.map((u) => [randomUUID(), head.tenantId, head.id, u, e.data.nodeId, e.at]) : []);
  return combine([
    instanceWrite(head, state, head.eventCount + events.length, now, created),
    insertRows('workflow_event', ['id', 'tenant_id', 'instance_id', 'sequence', 'type', 'actor', 'at', 'data'],
      events.map((e, i) => [randomUUID(), head.tenantId, head.id, head.eventCount + i + 1, e.type, e.actor, e.at, JSON.stringify(e.data)]),
      '', ['', '', '', '', '', '', '', '::jsonb']),
    insertRows('workflow_task', ['id', 'tenant_id', 'instance_id', 'task_key', 'node_id', 'assignee_id', 'status', 'due_at', 'created_at', 'completed_at'],
      changed(before.tasks, state.tasks).map((t) => taskRow(head, t, now)),
      'on conflict ("instance_id", "task_key") do update set "assignee_id" = excluded."assignee_id", "status" = excluded."status", "due_at" = excluded."due_at", "completed_at" = excluded."completed_at"',
      ['', '', '', '', '', '', '', '::timestamptz', '::timestamptz', '::timestamptz']),
    insertRows('workflow_incident', ['id', 'tenant_id', 'instance_id', 'incident_key', 'node_id', 'code', 'message', 'status', 'created_at', 'resolved_at'],
      changed(before.incidents, state.incidents).map((i) => incidentRow(head, i, now)),
      'on conflict ("instance_id", "incident_key") do update set "status" = excluded."status", "resolved_at" = excluded."resolved_at"',
      ['', '', '', '', '', '', '', '', '::timestamptz', '::timestamptz']),
    insertRows('workflow_cc', ['id', 'tenant_id', 'instance_id', 'user_id', 'node_id', 'created_at'], cc, 'on conflict do nothing'),
    insertRows('workflow_notification', ['id', 'tenant_id', 'instance_id', 'user_id', 'kind', 'task_key', 'node_id', 'created_at'], notificationsOf(head, effects, now)),
    insertRows('workflow_outbox', ['id', 'tenant_id', 'instance_id', 'call_key', 'node_id', 'attempt', 'url', 'method', 'secret_ref', 'body', 'idempotency_key', 'status', 'created_at'],
      outbox.map((o) => [o.id, head.tenantId, head.id, o.call.callId, o.call.nodeId, o.call.attempt, o.call.url, o.call.method, o.call.secretRef, JSON.stringify(o.call.body), o.call.idempotencyKey, 'PENDING', now]),
      'on conflict do nothing', ['', '', '', '', '', '', '', '', '', '::jsonb']),
  ])!;
}

/**
 * The effects that live in pg-boss, through the command's transaction: new SLA timers (a job id
 * derived from instance and timer, so a replay inserts nothing and a cancel can find it), timers
 * the machine dropped (their jobs deleted: a decided task or an ended instance leaves nothing
 * queued), one delivery job per webhook call, whose outbox rows the caller writes, and one job per
 * action attempt.
 */
async function enqueueJobs(rt: WorkflowRuntime, tx: CommandTransaction, head: InstanceHead, effects: FlowEffect[]) {
  const schedule = effects.flatMap((e) => (e.type === 'scheduleTimer' ? [e] : []));
  if (schedule.length > 0) {
    await rt.boss.insert(TIMER_QUEUE, schedule.map((e) => ({
      id: timerJobId(head.id, e.timerId),
      data: { tenantId: head.tenantId, instanceId: head.id, timerId: e.timerId },
      startAfter: rt.time.toRealTime(new Date(e.dueAt)),
      singletonKey: `${head.id}/${e.timerId}`,
    })), { db: tx.jobs });
  }
  const cancelled = effects.flatMap((e) => (e.type === 'cancelTimers' ? e.timerIds : []));
  if (cancelled.length > 0) {
    await rt.boss.deleteJob(TIMER_QUEUE, cancelled.map((id) => timerJobId(head.id, id)), { db: tx.jobs });
  }
  const outbox = effects.flatMap((call) => (call.type === 'callWebhook' ? [{ id: randomUUID(), call }] : []));
  if (outbox.length > 0) {
    await rt.boss.insert(WEBHOOK_QUEUE, outbox.map((o) => ({ data: { tenantId: head.tenantId, outboxId: o.id }, singletonKey: o.call.idempotencyKey })), { db: tx.jobs });
  }
  const actions = effects.flatMap((e) => (e.type === 'runAction' ? [e] : []));
  if (actions.length > 0) {
    await rt.boss.insert(ACTION_QUEUE, actions.map((a): { data: ActionJob; singletonKey: string } => ({
      data: { tenantId: head.tenantId, instanceId: head.id, callId: a.callId, nodeId: a.nodeId, action: a.action, inputs: a.inputs, attempt: a.attempt, idempotencyKey: a.idempotencyKey },
      singletonKey: `${a.idempotencyKey}:${a.attempt}`,
    })), { db: tx.jobs });
  }
  return outbox;
}

/** One attempt of an action node, queued in the command's transaction (the worker runs it in its own). */
export interface ActionJob {
  tenantId: string; instanceId: string; callId: string; nodeId: string; action: ActionNodeTypeId; inputs: Record<string, Json>;
  attempt: number; idempotencyKey: string;
}
