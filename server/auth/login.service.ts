import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../schemas/errors/app-error.js';
import type { Config } from '../config.js';
import { DEALER_FILTER, TENANT_FILTER } from '../db/orm.js';
import { LoginAttempt, Session, Tenant, User } from '../entities/index.js';
import type { AuthUser } from '../http/request-context.js';
import { issueCredentialToken } from './credential-token.js';
import { describeUser } from './current-user.js';
import { reserveLoginAttempt, settleLoginSuccess, throttleKeys } from './login-throttle.js';
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
 * Password login. The attempt is counted in Postgres BEFORE the password is checked (per account +
 * client IP, per IP and per account, see login-throttle.ts), so every server process and every
 * concurrent request shares the same count: past the limit the caller gets 429 with Retry-After,
 * even with the right password, and no password is checked at all.
 */
export async function login(em: EntityManager, input: LoginInput, policy: LoginPolicy, now = new Date()): Promise<LoginResult> {
  const reservation = await reserveLoginAttempt(em, throttleKeys(input.tenant, input.login, input.ip, policy), policy, now);

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
    // Already counted; this row is the log of failures (who tried which account from where).
    em.create(LoginAttempt, { accountKey: `${input.tenant.toLowerCase()}:${input.login.toLowerCase()}`, ip: input.ip, attemptedAt: now });
    await em.flush();
    throw new AppError('AUTH_ERR_BAD_CREDENTIALS');
  }
  if (tenant.status !== 'ACTIVE') throw new AppError('TENANT_ERR_SUSPENDED');
  if (user.status !== 'ACTIVE') throw new AppError('AUTH_ERR_USER_DISABLED');
  await settleLoginSuccess(em, reservation, now);

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
