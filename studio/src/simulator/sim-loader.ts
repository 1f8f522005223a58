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

/** Where the region tree and the working calendars came from (they have no read route for business admins yet). */
export type TenantFilesSource = 'export' | 'imported' | 'missing';

export interface TenantFiles {
  regions: RegionNode[];
  calendars: WorkingCalendarDocument[];
}

const filesKey = (tenant: string) => `cf.sim.tenantFiles.${tenant}`;

export function importedTenantFiles(tenant: string): TenantFiles | null {
  try {
    const raw = localStorage.getItem(filesKey(tenant));
    return raw ? (JSON.parse(raw) as TenantFiles) : null;
  } catch {
    return null;
  }
}

/**
 * Reads files of the tenant's configuration bundle (tenant.json for the region tree,
 * calendars/*.json) and keeps what they hold for this tenant. Unknown files are ignored.
 */
export async function importTenantFiles(tenant: string, files: readonly File[]): Promise<TenantFiles> {
  const previous = importedTenantFiles(tenant) ?? { regions: [], calendars: [] };
  let regions = previous.regions;
  const calendars = new Map(previous.calendars.map((c) => [c.year, c]));
  for (const file of files) {
    const doc = JSON.parse(await file.text()) as { regions?: { code: string; parent: string | null }[]; year?: number; holidays?: unknown };
    if (Array.isArray(doc.regions)) regions = doc.regions.map((r) => ({ code: r.code, parent: r.parent ?? null }));
    else if (typeof doc.year === 'number' && Array.isArray(doc.holidays)) calendars.set(doc.year, doc as WorkingCalendarDocument);
  }
  const next = { regions, calendars: [...calendars.values()].sort((a, b) => a.year - b.year) };
  localStorage.setItem(filesKey(tenant), JSON.stringify(next));
  return next;
}

export function forgetTenantFiles(tenant: string): void {
  localStorage.removeItem(filesKey(tenant));
}

/** Regions and calendars from the exported bundle (deployers), else from files imported into this browser. */
async function loadTenantFiles(tenant: string, canExport: boolean): Promise<{ files: TenantFiles; source: TenantFilesSource }> {
  if (canExport) {
    const bundle = await apiGet<{ files: { path: string; content: string }[] }>('/api/config/export');
    const manifest = bundle.files.find((f) => f.path === 'tenant.json');
    const regions = manifest ? ((JSON.parse(manifest.content) as { regions?: RegionNode[] }).regions ?? []).map((r) => ({ code: r.code, parent: r.parent ?? null })) : [];
    const calendars = bundle.files.filter((f) => f.path.startsWith('calendars/')).map((f) => JSON.parse(f.content) as WorkingCalendarDocument);
    return { files: { regions, calendars }, source: 'export' };
  }
  const imported = importedTenantFiles(tenant);
  return imported ? { files: imported, source: 'imported' } : { files: { regions: [], calendars: [] }, source: 'missing' };
}

export interface LoadedTenant {
  tenant: Omit<SimTenant, 'ruleSets'>;
  /** Version lists of the rule sets the definition names (documents fetched on demand). */
  ruleSetVersions: VersionMeta[];
  filesSource: TenantFilesSource;
}

export async function loadTenant(def: FlowDefinition, tenantCode: string, canExport: boolean): Promise<LoadedTenant> {
  const keys = [...new Set(ruleSetRefs(def).map((r) => r.key))];
  const [users, dealers, files, versions] = await Promise.all([
    apiGet<UserView[]>('/api/users'),
    apiGet<DealerView[]>('/api/dealers'),
    loadTenantFiles(tenantCode, canExport),
    Promise.all(keys.map((k) => apiGet<VersionMeta[]>(`/api/rule-sets/${encodeURIComponent(k)}/versions`).catch(() => [] as VersionMeta[]))),
  ]);
  const dealerCode = new Map(dealers.map((d) => [d.id, d.code]));
  const simUsers: SimUser[] = users.map((u) => ({
    id: u.id, login: u.login, displayName: u.displayName, systemRoles: u.systemRoles, active: u.status === 'ACTIVE',
    roles: (u.roles ?? []).map((r) => ({ role: r.code, region: r.regionCode })), managerId: u.managerId ?? null,
    dealerCode: u.dealerId ? dealerCode.get(u.dealerId) ?? null : null,
  }));
  return { tenant: { users: simUsers, dealers, ...files.files }, ruleSetVersions: versions.flat(), filesSource: files.source };
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
