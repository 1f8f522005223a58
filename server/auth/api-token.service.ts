import { AppError } from '../../schemas/errors/app-error.js';
import { ApiToken, type ApiToken as ApiTokenRow } from '../entities/index.js';
import type { AuthedContext } from '../http/request-context.js';
import { issueCredentialToken } from './credential-token.js';

export function toApiTokenView(t: ApiTokenRow) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    userId: (t.user as unknown as { id: string }).id,
    createdAt: t.createdAt,
    expiresAt: t.expiresAt ?? null,
    lastUsedAt: t.lastUsedAt ?? null,
    revokedAt: t.revokedAt ?? null,
  };
}

/** Creates a token acting as the caller; the secret is returned here and nowhere else. */
export async function createApiToken(ctx: AuthedContext, input: { name: string; expiresAt?: string }) {
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) {
    throw new AppError('CF_ERR_VALIDATION', { problems: [{ in: 'body', pointer: '/expiresAt', message: 'must be in the future' }] });
  }
  const { token, hash, prefix } = issueCredentialToken('apiToken');
  const row = ctx.em.create(ApiToken, { tenant: ctx.tenantId, user: ctx.user.id, name: input.name, tokenHash: hash, prefix, expiresAt });
  await ctx.em.flush();
  return { token, apiToken: toApiTokenView(row) };
}

/** Tenant admins see every token of the tenant; others only their own. */
function ownerScope(ctx: AuthedContext) {
  return ctx.user.systemRoles.includes('TENANT_ADMIN') ? {} : { user: ctx.user.id };
}

export async function listApiTokens(ctx: AuthedContext) {
  const rows = await ctx.em.find(ApiToken, ownerScope(ctx), { orderBy: { createdAt: 'desc' } });
  return rows.map(toApiTokenView);
}

export async function revokeApiToken(ctx: AuthedContext, id: string) {
  const row = await ctx.em.findOne(ApiToken, { id, ...ownerScope(ctx) });
  if (!row) throw new AppError('CF_ERR_NOT_FOUND');
  row.revokedAt ??= new Date();
  await ctx.em.flush();
  return toApiTokenView(row);
}
