import type { EntityManager } from '@mikro-orm/postgresql';
import type { FromSchema } from 'json-schema-to-ts';
import type { TenantVocabulary } from '../../schemas/api/vocabulary.schema.js';
import { ConfigDocumentVersion, Role, RuleSetVersion, Tenant } from '../entities/index.js';

export type Vocabulary = FromSchema<typeof TenantVocabulary>;
export type Words = { zh: string; en: string };
export type TierWord = { code: string; label: Words };

/** What a deploy leaves in tenant.settings (the lead's extensionPoints and targets are read loosely). */
interface Settings {
  dictionaries?: Record<string, unknown>;
  customFields?: Record<string, Record<string, unknown>>;
  extensionPoints?: Record<string, unknown>;
  targets?: Record<string, unknown>;
}

const settingsOf = (tenant: { settings?: unknown }): Settings => (tenant.settings ?? {}) as Settings;

/** The dealerTier dictionary's items, best first; a missing label falls back to the code. */
export function tiersOf(tenant: { settings?: unknown }): TierWord[] {
  const dict = settingsOf(tenant).dictionaries?.dealerTier as { items?: { code?: unknown; label?: Partial<Words> }[] } | undefined;
  return (dict?.items ?? []).filter((i) => typeof i.code === 'string').map((i) => {
    const code = i.code as string;
    return { code, label: { zh: i.label?.zh ?? i.label?.en ?? code, en: i.label?.en ?? i.label?.zh ?? code } };
  });
}

/** Sorts by the dictionary's order (best first); a tier not in it goes last, by code. */
export function tierComparator(tiers: readonly { code: string }[]): (a: string, b: string) => number {
  const rank = new Map(tiers.map((t, i) => [t.code, i]));
  return (a, b) => (rank.get(a) ?? tiers.length) - (rank.get(b) ?? tiers.length) || a.localeCompare(b);
}

/** Tenant targets: the approval cycle-time goal in hours, when the manifest sets one. */
export function targetsOf(tenant: { settings?: unknown }): { orderCycleHours?: number } & Record<string, unknown> {
  const t = settingsOf(tenant).targets;
  return t && typeof t === 'object' ? { ...t } : {};
}

/** Roles in the manifest's order, as people read them. */
export async function rolesOf(em: EntityManager): Promise<Vocabulary['roles']> {
  return (await em.find(Role, {}, { orderBy: { position: 'asc', code: 'asc' } }))
    .map((r) => ({ code: r.code, name: r.name, nameEn: r.nameEn ?? null, scope: r.scope }));
}

/** Each published rule set's declared outputs (labels, valueLabels): how its results are worded. */
export async function ruleSetWords(em: EntityManager): Promise<Vocabulary['ruleSets']> {
  const rows = await em.find(RuleSetVersion, { status: 'PUBLISHED' }, { orderBy: { key: 'asc' } });
  return rows.map((r) => {
    const doc = r.document as { name?: Record<string, unknown>; outputs?: unknown[] };
    return { key: r.key, version: r.version, ...(doc.name ? { name: doc.name } : {}), outputs: (doc.outputs ?? []) as Record<string, unknown>[] };
  });
}

/** For each point bound to a published workflow, the form its start node fills (what the portal shows to start it). */
export async function startFormsOf(em: EntityManager, bindings: Record<string, string>): Promise<Record<string, string>> {
  const keys = [...new Set(Object.values(bindings))];
  if (!keys.length) return {};
  const rows = await em.find(ConfigDocumentVersion, { kind: 'workflow', status: 'PUBLISHED', key: { $in: keys } });
  const formOf = new Map<string, string>();
  for (const r of rows) {
    const nodes = (r.document as { nodes?: { type?: string; params?: { form?: { key?: unknown } } }[] }).nodes ?? [];
    const key = nodes.find((n) => n.type === 'start')?.params?.form?.key;
    if (typeof key === 'string') formOf.set(r.key, key);
  }
  return Object.fromEntries(Object.entries(bindings).filter(([, k]) => formOf.has(k)).map(([point, k]) => [point, formOf.get(k)!]));
}

/**
 * The tenant's vocabulary for one caller. `em` carries the caller's tenant filter. A dealer user
 * gets everything but the rule sets' outputs (internal decision and reason words).
 */
export async function tenantVocabulary(em: EntityManager, tenantId: string, options: { staff: boolean }): Promise<Vocabulary> {
  const tenant = await em.findOneOrFail(Tenant, { id: tenantId });
  const s = settingsOf(tenant);
  const bindings = Object.fromEntries(Object.entries(s.extensionPoints ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return {
    tenant: { code: tenant.code, name: tenant.name, nameEn: tenant.nameEn ?? null, locale: tenant.locale, currency: tenant.currency },
    tiers: tiersOf(tenant),
    roles: await rolesOf(em),
    dictionaries: (s.dictionaries ?? {}) as Vocabulary['dictionaries'],
    customFields: (s.customFields ?? {}) as Vocabulary['customFields'],
    extensionPoints: bindings,
    startForms: await startFormsOf(em, bindings),
    targets: targetsOf(tenant),
    ruleSets: options.staff ? await ruleSetWords(em) : [],
  };
}
