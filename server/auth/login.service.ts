import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../schemas/errors/app-error.js';
import type { Config } from '../config.js';
import { DEALER_FILTER, TENANT_FILTER } from '../db/orm.js';
import { LoginAttempt, Session, Tenant, User } from '../entities/index.js';
import type { AuthUser } from '../http/request-context.js';
import { issueCredentialToken } from './credential-token.js';
import { describeUser } from './current-user.js';
import { getDecoyHash, verifyPassword } from './password.js';

export interface LoginInput {
  tenant: string;
  login: string;
  password: string;
  ip: string;
  userAgent?: string;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: Omit<AuthUser, 'via' | 'credentialId'>;
}

type LoginPolicy = Pick<Config, 'sessionTtlMinutes' | 'loginMaxFailures' | 'loginWindowMinutes'>;

/**
 * Password login. Failures are counted in Postgres per account and per IP over a sliding window, so
 * every server process enforces the same limit; a blocked caller gets 429 with Retry-After even
 * with the right password, until the window passes.
 */
export async function login(em: EntityManager, input: LoginInput, policy: LoginPolicy, now = new Date()): Promise<LoginResult> {
  const accountKey = `${input.tenant.toLowerCase()}:${input.login.toLowerCase()}`;
  const since = new Date(now.getTime() - policy.loginWindowMinutes * 60_000);
  const [accountFailures, ipFailures] = await Promise.all([
    em.count(LoginAttempt, { accountKey, attemptedAt: { $gt: since } }),
    em.count(LoginAttempt, { ip: input.ip, attemptedAt: { $gt: since } }),
  ]);
  if (accountFailures >= policy.loginMaxFailures || ipFailures >= policy.loginMaxFailures * 10) {
    throw new AppError('CF_ERR_RATE_LIMITED', { retryAfterSeconds: policy.loginWindowMinutes * 60 });
  }

  const tenant = await em.findOne(Tenant, { code: input.tenant });
  const user = tenant
    ? await em.findOne(
        User,
        { login: input.login.toLowerCase() },
        { populate: ['passwordHash'], filters: { [TENANT_FILTER]: { tenantId: tenant.id }, [DEALER_FILTER]: false } },
      )
    : null;
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await getDecoyHash()));
  if (!tenant || !user || !ok) {
    em.create(LoginAttempt, { accountKey, ip: input.ip, attemptedAt: now });
    await em.flush();
    throw new AppError('AUTH_ERR_BAD_CREDENTIALS');
  }
  if (tenant.status !== 'ACTIVE') throw new AppError('TENANT_ERR_SUSPENDED');
  if (user.status !== 'ACTIVE') throw new AppError('AUTH_ERR_USER_DISABLED');

  const { token, hash } = issueCredentialToken('session');
  const expiresAt = new Date(now.getTime() + policy.sessionTtlMinutes * 60_000);
  em.create(Session, {
    tenant: tenant.id,
    user: user.id,
    tokenHash: hash,
    expiresAt,
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 512) ?? null,
  });
  await em.flush();
  return { token, expiresAt, user: await describeUser(em, user, tenant) };
}
