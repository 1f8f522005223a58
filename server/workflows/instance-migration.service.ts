import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FlowDefinition, FlowState, MigrationBlock, MigrationMove, MigrationPlan, NodeMapping } from '../../rules/flow/index.js';
import { checkNodeMapping, migrateInstanceState } from '../../rules/flow/index.js';
import { errorCodes } from '../../schemas/errors/index.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { ConfigDocumentVersion, WorkflowInstance } from '../entities/index.js';
import type { AuthedContext } from '../http/request-context.js';
import type { WorkflowRuntime } from './workflow-runtime.js';
import { tenantSql } from '../db/tenant-sql.js';

export interface MigrationRequest {
  fromVersion: number;
  toVersion: number;
  nodeMapping: NodeMapping;
  instanceIds?: readonly string[];
  skipBlocked?: boolean;
}

interface BlockedInstance {
  instanceId: string;
  status: string;
  definitionVersion: number;
  code: string;
  reason: string;
  nodeId?: string;
  problems: MigrationBlock[];
}

export interface MigrationReport {
  workflowKey: string;
  fromVersion: number;
  toVersion: number;
  dryRun: boolean;
  movable: { instanceId: string; moves: MigrationMove[] }[];
  blocked: BlockedInstance[];
  migrated: string[];
}

interface Versions { from: FlowDefinition; to: FlowDefinition; targetPublished: boolean }

/** Both versions of the definition; a mapping naming nodes neither has is a bad request (400, pointer per entry). */
async function loadVersions(ctx: AuthedContext, key: string, req: MigrationRequest): Promise<Versions> {
  if (req.fromVersion === req.toVersion) {
    throw new AppError('CF_ERR_VALIDATION', { problems: [{ in: 'body', pointer: '/toVersion', message: 'must differ from fromVersion' }] });
  }
  const rows = await ctx.em.find(ConfigDocumentVersion, { kind: 'workflow', key, version: { $in: [req.fromVersion, req.toVersion] } });
  const row = (version: number) => {
    const found = rows.find((r) => r.version === version);
    if (!found) throw new AppError('CF_ERR_NOT_FOUND', { workflow: key, version });
    return found;
  };
  const fromRow = row(req.fromVersion);
  const toRow = row(req.toVersion);
  const from = { ...fromRow.document, version: fromRow.version } as unknown as FlowDefinition;
  const to = { ...toRow.document, version: toRow.version } as unknown as FlowDefinition;
  const targetPublished = toRow.status !== 'DRAFT';
  if (targetPublished) {
    const problems = checkNodeMapping(from, to, req.nodeMapping);
    if (problems.length > 0) throw new AppError('CF_ERR_VALIDATION', { problems: problems.map((p) => ({ in: 'body', ...p })) });
  }
  return { from, to, targetPublished };
}

function planOne(ctx: AuthedContext, v: Versions, state: FlowState, mapping: NodeMapping): MigrationPlan {
  if (!v.targetPublished) {
    const message = `${errorCodes.FLW_ERR_MIGRATION_TARGET_NOT_PUBLISHED[ctx.locale === 'zh-CN' ? 'zh' : 'en']}: version ${v.to.version} is a draft`;
    return { ok: false, blocked: [{ code: 'FLW_ERR_MIGRATION_TARGET_NOT_PUBLISHED', message }] };
  }
  return migrateInstanceState(v.from, v.to, state, mapping, ctx.locale);
}

function toBlocked(row: { id: string; status: string; definitionVersion: number }, problems: MigrationBlock[]): BlockedInstance {
  const [first] = problems;
  return {
    instanceId: row.id, status: row.status, definitionVersion: row.definitionVersion,
    code: first.code, reason: first.message, ...(first.nodeId !== undefined ? { nodeId: first.nodeId } : {}), problems,
  };
}

/** The instances asked for (404 if one is not found in this tenant), else every running instance of fromVersion. */
async function instancesOf(ctx: AuthedContext, key: string, req: MigrationRequest) {
  if (!req.instanceIds) {
    return ctx.em.find(WorkflowInstance, { definitionKey: key, definitionVersion: req.fromVersion, status: 'RUNNING' }, { orderBy: { createdAt: 'asc' } });
  }
  const rows = await ctx.em.find(WorkflowInstance, { id: { $in: [...req.instanceIds] } }, { orderBy: { createdAt: 'asc' } });
  const missing = req.instanceIds.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length > 0) throw new AppError('CF_ERR_NOT_FOUND', { instanceIds: missing });
  return rows;
}

/** What moving the instances would do: where each token and open task lands, or why an instance cannot move. Changes nothing. */
export async function dryRunMigration(ctx: AuthedContext, key: string, req: MigrationRequest): Promise<MigrationReport> {
  const versions = await loadVersions(ctx, key, req);
  return reportFor(ctx, key, req, versions);
}

