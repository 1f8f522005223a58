import type { EntityManager } from '@mikro-orm/postgresql';
import { versionInEffect } from '../rule-sets/rule-set-in-effect.js';
import type { CompiledRuleSet, RegionNode, RuleSetDocument } from '../../rules/index.js';
import type { FlowDefinition, FlowEnv, WorkingCalendarDocument } from '../../rules/flow/index.js';
import { createFlowDirectory, createWorkingCalendar } from '../../rules/flow/index.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { shanghaiToday } from '../rule-sets/rule-set.service.js';
import type { WorkflowRuntime } from './workflow-runtime.js';
import { tenantSql } from '../db/tenant-sql.js';

/** What the engine needs of a caller: an entity manager and the tenant (a request's ctx, or one a job rebuilt). */
export interface EngineContext {
  em: EntityManager;
  tenantId: string;
}

/**
 * The tenant's people as the machine sees them: user ids, tenant roles with their regions, line
 * managers (for manager chains), tenant admins. Raw SQL with explicit tenant conditions (the hot
 * path of every command); read before the command's transaction opens, never inside it.
 */
async function loadDirectory(ctx: EngineContext) {
  const users = await tenantSql(ctx)<{ id: string; status: string; system_roles: string[]; manager_id: string | null; roles: { role: string; region: string | null }[] }[]>(
    `select u.id, u.status, u.system_roles, u.manager_id,
            coalesce(json_agg(json_build_object('role', r.code, 'region', ur.region_code)) filter (where r.code is not null), '[]') as roles
       from app_user u left join user_role ur on ur.user_id = u.id left join role r on r.id = ur.role_id
      where u.tenant_id = :tenant group by u.id`,
  );
  return createFlowDirectory({
    users: users.map((u) => ({ id: u.id, active: u.status === 'ACTIVE', roles: u.roles, managerId: u.manager_id })),
    tenantAdmins: users.filter((u) => u.system_roles.includes('TENANT_ADMIN')).map((u) => u.id),
  });
}

async function loadCalendar(ctx: EngineContext) {
  const rows = await tenantSql(ctx)<{ document: WorkingCalendarDocument }[]>(
    `select document from config_document_version where tenant_id = :tenant and kind = 'calendar' and status = 'PUBLISHED' order by key`,
  );
  return createWorkingCalendar(rows.map((r) => r.document).sort((a, b) => a.year - b.year));
}

async function loadRegions(ctx: EngineContext): Promise<RegionNode[]> {
  const rows = await tenantSql(ctx)<{ code: string; parent_code: string | null }[]>(
    'select code, parent_code from region where tenant_id = :tenant order by code',
  );
  return rows.map((r) => ({ code: r.code, parent: r.parent_code }));
}

/** The rule sets a definition's rule nodes name, resolved (asked-for version, else the one in effect today) in one query, and compiled. */
async function loadRuleSets(rt: WorkflowRuntime, ctx: EngineContext, def: FlowDefinition, regions: RegionNode[]) {
  const compiled = new Map<string, CompiledRuleSet>();
  const refs = def.nodes.flatMap((n) => (n.type === 'rule' ? [n.params.ruleSet] : []));
  if (refs.length === 0) return compiled;
  const today = shanghaiToday(rt.clock());
  const keys = [...new Set(refs.map((r) => r.key))];
  const rows = await tenantSql(ctx)<{ key: string; version: number; effective_from: string | null; effective_to: string | null }[]>(
    `select key, version, effective_from, effective_to from rule_set_version
      where tenant_id = :tenant and key in (${keys.map(() => '?').join(', ')}) and status <> 'DRAFT' order by version desc`,
    keys,
  );
  for (const { key, version } of refs) {
    const id = `${key}@${version ?? ''}`;
    if (compiled.has(id)) continue;
    const ofKey = rows.filter((r) => r.key === key);
    const row = version !== undefined
      ? ofKey.find((r) => r.version === version)
      : versionInEffect(ofKey.map((r) => ({ ...r, effectiveFrom: r.effective_from, effectiveTo: r.effective_to })), today);
    if (!row) continue; // the rule node raises an incident when it runs
    compiled.set(id, await rt.rules.get(ctx.tenantId, key, row.version, async () => {
      const [doc] = await tenantSql(ctx)<{ document: RuleSetDocument }[]>(
        'select document from rule_set_version where tenant_id = :tenant and key = ? and version = ?', [key, row.version],
      );
      return { document: doc.document, regions };
    }));
  }
  return compiled;
}

/**
 * A checksum of the tenant's users and role holdings (SQL with two `?` for the tenant id), read in
 * the same round trip as the instance lock: the directory is reloaded only when it changed.
 */
export const DIRECTORY_STAMP_SQL = `select count(*)::text || ':' || coalesce(sum(u.version), 0)::text || ':' || coalesce(max(u.updated_at)::text, '') || ':' ||
  (select count(*)::text || ':' || coalesce(sum(hashtext(ur.id::text || ur.role_id::text || coalesce(ur.region_code, ''))), 0)::text from user_role ur where ur.tenant_id = :tenant)
  from app_user u where u.tenant_id = :tenant`;

/**
 * Everything `step` may read, loaded up front so the machine stays synchronous and pure. With a
 * directory stamp, an unchanged directory comes from the runtime's cache.
 */
export async function loadFlowEnv(rt: WorkflowRuntime, ctx: EngineContext, def: FlowDefinition, directoryStamp?: string): Promise<FlowEnv> {
  // Calendars and regions change only by a deploy: a snapshot up to 30 s old. People and rule-set versions are read fresh.
  const { regions, calendar } = await rt.cached(`${ctx.tenantId}/calendar+regions`, 30_000, async () => ({ regions: await loadRegions(ctx), calendar: await loadCalendar(ctx) }));
  const directory = directoryStamp !== undefined ? await rt.cachedDirectory(ctx.tenantId, directoryStamp, () => loadDirectory(ctx)) : await loadDirectory(ctx);
  const ruleSets = await loadRuleSets(rt, ctx, def, regions);
  return {
    directory,
    calendar,
    regions,
    evaluateRule(key, version, inputs) {
      const rs = ruleSets.get(`${key}@${version ?? ''}`);
      if (!rs) throw new AppError('CF_ERR_NOT_FOUND', { ruleSet: key, version: version ?? null });
      const r = rs.evaluate(inputs, { explain: true });
      return { outputs: r.outputs, trace: r.trace ?? [], version: r.version ?? rs.version ?? null };
    },
  };
}

/** A published (or older) version of a workflow definition; immutable, so cached per process. */
export async function loadDefinition(rt: WorkflowRuntime, ctx: EngineContext, key: string, version: number): Promise<FlowDefinition> {
  return rt.cachedDefinition(ctx.tenantId, key, version, async () => {
    const [row] = await tenantSql(ctx)<{ document: FlowDefinition }[]>(
      `select document from config_document_version where tenant_id = :tenant and kind = 'workflow' and key = ? and version = ? and status <> 'DRAFT'`,
      [key, version],
    );
    if (!row) throw new AppError('CF_ERR_NOT_FOUND', { workflow: key, version });
    return { ...row.document, version };
  });
}

/** The published version of a workflow, which new instances are pinned to. */
export async function publishedVersion(ctx: EngineContext, key: string): Promise<number> {
  const [row] = await tenantSql(ctx)<{ version: number }[]>(
    `select version from config_document_version where tenant_id = :tenant and kind = 'workflow' and key = ? and status = 'PUBLISHED'`, [key],
  );
  if (!row) throw new AppError('CF_ERR_NOT_FOUND', { workflow: key });
  return row.version;
}
