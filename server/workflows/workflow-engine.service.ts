import { createHash, randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { FlowCommand, FlowDefinition, FlowEnv, FlowState, Json } from '../../rules/flow/index.js';
import { newFlowState, step } from '../../rules/flow/index.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { inCommandTransaction, type CommandTransaction, type Statement } from './command-transaction.js';
import { DIRECTORY_STAMP_SQL, loadDefinition, loadFlowEnv, publishedVersion, type EngineContext } from './workflow-env.service.js';
import { persistStep } from './workflow-persistence.js';
import type { WorkflowRuntime } from './workflow-runtime.js';
import { bindTenant, tenantSql } from '../db/tenant-sql.js';

export interface CommandOutcome {
  instanceId: string;
  /** False when the command found nothing left to do (a duplicate, a late timer). */
  changed: boolean;
  state: FlowState;
}

interface LockedRow { state: FlowState; event_count: number; definition_key: string; definition_version: number; directory_stamp: string }

/** The definition version and directory stamp the machine's inputs were (or must be) loaded for. */
interface Basis { key: string; version: number; stamp: string }

/** What the machine reads besides the state, loaded before the transaction for one basis. */
interface Prepared extends Basis { def: FlowDefinition; env: FlowEnv }

/** The locked row shows another basis (the instance moved to another version, the directory changed): prepare again for it. */
interface Stale { stale: Basis }

const lockStatement = (ctx: EngineContext, instanceId: string): Statement => bindTenant(
  `select state, event_count, definition_key, definition_version, (${DIRECTORY_STAMP_SQL}) as directory_stamp
     from workflow_instance where id = ? and tenant_id = :tenant for update`,
  ctx.tenantId, [instanceId],
);

/**
 * Loads what a command on this instance will need, outside any transaction (the embedded database
 * is one session: a load waiting on another connection inside a transaction would wait on itself),
 * from the runtime's caches where it can: the pinned definition, compiled rule sets, the directory
 * under the basis given or last known. Null when the instance is not found here (the locked path then answers).
 */
async function prepare(rt: WorkflowRuntime, ctx: EngineContext, instanceId: string, basis?: Basis): Promise<Prepared | null> {
  let pin = basis ?? rt.pinnedDefinition(instanceId);
  let stamp = basis?.stamp ?? rt.directoryStamp(ctx.tenantId);
  if (!pin || stamp === undefined) {
    const [row] = await tenantSql(ctx)<{ definition_key: string; definition_version: number; directory_stamp: string }[]>(
      `select definition_key, definition_version, (${DIRECTORY_STAMP_SQL}) as directory_stamp from workflow_instance where id = ? and tenant_id = :tenant`,
      [instanceId],
    );
    if (!row) return null;
    pin = { key: row.definition_key, version: row.definition_version };
    stamp = row.directory_stamp;
  }
  rt.rememberPin(instanceId, { key: pin.key, version: pin.version });
  const def = await loadDefinition(rt, ctx, pin.key, pin.version);
  const env = await loadFlowEnv(rt, ctx, def, stamp);
  return { def, env, key: pin.key, version: pin.version, stamp };
}

/**
 * Runs one command on one instance as ONE transaction: lock the row (`for update`, reading the
 * directory's stamp in the same statement), step the pure machine, then write state, timeline,
 * projections and effects. What the machine reads is loaded before the transaction opens and
 * checked against the locked row; when the instance moved to another version or the directory
 * changed meanwhile, the transaction ends having written nothing and the command runs again on
 * inputs loaded for what the lock saw. A caller already inside a transaction (or a directory that
 * keeps changing) gets the path that loads everything through the transaction itself.
 */
export async function runCommand(rt: WorkflowRuntime, ctx: EngineContext, instanceId: string, command: FlowCommand): Promise<CommandOutcome> {
  if (!ctx.em.isInTransaction()) {
    let basis: Basis | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const prepared = await prepare(rt, ctx, instanceId, basis);
      if (!prepared) break;
      const outcome = await execute(rt, ctx, instanceId, command, prepared);
      if (!('stale' in outcome)) return outcome;
      basis = outcome.stale;
    }
  }
  return execute(rt, ctx, instanceId, command, null) as Promise<CommandOutcome>;
}

