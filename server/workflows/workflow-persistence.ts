import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { fromKysely } from 'pg-boss';
import type { FlowEffect, FlowEvent, FlowState, Incident, Task } from '../../rules/flow/index.js';
import { TIMER_QUEUE, WEBHOOK_QUEUE, type WorkflowRuntime } from './workflow-runtime.js';

/** The instance row being written, as read under its lock. */
export interface InstanceHead {
  id: string;
  tenantId: string;
  eventCount: number;
}

const ENDED = new Set(['APPROVED', 'REJECTED', 'CANCELLED']);
const OPEN_TASK = new Set(['PENDING', 'WAITING']);

function changed<T extends { id: string }>(before: readonly T[], after: readonly T[]): T[] {
  const old = new Map(before.map((x) => [x.id, JSON.stringify(x)]));
  return after.filter((x) => old.get(x.id) !== JSON.stringify(x));
}

interface Statement { sql: string; params: unknown[] }

/** One multi-row insert: `rows` of equal length, `casts` per column ('' or '::jsonb'); null when there is nothing to insert. */
function insertRows(table: string, columns: string[], rows: unknown[][], tail = '', casts: string[] = []): Statement | null {
  if (rows.length === 0) return null;
  const tuple = `(${columns.map((_, i) => `?${casts[i] ?? ''}`).join(', ')})`;
  return {
    sql: `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${rows.map(() => tuple).join(', ')} ${tail}`,
    params: rows.flat(),
  };
}

/** Several writes as one statement (data-modifying CTEs): one round trip inside the transaction instead of one each. */
async function executeAll(tx: EntityManager, statements: (Statement | null)[]): Promise<void> {
  const list = statements.filter((x): x is Statement => x !== null);
  if (list.length === 0) return;
  await tx.execute(`with ${list.map((st, i) => `w${i} as (${st.sql})`).join(', ')} select 1`, list.flatMap((st) => st.params));
}

function taskRow(head: InstanceHead, t: Task, now: string): unknown[] {
  const completedAt = OPEN_TASK.has(t.status) ? null : t.decidedAt ?? now;
  return [randomUUID(), head.tenantId, head.id, t.id, t.nodeId, t.assignee, t.status, t.dueAt ?? null, t.createdAt, completedAt];
}

function incidentRow(head: InstanceHead, i: Incident, now: string): unknown[] {
  return [randomUUID(), head.tenantId, head.id, i.id, i.nodeId, i.code, i.message.slice(0, 1000), i.status, i.at, i.status === 'OPEN' ? null : now];
}

/**
 * Writes one accepted command inside its transaction: the new state and version, the timeline
 * events, the task/CC/incident projections, and the effects (timer jobs and outbox rows through
 * the same transaction, so a rollback leaves none of them).
 */
export async function persistStep(
  rt: WorkflowRuntime, tx: EntityManager, head: InstanceHead, before: FlowState, state: FlowState, events: FlowEvent[], effects: FlowEffect[], now: string,
): Promise<void> {
  const cc = events.flatMap((e) => e.type === 'ccAdded' ? e.data.users.map((u) => [randomUUID(), head.tenantId, head.id, u, e.data.nodeId, e.at]) : []);
  await executeAll(tx, [
    {
      sql: 'update workflow_instance set state = ?::jsonb, version = ?, status = ?, event_count = ?, updated_at = ?, ended_at = ? where id = ? and tenant_id = ?',
      params: [JSON.stringify(state), state.version, state.status, head.eventCount + events.length, now, ENDED.has(state.status) ? state.endedAt ?? now : null, head.id, head.tenantId],
    },
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
  ]);
  await performEffects(rt, tx, head, effects, now);
}

function notificationsOf(head: InstanceHead, effects: FlowEffect[], now: string): unknown[][] {
  return effects.flatMap((e) => e.type === 'notify'
    ? e.users.map((user) => [randomUUID(), head.tenantId, head.id, user, e.kind, e.taskId ?? null, e.nodeId ?? null, now])
    : []);
}

async function performEffects(rt: WorkflowRuntime, tx: EntityManager, head: InstanceHead, effects: FlowEffect[], now: string): Promise<void> {
  let db: ReturnType<typeof fromKysely> | undefined;
  const inTx = () => (db ??= fromKysely(tx.getKysely()));
  for (const effect of effects) {
    switch (effect.type) {
      case 'scheduleTimer':
        // singletonKey: a timer is one job even if a command is replayed; a late or cancelled timer finds nothing to do.
        await rt.boss.send(TIMER_QUEUE, { tenantId: head.tenantId, instanceId: head.id, timerId: effect.timerId }, {
          startAfter: rt.time.toRealTime(new Date(effect.dueAt)), singletonKey: `${head.id}/${effect.timerId}`, db: inTx(),
        });
        break;
      case 'cancelTimers':
        // Jobs stay queued: the machine no longer wants those timers, so they fire as no-ops.
        break;
      case 'callWebhook': {
        const outboxId = randomUUID();
        await tx.execute(
          `insert into workflow_outbox (id, tenant_id, instance_id, call_key, node_id, attempt, url, method, secret_ref, body, idempotency_key, status, created_at)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, 'PENDING', ?) on conflict do nothing`,
          [outboxId, head.tenantId, head.id, effect.callId, effect.nodeId, effect.attempt, effect.url, effect.method, effect.secretRef, JSON.stringify(effect.body), effect.idempotencyKey, now],
        );
        await rt.boss.send(WEBHOOK_QUEUE, { tenantId: head.tenantId, outboxId }, { singletonKey: effect.idempotencyKey, db: inTx() });
        break;
      }
      case 'notify':
        // Written with the state above (same statement).
        break;
      case 'createIncident':
        // Projected from the state's incidents above (same transaction).
        break;
    }
  }
}
