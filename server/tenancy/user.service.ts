import { LockMode } from '@mikro-orm/core';
import type { FromSchema } from 'json-schema-to-ts';
import type { UserCreate, UserUpdate } from '../../schemas/api/user.schema.js';
import type { RoleAssignment } from '../../schemas/api/role.schema.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { revokeUserSessions } from '../auth/password-change.service.js';
import { assertStrongPassword } from '../auth/password-policy.js';
import { hashPassword } from '../auth/password.js';
import { Dealer, Region, Role, User, UserRole, type User as UserRow } from '../entities/index.js';
import type { AuthedContext } from '../http/request-context.js';
import { tenantSql } from '../db/tenant-sql.js';

export async function toUserView(ctx: AuthedContext, user: UserRow) {
  const assignments = await ctx.em.find(UserRole, { user: user.id }, { populate: ['role'], orderBy: { createdAt: 'asc' } });
  return {
    id: user.id,
    login: user.login,
    displayName: user.displayName,
    email: user.email ?? null,
    systemRoles: user.systemRoles,
    roles: assignments.map((a) => ({ code: a.role.code, regionCode: a.regionCode ?? null })),
    dealerId: user.dealer?.id ?? null,
    managerId: user.manager?.id ?? null,
    status: user.status,
    locale: user.locale ?? null,
    version: user.version,
  };
}

export async function listUsers(ctx: AuthedContext) {
  const users = await ctx.em.find(User, {}, { orderBy: { login: 'asc' } });
  return Promise.all(users.map((u) => toUserView(ctx, u)));
}

export async function getUser(ctx: AuthedContext, id: string) {
  const user = await ctx.em.findOne(User, { id });
  if (!user) throw new AppError('CF_ERR_NOT_FOUND');
  return user;
}

export async function createUser(ctx: AuthedContext, input: FromSchema<typeof UserCreate>) {
  const isDealerUser = input.systemRoles.includes('DEALER_USER');
  if (isDealerUser !== Boolean(input.dealerCode)) {
    throw new AppError('CF_ERR_VALIDATION', {
      problems: [{ in: 'body', pointer: '/dealerCode', message: isDealerUser ? 'a DEALER_USER must be bound to one dealer' : 'only a DEALER_USER is bound to a dealer' }],
    });
  }
  if (input.systemRoles.includes('PLATFORM_ADMIN')) throw new AppError('AUTH_ERR_FORBIDDEN');
  const dealer = input.dealerCode ? await ctx.em.findOne(Dealer, { code: input.dealerCode }) : null;
  if (input.dealerCode && !dealer) {
    throw new AppError('CF_ERR_VALIDATION', { problems: [{ in: 'body', pointer: '/dealerCode', message: `no dealer '${input.dealerCode}' in this tenant` }] });
  }
  if (input.managerId !== undefined) await checkManager(ctx, null, input.managerId);
  assertStrongPassword(input.password, { login: input.login, tenantCode: ctx.user.tenantCode }, { locale: ctx.locale, pointer: '/password' });
  const user = ctx.em.create(User, {
    tenant: ctx.tenantId,
    login: input.login,
    displayName: input.displayName,
    email: input.email ?? null,
    passwordHash: await hashPassword(input.password),
    systemRoles: [...input.systemRoles],
    dealer: dealer?.id ?? null,
    locale: input.locale ?? null,
    manager: input.managerId ?? null,
  });
  await ctx.em.flush();
  return user;
}

/**
 * An admin's change to a user. A new password (an admin reset) must be strong, and ends every session
 * of the user in the same transaction (but the admin's own when resetting its own password); the
 * user's API tokens stay (see revokeUserSessions).
 */
