import type { EntityManager } from '@mikro-orm/postgresql';
import type { SystemRole } from '../../schemas/api/system-roles.js';
import { hashPassword } from '../auth/password.js';
import type { BundleFile } from '../bundle/bundle-validate.js';
import { deployBundle } from '../bundle/deploy.service.js';
import { parseJsonDocument } from '../bundle/json-document.js';
import { DEALER_FILTER, TENANT_FILTER } from '../db/orm.js';
import { Dealer, Role, Tenant, User, UserRole } from '../entities/index.js';
import { seedDmsRecords } from '../dms/dms-seed.service.js';

/** Demo master data that is not configuration: dealers and their people, staff accounts. */
export interface DemoData {
  dealers: {
    code: string; name: string; nameEn?: string; homeRegion: string; authorizedRegions: string[];
    status: 'PENDING_ONBOARDING' | 'ACTIVE' | 'SUSPENDED' | 'TERMINATED'; tier: string; customFields?: Record<string, unknown>;
  }[];
  /** `manager`: the login of the user's line manager (what managerChain approvals walk up). */
  users: { login: string; displayName: string; systemRoles: SystemRole[]; dealer?: string; manager?: string; roles: { role: string; region?: string }[] }[];
}

export interface SeededLogin {
  tenant: string;
  login: string;
  displayName: string;
  systemRoles: string[];
  roles: string[];
}

/**
 * Creates a tenant from its bundle — deployed through the same path as `channelflow deploy` — and
 * then its demo data, unless a tenant with that code exists. Every user gets `password`.
 * Returns the logins created, or null when the tenant was already there.
 */
export async function seedTenant(em: EntityManager, bundle: readonly BundleFile[], demo: DemoData, password: string): Promise<SeededLogin[] | null> {
  const manifestFile = bundle.find((f) => f.path === 'tenant.json');
  const parsed = manifestFile ? parseJsonDocument(manifestFile.content) : null;
  if (!parsed?.ok) throw new Error('seed: the bundle has no readable tenant.json');
  const manifest = parsed.value as { code: string; name: string };
  if (await em.findOne(Tenant, { code: manifest.code })) return null;

  const hashes = await Promise.all(demo.users.map(() => hashPassword(password)));
  // One transaction: the tenant, its configuration and its demo data, or nothing (the next start retries).
  return em.transactional(async (tx) => {
    const tenant = tx.create(Tenant, { code: manifest.code, name: manifest.name });
    await tx.flush();
    tx.setFilterParams(TENANT_FILTER, { tenantId: tenant.id });
    tx.setFilterParams(DEALER_FILTER, {});
    await deployBundle({ em: tx, tenantId: tenant.id, userId: null, locale: 'en' }, bundle, { message: 'initial configuration' });
    const roles = new Map((await tx.find(Role, {})).map((r) => [r.code, r]));
    const dealers = new Map(demo.dealers.map((d) => [d.code, tx.create(Dealer, { tenant: tenant.id, ...d, nameEn: d.nameEn ?? null, customFields: d.customFields ?? {} })]));
    const logins: SeededLogin[] = [];
    const users = new Map<string, User>();
    demo.users.forEach((u, i) => {
      const dealer = u.dealer ? dealers.get(u.dealer) : null;
      if (u.dealer && !dealer) throw new Error(`seed ${manifest.code}: user ${u.login} names unknown dealer ${u.dealer}`);
      const user = tx.create(User, { tenant: tenant.id, login: u.login, displayName: u.displayName, passwordHash: hashes[i], systemRoles: u.systemRoles, dealer: dealer ?? null });
      users.set(u.login, user);
      for (const a of u.roles) {
        const role = roles.get(a.role);
        if (!role) throw new Error(`seed ${manifest.code}: user ${u.login} names unknown role ${a.role}`);
        tx.create(UserRole, { tenant: tenant.id, user, role, regionCode: a.region ?? null });
      }
      logins.push({ tenant: manifest.code, login: u.login, displayName: u.displayName, systemRoles: u.systemRoles, roles: u.roles.map((a) => (a.region ? `${a.role}@${a.region}` : a.role)) });
    });
    await tx.flush();
    for (const u of demo.users) {
      if (!u.manager) continue;
      const manager = users.get(u.manager);
      if (!manager) throw new Error(`seed ${manifest.code}: user ${u.login} names unknown manager ${u.manager}`);
      users.get(u.login)!.manager = manager;
    }
    assertNoManagerCycle(manifest.code, demo.users);
    await tx.flush();
    await seedDmsRecords(tx, tenant.id, manifest.code);
    return logins;
  });
}

/**
 * A shipped tenant seeded by an earlier release, whose deployed manifest binds no extension point
 * (the platform calls nothing of it until it does): its shipped bundle is deployed again as a new
 * deployment (the old versions stay, and a rollback brings them back). Returns whether it did.
 */
export async function upgradeShippedTenant(em: EntityManager, bundle: readonly BundleFile[]): Promise<boolean> {
  const manifestFile = bundle.find((f) => f.path === 'tenant.json');
  const parsed = manifestFile ? parseJsonDocument(manifestFile.content) : null;
  if (!parsed?.ok) return false;
  const code = (parsed.value as { code: string }).code;
  const tenant = await em.findOne(Tenant, { code });
  if (!tenant || tenant.settings?.extensionPoints) return false;
  await em.transactional(async (tx) => {
    tx.setFilterParams(TENANT_FILTER, { tenantId: tenant.id });
    tx.setFilterParams(DEALER_FILTER, {});
    await deployBundle({ em: tx, tenantId: tenant.id, userId: null, locale: 'en' }, bundle, { message: 'upgrade: the shipped configuration binds the extension points' });
  });
  return true;
}

function assertNoManagerCycle(tenant: string, users: DemoData['users']): void {
  const managerOf = new Map(users.map((u) => [u.login, u.manager]));
  for (const u of users) {
    const seen = new Set<string>();
    for (let cur: string | undefined = u.login; cur !== undefined; cur = managerOf.get(cur)) {
      if (seen.has(cur)) throw new Error(`seed ${tenant}: the managers of ${u.login} form a cycle`);
      seen.add(cur);
    }
  }
}

/** The platform's own tenant and its administrator (who creates tenants). */
export async function seedPlatform(em: EntityManager, password: string): Promise<SeededLogin[] | null> {
  if (await em.findOne(Tenant, { code: 'platform' })) return null;
  const passwordHash = await hashPassword(password);
  await em.transactional(async (tx) => {
    const tenant = tx.create(Tenant, { code: 'platform', name: 'Channelflow 平台', nameEn: 'Channelflow platform', isPlatform: true });
    tx.create(User, { tenant, login: 'admin', displayName: '平台管理员', passwordHash, systemRoles: ['PLATFORM_ADMIN'] });
  });
  return [{ tenant: 'platform', login: 'admin', displayName: '平台管理员', systemRoles: ['PLATFORM_ADMIN'], roles: [] }];
}
