import type { EntityManager } from '@mikro-orm/postgresql';
import type { Locale } from '../../schemas/ajv.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { ConfigDocumentVersion, Dealer, Deployment, Region, Role, RuleSetVersion, Tenant, User, UserRole } from '../entities/index.js';
import { unknownSecretProblemsOfBundle } from '../secrets/tenant-secret.service.js';
import { documentKinds } from './bundle-kinds.js';
import { validateBundle, type BundleDocument, type BundleFile, type TenantManifestDocument } from './bundle-validate.js';
import { currentDocuments, diffDocuments, type BundleDiff } from './tenant-config.service.js';
import { tenantSql } from '../db/tenant-sql.js';

export interface DeployContext {
  em: EntityManager;
  tenantId: string;
  /** Null for the system itself (seeding on first start). */
  userId: string | null;
  locale: Locale;
}

export interface DeployOptions {
  dryRun?: boolean;
  message?: string;
  rollbackOf?: number;
  /** Tests only: called after each applied document, to inject a failure half way through. */
  afterApply?: (applied: number) => void;
}

export interface DeploymentResult {
  number: number | null;
  kind: 'DEPLOY' | 'ROLLBACK';
  rollbackOf: number | null;
  message: string | null;
  deployedBy: string | null;
  createdAt: Date;
  dryRun: boolean;
  diff: BundleDiff;
}

/** Waiting longer than this for another deploy of the same tenant gives a clear 409. */
const DEPLOY_LOCK_TIMEOUT = '30s';

/**
 * Deploys a bundle all or nothing: one transaction that first locks the tenant row (a second deploy
 * of the same tenant waits for the first, then diffs against its result), then writes new versions
 * of what changed. Running instances keep the versions they are pinned to.
 */
export async function deployBundle(ctx: DeployContext, files: readonly BundleFile[], options: DeployOptions = {}): Promise<DeploymentResult> {
  const tenant = await ctx.em.findOneOrFail(Tenant, { id: ctx.tenantId });
  const validation = validateBundle(files, { locale: ctx.locale, tenant: tenant.code });
  if (!validation.ok) throw new AppError('CFG_ERR_INVALID_BUNDLE', { problems: validation.problems });
  const next = validation.documents;
  // A service node signs with a secret of this tenant; one it does not have is refused now, not at delivery.
  const unknownSecrets = await unknownSecretProblemsOfBundle(ctx.em, next, ctx.locale);
  if (unknownSecrets.length) throw new AppError('CFG_ERR_INVALID_BUNDLE', { problems: unknownSecrets });

  return ctx.em.transactional(async (tx) => {
    await tx.execute(`set local lock_timeout = '${DEPLOY_LOCK_TIMEOUT}'`);
    try {
      await tx.execute('select id from tenant where id = ? for update', [ctx.tenantId]);
    } catch (err) {
      if ((err as { code?: string }).code === '55P03' || /lock timeout/i.test(String((err as Error).message))) throw new AppError('CFG_ERR_DEPLOY_BUSY');
      throw err;
    }
    const current = await currentDocuments(tx, ctx.tenantId);
    const diff = diffDocuments(current, next);
    const kind = options.rollbackOf ? 'ROLLBACK' : 'DEPLOY';
    const deployedBy = ctx.userId ? (await tx.findOne(User, { id: ctx.userId }))?.login ?? null : null;
    if (options.dryRun) {
      return { number: null, kind, rollbackOf: options.rollbackOf ?? null, message: options.message ?? null, deployedBy, createdAt: new Date(), dryRun: true, diff };
    }

    let applied = 0;
    const step = () => options.afterApply?.(++applied);
    const byPath = new Map(next.map((d) => [d.path, d]));
    const toPublish: BundleDocument[] = [];
    for (const change of [...diff.added, ...diff.changed]) {
      const doc = byPath.get(change.path)!;
      if (doc.kind === 'tenant') {
        await applyManifest(tx, ctx.tenantId, doc.document as unknown as TenantManifestDocument);
        step();
      } else toPublish.push(doc);
    }
    await publishVersions(tx, ctx.tenantId, toPublish, step);
    await retire(tx, diff.removed);
    diff.removed.forEach(step);

    const last = await tx.findOne(Deployment, {}, { orderBy: { number: 'desc' } });
    const row = tx.create(Deployment, {
      tenant: ctx.tenantId,
      number: (last?.number ?? 0) + 1,
      kind,
      rollbackOf: options.rollbackOf ?? null,
      message: options.message ?? null,
      deployedBy: ctx.userId,
      diff,
      files: Object.fromEntries(files.filter((f) => byPath.has(f.path)).map((f) => [f.path, typeof f.content === 'string' ? f.content : new TextDecoder().decode(f.content)])),
    });
    await tx.flush();
    return { number: row.number, kind, rollbackOf: row.rollbackOf ?? null, message: row.message ?? null, deployedBy, createdAt: row.createdAt, dryRun: false, diff };
  });
}

