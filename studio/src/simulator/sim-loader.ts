import type { RegionNode, RuleSetDocument } from '../../../rules/index';
import type { FlowDefinition, WorkingCalendarDocument } from '../../../rules/flow/index';
import { apiGet } from '../api/client';
import type { SimDealer, SimRuleSetVersion, SimTenant, SimUser } from './session/sim-env';
import { ruleSetRefs, resolveRuleSetVersion, shanghaiDate } from './session/sim-env';

export interface DefinitionVersion {
  version: number;
  status: string;
  name: { zh?: string; en?: string };
  publishedAt: string | null;
  document: FlowDefinition;
}

/** Every version of a workflow (the draft first when there is one), documents included. */
export async function loadDefinitionVersions(key: string): Promise<DefinitionVersion[]> {
  const rows = await apiGet<(Omit<DefinitionVersion, 'document'> & { document: Omit<FlowDefinition, 'version'> })[]>(`/api/workflows/${encodeURIComponent(key)}/versions`);
  return rows.map((r) => ({ ...r, document: { ...r.document, version: r.version } as FlowDefinition }));
}

interface UserView { id: string; login: string; displayName: string; systemRoles: string[]; roles?: { code: string; regionCode: string | null }[]; dealerId: string | null; managerId?: string | null; status: string }
interface DealerView extends SimDealer { id: string }
interface VersionMeta { key: string; version: number; status: string; effectiveFrom: string | null; effectiveTo: string | null }

export interface TenantFiles {
  regions: RegionNode[];
  calendars: WorkingCalendarDocument[];
}

/** The region tree and the published working calendars, as the server's engine reads them. */
async function loadTenantFiles(): Promise<TenantFiles> {
  const [regions, calendars] = await Promise.all([
    apiGet<{ code: string; parent: string | null }[]>('/api/regions'),
    apiGet<{ document: WorkingCalendarDocument }[]>('/api/calendars'),
  ]);
  return {
    regions: regions.map((r) => ({ code: r.code, parent: r.parent })),
    calendars: calendars.map((c) => c.document).sort((a, b) => a.year - b.year),
  };
}

export interface LoadedTenant {
  tenant: Omit<SimTenant, 'ruleSets'>;
  /** Version lists of the rule sets the definition names (documents fetched on demand). */
  ruleSetVersions: VersionMeta[];
}

export async function loadTenant(def: FlowDefinition): Promise<LoadedTenant> {
  const keys = [...new Set(ruleSetRefs(def).map((r) => r.key))];
  const [users, dealers, files, versions] = await Promise.all([
    apiGet<UserView[]>('/api/users'),
    apiGet<DealerView[]>('/api/dealers'),
    loadTenantFiles(),
    Promise.all(keys.map((k) => apiGet<VersionMeta[]>(`/api/rule-sets/${encodeURIComponent(k)}/versions`).catch(() => [] as VersionMeta[]))),
  ]);
  const dealerCode = new Map(dealers.map((d) => [d.id, d.code]));
  const simUsers: SimUser[] = users.map((u) => ({
    id: u.id, login: u.login, displayName: u.displayName, systemRoles: u.systemRoles, active: u.status === 'ACTIVE',
    roles: (u.roles ?? []).map((r) => ({ role: r.code, region: r.regionCode })), managerId: u.managerId ?? null,
    dealerCode: u.dealerId ? dealerCode.get(u.dealerId) ?? null : null,
  }));
  return { tenant: { users: simUsers, dealers, ...files }, ruleSetVersions: versions.flat() };
}

/** Published rule-set documents already fetched (immutable), keyed `key@version`; one per page. */
export type RuleSetDocumentCache = Map<string, Promise<RuleSetDocument>>;

/** The rule-set versions in effect for a run starting at `startAt`, with their documents (fetched once each). */
export async function ruleSetsFor(def: FlowDefinition, versions: readonly VersionMeta[], startAt: string, documentCache: RuleSetDocumentCache): Promise<SimRuleSetVersion[]> {
  const metas = versions.map((v) => ({ ...v, document: undefined as unknown as RuleSetDocument }));
  const wanted = ruleSetRefs(def).map((ref) => resolveRuleSetVersion(metas, ref, shanghaiDate(startAt))).filter((v) => v !== undefined);
  return Promise.all(wanted.map(async (v) => {
    const id = `${v.key}@${v.version}`;
    if (!documentCache.has(id)) {
      documentCache.set(id, apiGet<{ document: RuleSetDocument }>(`/api/rule-sets/${encodeURIComponent(v.key)}/versions/${v.version}`).then((r) => r.document));
    }
    return { ...v, document: await documentCache.get(id)! };
  }));
}
