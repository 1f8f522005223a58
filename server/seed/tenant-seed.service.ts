import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword } from '../auth/password.js';
import { validateRuleSet } from '../../rules/index.js';
import { Dealer, Region, Role, RuleSetVersion, Tenant, User, UserRole } from '../entities/index.js';
import type { SystemRole } from '../../schemas/api/system-roles.js';

/** The shape of `server/seed/<tenant>/tenant.json`: the tenant's people and places. */
export interface TenantManifest {
  code: string;
  name: string;
  nameEn?: string;
  locale?: string;
  currency?: string;
  regions: { code: string; name: string; nameEn?: string; parent: string | null }[];
  roles: { code: string; name: string; nameEn?: string; scope: 'TENANT' | 'REGION' | 'DEALER' }[];
  dealers: { code: string; name: string; nameEn?: string; homeRegion: string; authorizedRegions: string[]; status: 'PENDING_ONBOARDING' | 'ACTIVE' | 'SUSPENDED' | 'TERMINATED'; tier: string }[];
  users: { login: string; displayName: string; systemRoles: SystemRole[]; dealer?: string; roles: { role: string; region?: string }[] }[];
}

export interface SeededLogin {
  tenant: string;
  login: string;
  displayName: string;
  systemRoles: string[];
  roles: string[];
}

/**
 * Creates a tenant from its manifest in one transaction, unless a tenant with that code exists.
 * Every user gets `password` (each hashed with its own salt). Returns the logins created, or null.
 */
export async function seedTenant(em: EntityManager, manifest: TenantManifest, password: string, ruleSets: unknown[] = []): Promise<SeededLogin[] | null> {
  if (await em.findOne(Tenant, { code: manifest.code })) return null;
  const regionNodes = manifest.regions.map((r) => ({ code: r.code, parent: r.parent }));
  const documents = ruleSets.map((doc, i) => {
    const result = validateRuleSet(doc, { regions: regionNodes });
    if (!result.ok) throw new Error(`seed ${manifest.code}: rule set #${i} is invalid: ${JSON.stringify(result.problems.slice(0, 3))}`);
    const { version: _v, ...document } = result.ruleSet as typeof result.ruleSet & { version?: number };
    return document;
  });
  const hashes = await Promise.all(manifest.users.map(() => hashPassword(password)));
  return em.transactional(async (tx) => {
    const tenant = tx.create(Tenant, {
      code: manifest.code, name: manifest.name, nameEn: manifest.nameEn ?? null,
      locale: manifest.locale ?? 'zh-CN', currency: manifest.currency ?? 'CNY',
    });
    for (const r of manifest.regions) tx.create(Region, { tenant, code: r.code, name: r.name, nameEn: r.nameEn ?? null, parentCode: r.parent });
    const roles = new Map(manifest.roles.map((r) => [r.code, tx.create(Role, { tenant, code: r.code, name: r.name, nameEn: r.nameEn ?? null, scope: r.scope })]));
    const dealers = new Map(manifest.dealers.map((d) => [d.code, tx.create(Dealer, { tenant, ...d, nameEn: d.nameEn ?? null })]));
    const logins: SeededLogin[] = [];
    manifest.users.forEach((u, i) => {
      const dealer = u.dealer ? dealers.get(u.dealer) : null;
      if (u.dealer && !dealer) throw new Error(`seed ${manifest.code}: user ${u.login} names unknown dealer ${u.dealer}`);
      const user = tx.create(User, {
        tenant, login: u.login, displayName: u.displayName, passwordHash: hashes[i], systemRoles: u.systemRoles, dealer: dealer ?? null,
      });
      for (const a of u.roles) {
        const role = roles.get(a.role);
        if (!role) throw new Error(`seed ${manifest.code}: user ${u.login} names unknown role ${a.role}`);
        tx.create(UserRole, { tenant, user, role, regionCode: a.region ?? null });
      }
      logins.push({
        tenant: manifest.code, login: u.login, displayName: u.displayName, systemRoles: u.systemRoles,
        roles: u.roles.map((a) => (a.region ? `${a.role}@${a.region}` : a.role)),
      });
    });
    // Seeded rule sets are published as version 1 (their test cases run in the test suite).
    for (const document of documents) {
      tx.create(RuleSetVersion, {
        tenant, key: document.key, version: 1, status: 'PUBLISHED', document: document as Record<string, unknown>,
        effectiveFrom: document.effectiveFrom ?? null, effectiveTo: document.effectiveTo ?? null, publishedAt: new Date(),
      });
    }
    await tx.flush();
    return logins;
  });
}

/** The platform's own tenant and its administrator (who creates and suspends tenants). */
export const platformManifest: TenantManifest = {
  code: 'platform',
  name: 'Channelflow 平台',
  nameEn: 'Channelflow platform',
  regions: [],
  roles: [],
  dealers: [],
  users: [{ login: 'admin', displayName: '平台管理员', systemRoles: ['PLATFORM_ADMIN'], roles: [] }],
};

export async function seedPlatform(em: EntityManager, password: string): Promise<SeededLogin[] | null> {
  const created = await seedTenant(em, platformManifest, password);
  if (created) await em.nativeUpdate(Tenant, { code: 'platform' }, { isPlatform: true });
  return created;
}
