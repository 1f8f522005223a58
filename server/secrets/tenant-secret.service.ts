import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../schemas/errors/app-error.js';
import { TenantSecret } from '../entities/index.js';
import type { AuthedContext } from '../http/request-context.js';
import { openSecret, sealSecret } from './secret-cipher.js';
import { tenantSql } from '../db/tenant-sql.js';

/**
 * The secrets of a tenant (HMAC keys of its webhooks). Set and removed by the tenant's deployers,
 * listed by name, opened only by webhook delivery for the tenant of the instance it delivers for.
 * No function here returns a value to a caller of the API, and none logs one.
 */

export interface TenantSecretView {
  name: string;
  createdAt: Date;
  createdBy: string | null;
  updatedAt: Date;
  updatedBy: string | null;
}

function toView(row: TenantSecret): TenantSecretView {
  return { name: row.name, createdAt: row.createdAt, createdBy: row.createdBy?.login ?? null, updatedAt: row.updatedAt, updatedBy: row.updatedBy?.login ?? null };
}

function requireKey(key: Buffer | null): Buffer {
  if (!key) throw new AppError('CFG_ERR_SECRETS_KEY_MISSING');
  return key;
}

export async function listSecrets(ctx: AuthedContext): Promise<TenantSecretView[]> {
  const rows = await ctx.em.find(TenantSecret, { tenant: ctx.tenantId }, { populate: ['createdBy', 'updatedBy'], orderBy: { name: 'asc' } });
  return rows.map(toView);
}

export async function getSecret(ctx: AuthedContext, name: string): Promise<TenantSecretView> {
  const row = await ctx.em.findOne(TenantSecret, { tenant: ctx.tenantId, name }, { populate: ['createdBy', 'updatedBy'], refresh: true });
  if (!row) throw new AppError('CFG_ERR_SECRET_NOT_FOUND', { name });
  return toView(row);
}

/**
 * Creates or replaces a secret in one statement (two deployers setting the same name at once both
 * succeed, the later value wins); keeps who created it, records who changed it.
 */
export async function putSecret(ctx: AuthedContext, key: Buffer | null, name: string, value: string): Promise<{ created: boolean; view: TenantSecretView }> {
  const sealed = sealSecret(requireKey(key), ctx.tenantId, name, value);
  const now = new Date();
  const [row] = await tenantSql(ctx)<{ created: boolean }[]>(
    `insert into tenant_secret (id, tenant_id, name, sealed, created_at, created_by_id, updated_at, updated_by_id, version)
     values (?, :tenant, ?, ?, ?, ?, ?, ?, 1)
     on conflict (tenant_id, name) do update set sealed = excluded.sealed, updated_at = excluded.updated_at, updated_by_id = excluded.updated_by_id, version = tenant_secret.version + 1
     returning (xmax = 0) as created`,
    [randomUUID(), name, sealed, now, ctx.user.id, now, ctx.user.id],
  );
  ctx.log.info({ secret: name, by: ctx.user.login, created: row.created }, 'tenant secret set');
  return { created: row.created, view: await getSecret(ctx, name) };
}

/** Refused (409) while a published workflow of the tenant names it: its next webhook would have nothing to sign with. */
export async function deleteSecret(ctx: AuthedContext, name: string): Promise<void> {
  const row = await ctx.em.findOne(TenantSecret, { tenant: ctx.tenantId, name });
  if (!row) throw new AppError('CFG_ERR_SECRET_NOT_FOUND', { name });
  const published = await tenantSql(ctx)<{ key: string; document: Record<string, unknown> }[]>(
    `select key, document from config_document_version where tenant_id = :tenant and kind = 'workflow' and status = 'PUBLISHED'`,
  );
  const users = published.flatMap((w) => secretRefsOf(w.document).filter((r) => r.name === name).map((r) => ({ file: `workflows/${w.key}.json`, pointer: r.pointer, message: `workflow ${w.key} signs its webhooks with secret ${name}` })));
  if (users.length) throw new AppError('CFG_ERR_IN_USE', { problems: users });
  await ctx.em.nativeDelete(TenantSecret, { tenant: ctx.tenantId, name });
  ctx.log.info({ secret: name, by: ctx.user.login }, 'tenant secret deleted');
}

