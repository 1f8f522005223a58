import type { EntityManager } from '@mikro-orm/postgresql';
import { ConfigDocumentVersion, Region, Role, RuleSetVersion, Tenant } from '../entities/index.js';
import { bundleKinds, documentKinds, pathOf, type BundleKind } from './bundle-kinds.js';
import type { BundleDocument, TenantManifestDocument } from './bundle-validate.js';
import { formatJson } from './json-format.js';

export const defaultSchemaUrl = (schemaId: string) => `http://localhost:3000/schemas/${schemaId}.json`;

/** The tenant's configuration as it stands, as bundle documents (the same shapes a bundle holds). */
export async function currentDocuments(em: EntityManager, tenantId: string): Promise<BundleDocument[]> {
  const tenant = await em.findOneOrFail(Tenant, { id: tenantId });
  const [regions, roles, ruleSets, documents] = await Promise.all([
    em.find(Region, {}, { orderBy: { position: 'asc', code: 'asc' } }),
    em.find(Role, {}, { orderBy: { position: 'asc', code: 'asc' } }),
    em.find(RuleSetVersion, { status: 'PUBLISHED' }, { orderBy: { key: 'asc' } }),
    em.find(ConfigDocumentVersion, { status: 'PUBLISHED' }, { orderBy: { kind: 'asc', key: 'asc' } }),
  ]);
  const settings = tenant.settings ?? {};
  const manifest: TenantManifestDocument = {
    $schema: settings.$schema ?? defaultSchemaUrl('TenantManifest'),
    code: tenant.code,
    name: tenant.name,
    ...(tenant.nameEn ? { nameEn: tenant.nameEn } : {}),
    locale: tenant.locale as 'zh-CN' | 'en',
    currency: tenant.currency,
    regions: regions.map((r) => ({ code: r.code, name: r.name, ...(r.nameEn ? { nameEn: r.nameEn } : {}), parent: r.parentCode ?? null })),
    roles: roles.map((r) => ({ code: r.code, name: r.name, ...(r.nameEn ? { nameEn: r.nameEn } : {}), scope: r.scope })),
    ...(settings.dictionaries ? { dictionaries: settings.dictionaries } : {}),
    ...(settings.extensionPoints ? { extensionPoints: settings.extensionPoints } : {}),
    ...(settings.targets ? { targets: settings.targets } : {}),
    ...(settings.customFields ? { customFields: settings.customFields } : {}),
  };
  // Documents authored through the API carry no $schema; an exported file always names its schema.
  const doc = (kind: BundleKind, key: string, document: Record<string, unknown>): BundleDocument => ({
    path: pathOf(kind, key), kind, key,
    document: typeof document.$schema === 'string' ? document : { $schema: defaultSchemaUrl(bundleKinds[kind].schemaId), ...document },
  });
  return [
    doc('tenant', tenant.code, manifest as unknown as Record<string, unknown>),
    ...ruleSets.map((r) => doc('ruleSet', r.key, r.document)),
    ...documents.map((d) => doc(bundleKindOf(d.kind), d.key, d.document)),
  ];
}

/** Export: every current document as a formatted file, in path order. */
export async function exportFiles(em: EntityManager, tenantId: string): Promise<{ path: string; content: string }[]> {
  const docs = await currentDocuments(em, tenantId);
  return docs.map((d) => ({ path: d.path, content: formatJson(d.document) })).sort((a, b) => a.path.localeCompare(b.path));
}

export interface BundleChange { path: string; kind: BundleKind; key: string }
export interface BundleDiff { added: BundleChange[]; changed: BundleChange[]; removed: BundleChange[]; unchanged: number }

/** What deploying `next` over `current` would add, change and remove, comparing formatted documents. */
export function diffDocuments(current: readonly BundleDocument[], next: readonly BundleDocument[]): BundleDiff {
  const before = new Map(current.map((d) => [d.path, d]));
  const after = new Map(next.map((d) => [d.path, d]));
  const change = (d: BundleDocument): BundleChange => ({ path: d.path, kind: d.kind, key: d.key });
  const diff: BundleDiff = { added: [], changed: [], removed: [], unchanged: 0 };
  for (const d of next) {
    const old = before.get(d.path);
    if (!old) diff.added.push(change(d));
    else if (formatJson(old.document) !== formatJson(d.document)) diff.changed.push(change(d));
    else diff.unchanged++;
  }
  for (const d of current) if (!after.has(d.path)) diff.removed.push(change(d));
  for (const list of [diff.added, diff.changed, diff.removed]) list.sort((a, b) => a.path.localeCompare(b.path));
  return diff;
}

function bundleKindOf(kind: string): BundleKind {
  return (Object.keys(documentKinds) as (keyof typeof documentKinds)[]).find((k) => documentKinds[k] === kind)!;
}
