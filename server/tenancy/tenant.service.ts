import type { EntityManager } from '@mikro-orm/postgresql';
import type { FromSchema } from 'json-schema-to-ts';
import type { TenantCreate } from '../../schemas/api/tenant.schema.js';
import type { Locale } from '../../schemas/ajv.js';
import { assertStrongPassword } from '../auth/password-policy.js';
import { hashPassword } from '../auth/password.js';
import { Tenant, User, type Tenant as TenantRow } from '../entities/index.js';

export const toTenantView = (t: TenantRow) => ({
  id: t.id, code: t.code, name: t.name, nameEn: t.nameEn ?? null, status: t.status, locale: t.locale, currency: t.currency,
});

/** A tenant and its first business admin, in one transaction: both or neither. The admin's password must be strong. */
export async function createTenant(em: EntityManager, input: FromSchema<typeof TenantCreate>, locale: Locale = 'en') {
  assertStrongPassword(input.admin.password, { login: input.admin.login, tenantCode: input.code }, { locale, pointer: '/admin/password' });
  const passwordHash = await hashPassword(input.admin.password);
  return em.transactional(async (tx) => {
    const tenant = tx.create(Tenant, {
      code: input.code,
      name: input.name,
      nameEn: input.nameEn ?? null,
      locale: input.locale ?? 'zh-CN',
      currency: input.currency ?? 'CNY',
    });
    tx.create(User, {
      tenant,
      login: input.admin.login,
      displayName: input.admin.displayName,
      passwordHash,
      systemRoles: ['TENANT_ADMIN'],
    });
    await tx.flush();
    return tenant;
  });
}