function execute(rt: WorkflowRuntime, ctx: EngineContext, instanceId: string, command: FlowCommand, prepared: Prepared | null): Promise<CommandOutcome | Stale> {
  return inCommandTransaction<CommandOutcome | Stale>(ctx.em, lockStatement(ctx, instanceId), async (rows, tx) => {
    const row = rows[0] as LockedRow | undefined;
    if (!row) throw new AppError('CF_ERR_NOT_FOUND');
    let def: FlowDefinition;
    let env: FlowEnv;
    if (prepared) {
      const seen = { key: row.definition_key, version: row.definition_version, stamp: row.directory_stamp };
      if (prepared.key !== seen.key || prepared.version !== seen.version || prepared.stamp !== seen.stamp) return { value: { stale: seen }, last: null };
      ({ def, env } = prepared);
    } else {
      ({ def, env } = await loadUnderLock(rt, ctx, tx, instanceId, row));
    }
    const now = rt.clock().toISOString();
    const result = step(def, row.state, command, now, env);
    if (result.state === row.state) return { value: { instanceId, changed: false, state: row.state }, last: null };
    const head = { id: instanceId, tenantId: ctx.tenantId, eventCount: row.event_count };
    const last = await persistStep(rt, tx, head, row.state, result.state, result.events, result.effects, now);
    if (tx.em && ENDED.has(result.state.status) && !ENDED.has(row.state.status)) await runEndHooks(rt, { em: tx.em, tenantId: ctx.tenantId }, def, instanceId, result.state);
    return { value: { instanceId, changed: true, state: result.state }, last };
  }, { orm: prepared === null || rt.needsEntityManager(prepared.def) });
}

const ENDED = new Set(['APPROVED', 'REJECTED', 'CANCELLED']);

/** The records an instance belongs to follow its end in the same transaction (an order becomes REJECTED with the instance). */
export async function runEndHooks(rt: WorkflowRuntime, ctx: EngineContext, def: FlowDefinition, instanceId: string, state: FlowState): Promise<void> {
  for (const hook of rt.endHooks) if (hook.definitionKeys.has(def.key)) await hook.onEnded(ctx, instanceId, state, rt.clock());
}

/** The definition and environment read through the transaction (the ORM path gives it an entity manager). */
async function loadUnderLock(rt: WorkflowRuntime, ctx: EngineContext, tx: CommandTransaction, instanceId: string, row: LockedRow) {
  const inTx: EngineContext = { em: tx.em!, tenantId: ctx.tenantId };
  rt.rememberPin(instanceId, { key: row.definition_key, version: row.definition_version });
  const def = await loadDefinition(rt, inTx, row.definition_key, row.definition_version);
  return { def, env: await loadFlowEnv(rt, inTx, def, row.directory_stamp) };
}

export interface StartRequest {
  definitionKey: string;
  variables: Record<string, Json>;
  idempotencyKey: string;
  /** The initiator's user id, and the dealer the instance belongs to (null for staff-only flows). */
  userId: string;
  dealerId: string | null;
  /**
   * What the start is about and what the caller asked, for the idempotency check: a replayed key
   * must name the same workflow, business object and request. Default: the dealer and the variables.
   */
  fingerprint?: { subject: string; request: Json };
  /** Runs before a new instance is created (never on a replay), on the definition it will be pinned to: throw to refuse the start. */
  checkStart?: (def: FlowDefinition) => Promise<void>;
}

export interface StartOutcome extends CommandOutcome {
  created: boolean;
}