/** Brings back the configuration of deployment `to` as a new deployment. */
export async function rollbackTo(ctx: DeployContext, to: number, options: Omit<DeployOptions, 'rollbackOf'> = {}): Promise<DeploymentResult> {
  const target = await ctx.em.findOne(Deployment, { number: to }, { populate: ['files'] });
  if (!target) throw new AppError('CFG_ERR_NO_DEPLOYMENT');
  const files = Object.entries(target.files).map(([path, content]) => ({ path, content }));
  return deployBundle(ctx, files, { ...options, rollbackOf: to, message: options.message ?? `rollback to #${to}` });
}

async function applyManifest(tx: EntityManager, tenantId: string, manifest: TenantManifestDocument): Promise<void> {
  const tenant = await tx.findOneOrFail(Tenant, { id: tenantId });
  tenant.name = manifest.name;
  tenant.nameEn = manifest.nameEn ?? null;
  tenant.locale = manifest.locale;
  tenant.currency = manifest.currency;
  tenant.settings = {
    ...(manifest.$schema ? { $schema: manifest.$schema } : {}),
    ...(manifest.dictionaries ? { dictionaries: manifest.dictionaries } : {}),
    ...(manifest.customFields ? { customFields: manifest.customFields as Record<string, Record<string, unknown>> } : {}),
    ...(manifest.targets ? { targets: manifest.targets } : {}),
    ...(manifest.extensionPoints ? { extensionPoints: manifest.extensionPoints } : {}),
  };

  const regions = new Map((await tx.find(Region, {})).map((r) => [r.code, r]));
  const wanted = new Set(manifest.regions.map((r) => r.code));
  for (const [code, region] of regions) {
    if (wanted.has(code)) continue;
    const used = (await tx.count(Dealer, { $or: [{ homeRegion: code }, { authorizedRegions: { $contains: [code] } }] }, { filters: { dealer: false } }))
      + (await tx.count(UserRole, { regionCode: code }));
    if (used) throw new AppError('CFG_ERR_IN_USE', { problems: [{ file: 'tenant.json', pointer: '/regions', message: `region ${code} is still used by ${used} dealer(s) or role holder(s)` }] });
    tx.remove(region);
  }
  manifest.regions.forEach((r, position) => {
    const fields = { name: r.name, nameEn: r.nameEn ?? null, parentCode: r.parent, position };
    const existing = regions.get(r.code);
    if (existing) tx.assign(existing, fields);
    else tx.create(Region, { tenant: tenantId, code: r.code, ...fields });
  });

  const roles = new Map((await tx.find(Role, {})).map((r) => [r.code, r]));
  const wantedRoles = new Set(manifest.roles.map((r) => r.code));
  for (const [code, role] of roles) {
    if (wantedRoles.has(code)) continue;
    const used = await tx.count(UserRole, { role: role.id });
    if (used) throw new AppError('CFG_ERR_IN_USE', { problems: [{ file: 'tenant.json', pointer: '/roles', message: `role ${code} is still held by ${used} user(s)` }] });
    tx.remove(role);
  }
  manifest.roles.forEach((r, position) => {
    const fields = { name: r.name, nameEn: r.nameEn ?? null, scope: r.scope, position };
    const existing = roles.get(r.code);
    if (existing) tx.assign(existing, fields);
    else tx.create(Role, { tenant: tenantId, code: r.code, ...fields });
  });
  await tx.flush();
}

