import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { FlowCommand, FlowState, Json } from '../../rules/flow/index.js';
import { newFlowState, step } from '../../rules/flow/index.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { DIRECTORY_STAMP_SQL, loadDefinition, loadFlowEnv, publishedVersion, type EngineContext } from './workflow-env.service.js';
import { persistStep } from './workflow-persistence.js';
import type { WorkflowRuntime } from './workflow-runtime.js';

export interface CommandOutcome {
  instanceId: string;
  /** False when the command found nothing left to do (a duplicate, a late timer). */
  changed: boolean;
  state: FlowState;
}

interface LockedRow { state: FlowState; event_count: number; definition_key: string; definition_version: number; directory_stamp: string }

/**
 * Runs one command on one instance as ONE transaction: lock the row (`for update`, through the
 * transaction's own connection, which also reads the directory's stamp), load what the machine
 * needs through the same transaction (cached: the pinned definition, compiled rule sets, the
 * directory while its stamp holds), step the pure machine, then write state, timeline,
 * projections and effects. Nothing inside waits on another connection.
 */
export async function runCommand(rt: WorkflowRuntime, ctx: EngineContext, instanceId: string, command: FlowCommand): Promise<CommandOutcome> {
  return ctx.em.transactional(async (tx) => {
    const [row] = await tx.execute<LockedRow[]>(
      `select state, event_count, definition_key, definition_version, (${DIRECTORY_STAMP_SQL}) as directory_stamp
         from workflow_instance where id = ? and tenant_id = ? for update`,
      [ctx.tenantId, ctx.tenantId, instanceId, ctx.tenantId],
    );
    if (!row) throw new AppError('CF_ERR_NOT_FOUND');
    const inTx: EngineContext = { em: tx, tenantId: ctx.tenantId };
    const def = await loadDefinition(rt, inTx, row.definition_key, row.definition_version);
    const env = await loadFlowEnv(rt, inTx, def, row.directory_stamp);
    const now = rt.clock().toISOString();
    const result = step(def, row.state, command, now, env);
    if (result.state === row.state) return { instanceId, changed: false, state: row.state };
    await persistStep(rt, tx, { id: instanceId, tenantId: ctx.tenantId, eventCount: row.event_count }, row.state, result.state, result.events, result.effects, now);
    return { instanceId, changed: true, state: result.state };
  });
}

export interface StartRequest {
  definitionKey: string;
  variables: Record<string, Json>;
  idempotencyKey: string;
  /** The initiator's user id, and the dealer the instance belongs to (null for staff-only flows). */
  userId: string;
  dealerId: string | null;
}

export interface StartOutcome extends CommandOutcome {
  created: boolean;
}

async function findByKey(ctx: EngineContext, key: string) {
  const [row] = await ctx.em.getConnection().execute<{ id: string; initiator_id: string; state: FlowState }[]>(
    'select id, initiator_id, state from workflow_instance where tenant_id = ? and idempotency_key = ?', [ctx.tenantId, key],
  );
  return row;
}

function replay(row: { id: string; initiator_id: string; state: FlowState }, userId: string): StartOutcome {
  // An idempotency key names one start of one person; another's key is a conflict, not their instance.
  if (row.initiator_id !== userId) throw new AppError('CF_ERR_CONFLICT', { idempotencyKey: row.state.idempotencyKey });
  return { instanceId: row.id, changed: false, created: false, state: row.state };
}

/** Starts an instance of the published version; the same idempotency key returns the instance it started. */
export async function startInstance(rt: WorkflowRuntime, ctx: EngineContext, req: StartRequest): Promise<StartOutcome> {
  const existing = await findByKey(ctx, req.idempotencyKey);
  if (existing) return replay(existing, req.userId);
  const version = await publishedVersion(ctx, req.definitionKey);
  const def = await loadDefinition(rt, ctx, req.definitionKey, version);
  const env = await loadFlowEnv(rt, ctx, def);
  const id = randomUUID();
  const initial = newFlowState(id, req.definitionKey, version);
  const now = rt.clock().toISOString();
  const result = step(def, initial, { type: 'start', actor: req.userId, idempotencyKey: req.idempotencyKey, variables: req.variables }, now, env);
  try {
    await ctx.em.transactional(async (tx) => {
      await tx.execute(
        `insert into workflow_instance (id, tenant_id, definition_key, definition_version, status, state, version, event_count, initiator_id, dealer_id, idempotency_key, created_at, updated_at)
         values (?, ?, ?, ?, 'NEW', ?::jsonb, 0, 0, ?, ?, ?, ?, ?)`,
        [id, ctx.tenantId, req.definitionKey, version, JSON.stringify(initial), req.userId, req.dealerId, req.idempotencyKey, now, now],
      );
      await persistStep(rt, tx, { id, tenantId: ctx.tenantId, eventCount: 0 }, initial, result.state, result.events, result.effects, now);
    });
  } catch (e) {
    if (!(e instanceof UniqueConstraintViolationException)) throw e;
    const raced = await findByKey(ctx, req.idempotencyKey);
    if (!raced) throw e;
    return replay(raced, req.userId);
  }
  return { instanceId: id, changed: true, created: true, state: result.state };
}
