import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { formatJson } from '../../../server/bundle/json-format.js';
import { DEALER_FILTER, TENANT_FILTER } from '../../../server/db/orm.js';
import { seedDmsRecords, recordsDir } from '../../../server/dms/dms-seed.service.js';
import type { DmsContext } from '../../../server/dms/dms-context.js';
import { Tenant } from '../../../server/entities/index.js';
import { readSeedTenant } from '../../../server/seed/seed-files.js';
import { seedTenant } from '../../../server/seed/tenant-seed.service.js';
import { TEST_PASSWORD } from '../../support/fixtures.js';

/** Rewrites of bundle files by path (the parsed JSON in, the JSON to deploy out); a path the bundle lacks is added. */
export type BundleEdits = Record<string, (json: Record<string, unknown> | null) => Record<string, unknown>>;

/** A private copy of a shipped tenant: its code, id, and a context whose filters are set to it. */
export interface TenantCopy { code: string; tenantId: string; ctx: () => DmsContext }

/**
 * A private copy of a shipped tenant (bundle, the people in `logins`, its dealers and DMS records)
 * under a fresh code, so tests may move stock, post to ledgers and add receivables without touching
 * the shared tenant. `edits` changes the bundle first; managers outside `logins` are dropped (all of
 * them unless `keepManagers`).
 */
export async function createShippedCopy(
  orm: MikroORM, shipped: string, options: { prefix: string; logins: ReadonlySet<string>; edits?: BundleEdits; keepManagers?: boolean },
): Promise<TenantCopy> {
  const code = `${options.prefix}-${randomBytes(4).toString('hex')}`;
  const seed = readSeedTenant(shipped);
  const edits = options.edits ?? {};
  const parse = (content: string | Uint8Array) => JSON.parse(typeof content === 'string' ? content : new TextDecoder().decode(content)) as Record<string, unknown>;
  const bundle = seed.bundle.map((f) => {
    const edit = edits[f.path];
    if (f.path !== 'tenant.json') return edit ? { path: f.path, content: formatJson(edit(parse(f.content))) } : f;
    const manifest = parse(f.content);
    return { path: f.path, content: formatJson({ ...(edit ? edit(manifest) : manifest), code }) };
  });
  for (const [path, edit] of Object.entries(edits)) if (!bundle.some((f) => f.path === path)) bundle.push({ path, content: formatJson(edit(null)) });
  // Only the people the tests log in as: scrypt hashing every demo user costs seconds.
  const users = seed.demo.users.filter((u) => options.logins.has(u.login))
    .map((u) => ({ ...u, manager: options.keepManagers && u.manager && options.logins.has(u.manager) ? u.manager : undefined }));
  await seedTenant(orm.em.fork(), bundle, { ...seed.demo, users }, TEST_PASSWORD);
  const em = orm.em.fork();
  const tenant = await em.findOneOrFail(Tenant, { code });
  await em.transactional(async (tx) => {
    tx.setFilterParams(TENANT_FILTER, { tenantId: tenant.id });
    tx.setFilterParams(DEALER_FILTER, {});
    await seedDmsRecords(tx, tenant.id, shipped, recordsDir(shipped));
  });
  return {
    code,
    tenantId: tenant.id,
    ctx: () => {
      const fork = orm.em.fork({ clear: true });
      fork.setFilterParams(TENANT_FILTER, { tenantId: tenant.id });
      fork.setFilterParams(DEALER_FILTER, {});
      return { em: fork, tenantId: tenant.id, locale: 'zh-CN' };
    },
  };
}

/** A private copy of acme-chips; `edits` changes the bundle first (another pricing rule set, order custom fields…). */
export function createAcmeCopy(orm: MikroORM, extraLogins: readonly string[] = [], edits: BundleEdits = {}): Promise<TenantCopy> {
  return createShippedCopy(orm, 'acme-chips', { prefix: 'dms', logins: new Set(['hefang', 'machao', 'chenjing', 'd05.buyer', 'd06.buyer', ...extraLogins]), edits });
}