export type SecretLookup = { ok: true; value: string } | { ok: false; reason: string };

/**
 * The value of one of the tenant's secrets, for signing a webhook of that tenant. The tenant is the
 * one the job runs for (the instance's), bound in the query; there is no lookup without it.
 */
export async function readSecretValue(ctx: { em: EntityManager; tenantId: string }, key: Buffer | null, name: string): Promise<SecretLookup> {
  if (!key) return { ok: false, reason: 'the server has no SECRETS_KEY' };
  const [row] = await tenantSql(ctx)<{ sealed: string }[]>('select sealed from tenant_secret where tenant_id = :tenant and name = ?', [name]);
  if (!row) return { ok: false, reason: `this tenant has no secret ${name}` };
  const value = openSecret(key, ctx.tenantId, name, row.sealed);
  return value === null ? { ok: false, reason: `secret ${name} cannot be opened with this server's SECRETS_KEY` } : { ok: true, value };
}

/** The `secretRef`s of a workflow document's service nodes, each with its JSON pointer. */
export function secretRefsOf(document: Record<string, unknown>): { name: string; pointer: string; nodeId?: string }[] {
  const nodes = Array.isArray(document.nodes) ? document.nodes as { id?: unknown; type?: unknown; params?: { secretRef?: unknown } }[] : [];
  return nodes.flatMap((n, i) => (n?.type === 'service' && typeof n.params?.secretRef === 'string'
    ? [{ name: n.params.secretRef, pointer: `/nodes/${i}/params/secretRef`, ...(typeof n.id === 'string' ? { nodeId: n.id } : {}) }]
    : []));
}

/**
 * The `secretRef`s in these workflow documents that name no secret of the tenant the entity
 * manager's filter is set to (publish and deploy refuse them, each with its pointer).
 */
export async function unknownSecretRefs(em: EntityManager, documents: readonly Record<string, unknown>[]): Promise<{ index: number; name: string; pointer: string; nodeId?: string }[]> {
  const refs = documents.flatMap((d, index) => secretRefsOf(d).map((r) => ({ index, ...r })));
  if (!refs.length) return [];
  const names = [...new Set(refs.map((r) => r.name))];
  const found = new Set((await em.find(TenantSecret, { name: { $in: names } }, { fields: ['name'] })).map((s) => s.name));
  return refs.filter((r) => !found.has(r.name));
}

function unknownSecretMessage(name: string, locale: string): string {
  return locale === 'zh-CN'
    ? `本租户没有名为 ${name} 的密钥；请部署人员先设置（PUT /api/config/secrets/${name} 或 channelflow secrets set ${name}）`
    : `this tenant has no secret ${name}; a deployer sets it first (PUT /api/config/secrets/${name} or channelflow secrets set ${name})`;
}

/** A bundle's workflows whose service nodes name secrets the tenant lacks: one problem per reference, with file and pointer. */
export async function unknownSecretProblemsOfBundle(em: EntityManager, documents: readonly { path: string; kind: string; document: Record<string, unknown> }[], locale: string) {
  const workflows = documents.filter((d) => d.kind === 'workflow');
  const unknown = await unknownSecretRefs(em, workflows.map((d) => d.document));
  return unknown.map((u) => ({ file: workflows[u.index].path, pointer: u.pointer, code: 'CFG_ERR_UNKNOWN_SECRET', message: unknownSecretMessage(u.name, locale) }));
}

/** The same for one workflow document about to be published, each problem with its node. */
export async function unknownSecretProblemsOfWorkflow(em: EntityManager, document: Record<string, unknown>, locale: string) {
  const unknown = await unknownSecretRefs(em, [document]);
  return unknown.map((u) => ({ pointer: u.pointer, code: 'CFG_ERR_UNKNOWN_SECRET', message: unknownSecretMessage(u.name, locale), ...(u.nodeId ? { nodeId: u.nodeId } : {}) }));
}