export async function updateUser(ctx: AuthedContext, id: string, input: FromSchema<typeof UserUpdate>) {
  if (input.password !== undefined) {
    const target = await getUser(ctx, id);
    assertStrongPassword(input.password, { login: target.login, tenantCode: ctx.user.tenantCode }, { locale: ctx.locale, pointer: '/password' });
  }
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
  await ctx.em.transactional(async (tx) => {
    const inTx = { ...ctx, em: tx };
    const user = await getUser(inTx, id);
    // Optimistic lock: the caller's version must be the current one, and the UPDATE checks it again.
    await tx.lock(user, LockMode.OPTIMISTIC, input.version);
    if (input.displayName !== undefined) user.displayName = input.displayName;
    if (input.email !== undefined) user.email = input.email;
    if (input.status !== undefined) user.status = input.status;
    if (input.locale !== undefined) user.locale = input.locale;
    if (passwordHash !== undefined) {
      user.passwordHash = passwordHash;
      await revokeUserSessions(tx, user.id, ctx.user.via === 'session' && ctx.user.id === user.id ? ctx.user.credentialId : null);
    }
    if (input.managerId !== undefined) {
      if (input.managerId !== null) await checkManager(inTx, user.id, input.managerId);
      user.manager = input.managerId === null ? null : tx.getReference(User, input.managerId);
    }
  });
  ctx.em.clear();
  return getUser(ctx, id);
}

/**
 * A manager must be a user of the tenant (the tenant filter: another tenant's id is simply not
 * found), and walking up from it must never reach the user again. One tenant-wide advisory lock
 * per transaction serialises manager changes, so two concurrent edits cannot close a cycle together.
 */
async function checkManager(ctx: AuthedContext, userId: string | null, managerId: string): Promise<void> {
  const problem = (code: string | undefined, message: string) => ({ problems: [{ in: 'body' as const, pointer: '/managerId', ...(code ? { code } : {}), message }] });
  if (userId !== null) {
    await ctx.em.execute('select pg_advisory_xact_lock(hashtext(?))', [`manager-chain:${ctx.tenantId}`]);
  }
  if (!(await ctx.em.findOne(User, { id: managerId }))) throw new AppError('CF_ERR_VALIDATION', problem(undefined, `no user ${managerId} in this tenant`));
  if (userId === null) return;
  const rows = await tenantSql(ctx)<{ id: string }[]>(
    `with recursive chain(id, depth) as (
       select ?::uuid, 0
       union all
       select u.manager_id, c.depth + 1 from app_user u join chain c on u.id = c.id
        where u.tenant_id = :tenant and u.manager_id is not null and c.depth < 1000
     ) select id from chain where id = ? limit 1`,
    [managerId, userId],
  );
  if (rows.length > 0) throw new AppError('TENANT_ERR_MANAGER_CYCLE', problem('TENANT_ERR_MANAGER_CYCLE', 'this manager reports (directly or through others) to the user'));
}

/** Gives a user a tenant role; a REGION-scoped role needs a region of the tenant, other scopes none. */
export async function assignRole(ctx: AuthedContext, userId: string, input: FromSchema<typeof RoleAssignment>) {
  const user = await getUser(ctx, userId);
  const role = await ctx.em.findOne(Role, { code: input.roleCode });
  if (!role) {
    throw new AppError('CF_ERR_VALIDATION', { problems: [{ in: 'body', pointer: '/roleCode', message: `no role '${input.roleCode}' in this tenant` }] });
  }
  if (role.scope === 'REGION') {
    if (!input.regionCode || !(await ctx.em.findOne(Region, { code: input.regionCode }))) {
      throw new AppError('TENANT_ERR_ROLE_SCOPE', { problems: [{ in: 'body', pointer: '/regionCode', message: `role ${role.code} needs a region of this tenant` }] });
    }
  } else if (input.regionCode) {
    throw new AppError('TENANT_ERR_ROLE_SCOPE', { problems: [{ in: 'body', pointer: '/regionCode', message: `role ${role.code} is not scoped to a region` }] });
  }
  ctx.em.create(UserRole, { tenant: ctx.tenantId, user: user.id, role: role.id, regionCode: input.regionCode ?? null });
  await ctx.em.flush();
  return user;
}