/** JSON with object keys sorted at every level: the same request always gives the same text. */
function canonicalJson(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  return `{${Object.keys(value).sort().filter((k) => value[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
}

/** sha256 of workflow key, business object and normalized request: what an idempotency key stands for. */
function startRequestHash(req: StartRequest): string {
  const { subject, request } = req.fingerprint ?? { subject: req.dealerId ?? '', request: req.variables };
  return createHash('sha256').update(canonicalJson({ workflow: req.definitionKey, subject, request })).digest('hex');
}

interface KeyedRow { id: string; request_hash: string | null; state: FlowState }

/**
 * An idempotency key's scope: the tenant, the caller (initiator) and the workflow. Another caller's
 * identical key is another scope, so a key can never be pre-claimed for someone else.
 */
interface IdempotencyScope { initiatorId: string; definitionKey: string; idempotencyKey: string }

/** The instance started in this scope, if any (at most one: the unique constraint on the same columns). */
async function findByIdempotencyScope(ctx: EngineContext, scope: IdempotencyScope): Promise<KeyedRow | undefined> {
  const [row] = await tenantSql(ctx)<KeyedRow[]>(
    'select id, request_hash, state from workflow_instance where tenant_id = :tenant and initiator_id = ? and definition_key = ? and idempotency_key = ?',
    [scope.initiatorId, scope.definitionKey, scope.idempotencyKey],
  );
  return row;
}

function scopeOf(req: StartRequest): IdempotencyScope {
  return { initiatorId: req.userId, definitionKey: req.definitionKey, idempotencyKey: req.idempotencyKey };
}

/**
 * The instance this caller's key already started for this workflow, answered again only for the
 * same request (the same business object and body; a row started before fingerprints were kept is
 * answered on the scope alone). Another request reusing the key is refused: a key never hands one
 * request's instance to another.
 */
function replay(row: KeyedRow, req: StartRequest, requestHash: string): StartOutcome {
  if (row.request_hash !== null && row.request_hash !== requestHash) {
    throw new AppError('FLW_ERR_IDEMPOTENCY_KEY_REUSED', { idempotencyKey: req.idempotencyKey });
  }
  return { instanceId: row.id, changed: false, created: false, state: row.state };
}

/**
 * Starts an instance of the published version; the same caller's idempotency key for the same
 * workflow returns the instance it started. The directory is the cached one while its stamp (read now) holds. The new row is
 * written with its state after the start command, with its timeline and tasks, in one statement.
 */
export async function startInstance(rt: WorkflowRuntime, ctx: EngineContext, req: StartRequest): Promise<StartOutcome> {
  const requestHash = startRequestHash(req);
  const existing = await findByIdempotencyScope(ctx, scopeOf(req));
  if (existing) return replay(existing, req, requestHash);
  const version = await publishedVersion(ctx, req.definitionKey);
  const def = await loadDefinition(rt, ctx, req.definitionKey, version);
  if (req.checkStart) await req.checkStart(def);
  const [{ stamp }] = await tenantSql(ctx)<{ stamp: string }[]>(`select (${DIRECTORY_STAMP_SQL}) as stamp`);
  const env = await loadFlowEnv(rt, ctx, def, stamp);
  const id = randomUUID();
  const initial = newFlowState(id, req.definitionKey, version);
  const now = rt.clock().toISOString();
  const result = step(def, initial, { type: 'start', actor: req.userId, idempotencyKey: req.idempotencyKey, variables: req.variables }, now, env);
  const head = { id, tenantId: ctx.tenantId, eventCount: 0 };
  const created = { definitionKey: req.definitionKey, definitionVersion: version, initiatorId: req.userId, dealerId: req.dealerId, idempotencyKey: req.idempotencyKey, requestHash, createdAt: now };
  try {
    await inCommandTransaction(ctx.em, { sql: 'select 1', params: [] }, async (_rows, tx) => ({
      value: undefined,
      last: await persistStep(rt, tx, head, initial, result.state, result.events, result.effects, now, created),
    }));
  } catch (e) {
    if (!(e instanceof UniqueConstraintViolationException)) throw e;
    // Two identical starts at once: the loser reads the winner's instance and replays it.
    const raced = await findByIdempotencyScope(ctx, scopeOf(req));
    if (!raced) throw e;
    return replay(raced, req, requestHash);
  }
  rt.rememberPin(id, { key: req.definitionKey, version });
  return { instanceId: id, changed: true, created: true, state: result.state };
}