async function reportFor(ctx: AuthedContext, key: string, req: MigrationRequest, versions: Versions): Promise<MigrationReport> {
  const report: MigrationReport = { workflowKey: key, fromVersion: req.fromVersion, toVersion: req.toVersion, dryRun: true, movable: [], blocked: [], migrated: [] };
  for (const row of await instancesOf(ctx, key, req)) {
    const plan = planOne(ctx, versions, row.state, req.nodeMapping);
    if (plan.ok) report.movable.push({ instanceId: row.id, moves: plan.moves });
    else report.blocked.push(toBlocked(row, plan.blocked));
  }
  return report;
}

/**
 * Moves the instances, each in its own transaction under the engine's row lock
 * (`select … for update`), re-planned on the state read under that lock. Any blocked instance
 * refuses the whole request (422 with the report) unless `skipBlocked`. An instance that moved on
 * between the plan and its lock so that it no longer fits is reported blocked and left as it is.
 */
export async function applyMigration(rt: WorkflowRuntime, ctx: AuthedContext, key: string, req: MigrationRequest): Promise<MigrationReport> {
  const versions = await loadVersions(ctx, key, req);
  const planned = await reportFor(ctx, key, req, versions);
  const report: MigrationReport = { ...planned, dryRun: false };
  if (report.blocked.length > 0 && req.skipBlocked !== true) throw new AppError('FLW_ERR_MIGRATION_BLOCKED', { report });
  const movable = report.movable;
  report.movable = [];
  // The plan loaded every instance into this entity manager; each transaction would diff them all again on flush.
  ctx.em.clear();
  for (const { instanceId } of movable) {
    const outcome = await ctx.em.transactional((tx) => migrateLocked(rt, ctx, tx, instanceId, versions, req));
    if (outcome.plan.ok) {
      report.movable.push({ instanceId, moves: outcome.plan.moves });
      report.migrated.push(instanceId);
    } else report.blocked.push(toBlocked(outcome.row, outcome.plan.blocked));
  }
  return report;
}

interface LockedInstance { state: FlowState; event_count: number; status: string; definition_version: number }

async function migrateLocked(rt: WorkflowRuntime, ctx: AuthedContext, tx: EntityManager, instanceId: string, versions: Versions, req: MigrationRequest) {
  const sql = tenantSql({ em: tx, tenantId: ctx.tenantId });
  const [row] = await sql<LockedInstance[]>(
    'select state, event_count, status, definition_version from workflow_instance where id = ? and tenant_id = :tenant for update', [instanceId],
  );
  if (!row) throw new AppError('CF_ERR_NOT_FOUND', { instanceId });
  const plan = planOne(ctx, versions, row.state, req.nodeMapping);
  const head = { id: instanceId, status: row.status, definitionVersion: row.definition_version };
  if (!plan.ok) return { row: head, plan };
  const now = rt.clock().toISOString();
  const data = { fromVersion: req.fromVersion, toVersion: req.toVersion, nodeMapping: req.nodeMapping, moves: plan.moves };
  await sql(
    `with w0 as (update workflow_instance set state = ?::jsonb, version = ?, definition_version = ?, event_count = ?, updated_at = ? where id = ? and tenant_id = :tenant),
          w1 as (insert into workflow_event (id, tenant_id, instance_id, sequence, type, actor, at, data) values (?, :tenant, ?, ?, 'MIGRATED', ?, ?, ?::jsonb))
     select 1`,
    [JSON.stringify(plan.state), plan.state.version, req.toVersion, row.event_count + 1, now, instanceId,
      randomUUID(), instanceId, row.event_count + 1, ctx.user.id, now, JSON.stringify(data)],
  );
  await moveProjections(tx, ctx.tenantId, instanceId, row.state, plan.state);
  return { row: head, plan };
}

/** The task and incident projections follow their nodes' new ids. */
async function moveProjections(tx: EntityManager, tenantId: string, instanceId: string, before: FlowState, after: FlowState): Promise<void> {
  const renamed = <T extends { id: string; nodeId: string }>(old: readonly T[], now: readonly T[]) =>
    now.filter((x) => old.find((o) => o.id === x.id)?.nodeId !== x.nodeId).map((x) => [x.id, x.nodeId]);
  for (const [table, column, pairs] of [
    ['workflow_task', 'task_key', renamed(before.tasks, after.tasks)],
    ['workflow_incident', 'incident_key', renamed(before.incidents, after.incidents)],
  ] as const) {
    if (pairs.length === 0) continue;
    await tenantSql({ em: tx, tenantId })(
      `update "${table}" p set node_id = v.node_id from (values ${pairs.map(() => '(?, ?)').join(', ')}) as v(item_key, node_id)
        where p.instance_id = ? and p.tenant_id = :tenant and p."${column}" = v.item_key`,
      [...pairs.flat(), instanceId],
    );
  }
}
