import type { CompiledRuleSet, RegionNode, RuleSetDocument } from '../../../../rules/index';
import { compileRuleSet } from '../../../../rules/index';
import type { DirectoryUser, FlowDefinition, FlowEnv, WorkingCalendarDocument } from '../../../../rules/flow/index';
import { createFlowDirectory, createWorkingCalendar } from '../../../../rules/flow/index';
import { AppError } from '../../../../schemas/errors/app-error';

/** A person of the tenant as the simulator shows and resolves them. */
export interface SimUser extends DirectoryUser {
  login: string;
  displayName: string;
  systemRoles: string[];
  /** The dealer a DEALER_USER is bound to (its code). */
  dealerCode?: string | null;
}

export interface SimDealer {
  id?: string;
  code: string;
  name: string;
  status: string;
  tier: string;
  homeRegion: string;
  authorizedRegions: string[];
  customFields?: Record<string, unknown>;
}

/** One stored version of a rule set, as the versions API lists it (with its document once fetched). */
export interface SimRuleSetVersion {
  key: string;
  version: number;
  status: string;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  document: RuleSetDocument;
}

/** Everything of the tenant the machine reads, as plain data: what the server's loadFlowEnv loads from the database. */
export interface SimTenant {
  users: SimUser[];
  dealers: SimDealer[];
  regions: RegionNode[];
  calendars: WorkingCalendarDocument[];
  /** Non-draft versions of the rule sets the definition's rule nodes name. */
  ruleSets: SimRuleSetVersion[];
}

/** The rule nodes' references, `{ key, version? }`, without duplicates. */
export function ruleSetRefs(def: FlowDefinition): { key: string; version?: number }[] {
  const seen = new Map<string, { key: string; version?: number }>();
  for (const n of def.nodes) if (n.type === 'rule') seen.set(`${n.params.ruleSet.key}@${n.params.ruleSet.version ?? ''}`, n.params.ruleSet);
  return [...seen.values()];
}

/**
 * The version a reference resolves to, as the server resolves it: the asked-for version, else the
 * newest non-draft version in effect on `date` (YYYY-MM-DD, Asia/Shanghai).
 */
export function resolveRuleSetVersion(versions: readonly SimRuleSetVersion[], ref: { key: string; version?: number }, date: string): SimRuleSetVersion | undefined {
  const ofKey = versions.filter((v) => v.key === ref.key && v.status !== 'DRAFT').sort((a, b) => b.version - a.version);
  if (ref.version !== undefined) return ofKey.find((v) => v.version === ref.version);
  return ofKey.find((v) => (!v.effectiveFrom || v.effectiveFrom <= date) && (!v.effectiveTo || v.effectiveTo >= date));
}

/** YYYY-MM-DD of an ISO instant in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiDate(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The FlowEnv the server's loadFlowEnv builds, from plain data: the directory, the calendar, the
 * region tree and the referenced rule sets compiled in the browser (resolved for the start date).
 */
export function buildSimEnv(def: FlowDefinition, tenant: SimTenant, startAt: string): FlowEnv {
  const directory = createFlowDirectory({
    users: tenant.users,
    tenantAdmins: tenant.users.filter((u) => u.systemRoles.includes('TENANT_ADMIN')).map((u) => u.id),
  });
  const calendar = createWorkingCalendar([...tenant.calendars].sort((a, b) => a.year - b.year));
  const compiled = new Map<string, CompiledRuleSet>();
  const date = shanghaiDate(startAt);
  for (const ref of ruleSetRefs(def)) {
    const found = resolveRuleSetVersion(tenant.ruleSets, ref, date);
    if (found) compiled.set(`${ref.key}@${ref.version ?? ''}`, compileRuleSet(found.document, { regions: tenant.regions, version: found.version }));
  }
  return {
    directory,
    calendar,
    regions: tenant.regions,
    evaluateRule(key, version, inputs) {
      const rs = compiled.get(`${key}@${version ?? ''}`);
      if (!rs) throw new AppError('CF_ERR_NOT_FOUND', { ruleSet: key, version: version ?? null });
      const r = rs.evaluate(inputs, { explain: true });
      return { outputs: r.outputs, trace: r.trace ?? [], version: r.version ?? rs.version ?? null };
    },
  };
}
