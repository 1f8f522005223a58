import type { EntityManager } from '@mikro-orm/postgresql';
import type { SystemRole } from '../../schemas/api/system-roles.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { ApiToken, Session, UserRole, type User } from '../entities/index.js';
import type { AuthUser } from '../http/request-context.js';
import { hashCredentialToken, kindOfToken } from './credential-token.js';
import { DEALER_FILTER, TENANT_FILTER } from '../db/orm.js';

/** Resolves a bearer token to the user it speaks for, or throws the precise 401/403. */
export async function authenticateBearer(em: EntityManager, authorization: string | undefined, now = new Date()): Promise<AuthUser> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw new AppError('AUTH_ERR_UNAUTHENTICATED');
  const token = match[1];
  const kind = kindOfToken(token);
  if (!kind) throw new AppError('AUTH_ERR_UNAUTHENTICATED');
  const hash = hashCredentialToken(token);
  // Looked up before the tenant is known: the only query that runs without the tenant filter.
  const noTenant = { filters: false } as const;

  let user: User;
  let credentialId: string;
  if (kind === 'session') {
    const session = await em.findOne(Session, { tokenHash: hash }, { ...noTenant, populate: ['user', 'user.tenant'] });
    if (!session) throw new AppError('AUTH_ERR_UNAUTHENTICATED');
    if (session.revokedAt) throw new AppError('AUTH_ERR_TOKEN_REVOKED');
    if (session.expiresAt <= now) throw new AppError('AUTH_ERR_SESSION_EXPIRED');
    user = session.user as unknown as User;
    credentialId = session.id;
  } else {
    const apiToken = await em.findOne(ApiToken, { tokenHash: hash }, { ...noTenant, populate: ['user', 'user.tenant'] });
    if (!apiToken) throw new AppError('AUTH_ERR_UNAUTHENTICATED');
    if (apiToken.revokedAt) throw new AppError('AUTH_ERR_TOKEN_REVOKED');
    if (apiToken.expiresAt && apiToken.expiresAt <= now) throw new AppError('AUTH_ERR_SESSION_EXPIRED');
    user = apiToken.user as unknown as User;
    credentialId = apiToken.id;
    // Last use is kept to the minute so a busy pipeline does not write on every call.
    if (!apiToken.lastUsedAt || now.getTime() - apiToken.lastUsedAt.getTime() > 60_000) {
      await em.nativeUpdate(ApiToken, { id: apiToken.id }, { lastUsedAt: now }, noTenant);
    }
  }
  const tenant = user.tenant as unknown as { id: string; code: string; name: string; status: string };
  if (tenant.status !== 'ACTIVE') throw new AppError('TENANT_ERR_SUSPENDED');
  if (user.status !== 'ACTIVE') throw new AppError('AUTH_ERR_USER_DISABLED');

  const authUser = await describeUser(em, user, tenant);
  return { ...authUser, via: kind, credentialId };
}

export async function describeUser(
  em: EntityManager,
  user: User,
  tenant: { id: string; code: string; name: string },
): Promise<Omit<AuthUser, 'via' | 'credentialId'>> {
  const assignments = await em.find(
    UserRole,
    { user: user.id },
    { populate: ['role'], filters: { [TENANT_FILTER]: { tenantId: tenant.id }, [DEALER_FILTER]: false } },
  );
  const dealer = user.dealer as unknown as { id: string } | null;
  return {
    id: user.id,
    tenantId: tenant.id,
    tenantCode: tenant.code,
    tenantName: tenant.name,
    login: user.login,
    displayName: user.displayName,
    systemRoles: [...(user.systemRoles as SystemRole[])],
    roles: assignments
      .map((a) => ({ code: (a.role as unknown as { code: string }).code, regionCode: a.regionCode ?? null }))
      .sort((a, b) => (a.code + (a.regionCode ?? '')).localeCompare(b.code + (b.regionCode ?? ''))),
    dealerId: dealer?.id ?? null,
    locale: user.locale ?? null,
  };
}