/**
 * New published versions after the newest of each key, written in a few statements whatever the
 * bundle's size: the versions published before them, and rule-set drafts admins had open on the
 * same keys, are superseded (a draft stays readable in the history).
 */
async function publishVersions(tx: EntityManager, tenantId: string, docs: readonly BundleDocument[], step: () => void): Promise<void> {
  const ruleSets = docs.filter((d) => d.kind === 'ruleSet');
  const others = docs.filter((d) => d.kind !== 'ruleSet' && d.kind !== 'tenant');
  const latest = new Map<string, number>();
  if (ruleSets.length) {
    const rows = await tenantSql({ em: tx, tenantId })<{ key: string; v: number }[]>(
      'select key, max(version) as v from rule_set_version where tenant_id = :tenant and key in (?) group by key', [ruleSets.map((d) => d.key)]);
    for (const r of rows) latest.set(`ruleSet:${r.key}`, Number(r.v));
    await tx.nativeUpdate(RuleSetVersion, { key: { $in: ruleSets.map((d) => d.key) }, status: { $in: ['PUBLISHED', 'DRAFT'] } }, { status: 'SUPERSEDED' });
  }
  for (const kind of new Set(others.map((d) => documentKinds[d.kind as keyof typeof documentKinds]))) {
    const keys = others.filter((d) => documentKinds[d.kind as keyof typeof documentKinds] === kind).map((d) => d.key);
    const rows = await tenantSql({ em: tx, tenantId })<{ key: string; v: number }[]>(
      'select key, max(version) as v from config_document_version where tenant_id = :tenant and kind = ? and key in (?) group by key', [kind, keys]);
    for (const r of rows) latest.set(`${kind}:${r.key}`, Number(r.v));
    await tx.nativeUpdate(ConfigDocumentVersion, { kind, key: { $in: keys }, status: 'PUBLISHED' }, { status: 'SUPERSEDED' });
  }
  const publishedAt = new Date();
  for (const doc of ruleSets) {
    tx.create(RuleSetVersion, {
      tenant: tenantId, key: doc.key, version: (latest.get(`ruleSet:${doc.key}`) ?? 0) + 1, status: 'PUBLISHED', document: doc.document, publishedAt,
      effectiveFrom: (doc.document.effectiveFrom as string | undefined) ?? null, effectiveTo: (doc.document.effectiveTo as string | undefined) ?? null,
    });
    step();
  }
  for (const doc of others) {
    const kind = documentKinds[doc.kind as keyof typeof documentKinds];
    tx.create(ConfigDocumentVersion, { tenant: tenantId, kind, key: doc.key, version: (latest.get(`${kind}:${doc.key}`) ?? 0) + 1, status: 'PUBLISHED', document: doc.document, publishedAt });
    step();
  }
  await tx.flush();
}

async function retire(tx: EntityManager, removed: readonly { kind: BundleDocument['kind']; key: string }[]): Promise<void> {
  const ruleSetKeys = removed.filter((r) => r.kind === 'ruleSet').map((r) => r.key);
  if (ruleSetKeys.length) await tx.nativeUpdate(RuleSetVersion, { key: { $in: ruleSetKeys }, status: 'PUBLISHED' }, { status: 'SUPERSEDED' });
  for (const r of removed) {
    if (r.kind === 'ruleSet' || r.kind === 'tenant') continue;
    await tx.nativeUpdate(ConfigDocumentVersion, { kind: documentKinds[r.kind], key: r.key, status: 'PUBLISHED' }, { status: 'SUPERSEDED' });
  }
}

export async function listDeployments(em: EntityManager) {
  const rows = await em.find(Deployment, {}, { orderBy: { number: 'desc' }, populate: ['deployedBy'] });
  return rows.map((d) => ({
    number: d.number, kind: d.kind, rollbackOf: d.rollbackOf ?? null, message: d.message ?? null,
    deployedBy: d.deployedBy?.login ?? null, createdAt: d.createdAt, dryRun: false, diff: d.diff,
  }));
}
