import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../schemas/errors/app-error.js';
import type { Config } from '../config.js';
import { Session, User } from '../entities/index.js';
import type { AuthedContext } from '../http/request-context.js';
import { reserveLoginAttempt, settleLoginSuccess, throttleKeys } from './login-throttle.js';
import { assertStrongPassword } from './password-policy.js';
import { hashPassword, verifyPassword } from './password.js';

/**
 * Ends every open session of a user but `keepSessionId` (the caller's own, when it changed its own
 * password). API tokens are separate, named credentials that a pipeline uses: they survive a password
 * change and an admin reset, and are revoked one by one (DELETE /api/tokens/{id}; tenant admins see all).
 */
export async function revokeUserSessions(em: EntityManager, userId: string, keepSessionId: string | null, now = new Date()): Promise<number> {
  return em.nativeUpdate(
    Session,
    { user: userId, revokedAt: null, ...(keepSessionId ? { id: { $ne: keepSessionId } } : {}) },
    { revokedAt: now },
  );
}

/**
 * A user changes its own password: the current one is checked under the login throttle (a stolen
 * session cannot guess it any faster than a login could), the new one must be strong, and every
 * other session of the user ends; the calling session goes on.
 */
export async function changeOwnPassword(
  ctx: AuthedContext,
  input: { currentPassword: string; newPassword: string },
  ip: string,
  policy: Pick<Config, 'loginMaxFailures' | 'loginWindowMinutes'>,
): Promise<{ revokedSessions: number }> {
  const reservation = await reserveLoginAttempt(ctx.em, throttleKeys(ctx.user.tenantCode, ctx.user.login, ip, policy), policy);
  const user = await ctx.em.findOneOrFail(User, { id: ctx.user.id }, { populate: ['passwordHash'] });
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) throw new AppError('AUTH_ERR_WRONG_CURRENT_PASSWORD');
  await settleLoginSuccess(ctx.em, reservation);
  assertStrongPassword(input.newPassword, { login: ctx.user.login, tenantCode: ctx.user.tenantCode }, { locale: ctx.locale, pointer: '/newPassword' });
  const passwordHash = await hashPassword(input.newPassword);
  return ctx.em.transactional(async (tx) => {
    const row = await tx.findOneOrFail(User, { id: ctx.user.id });
    row.passwordHash = passwordHash;
    await tx.flush();
    const revokedSessions = await revokeUserSessions(tx, ctx.user.id, ctx.user.via === 'session' ? ctx.user.credentialId : null);
    return { revokedSessions };
  });
}
