import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { formatJson } from '../../../server/bundle/json-format.js';
import { DEALER_FILTER, TENANT_FILTER } from '../../../server/db/orm.js';
import { recordsDir, seedDmsRecords } from '../../../server/dms/dms-seed.service.js';
import type { DmsContext } from '../../../server/dms/dms-context.js';
import { Tenant } from '../../../server/entities/index.js';
import { readSeedTenant } from '../../../server/seed/seed-files.js';
import { seedTenant } from '../../../server/seed/tenant-seed.service.js';
import { TEST_PASSWORD } from '../../support/fixtures.js';

/** The people the loop tests log in as (scrypt hashing every demo user costs seconds). */
export const qingquanLogins = ['songjia', 'qianwei', 'zhoumin', 'guojg', 'linxiao', 'xujing', 'q01.buyer', 'q04.buyer'] as const;

/**
 * A private copy of qingquan-beverage (bundle, dealers, people and the DMS records) under a fresh
 * code, so a test may move stock and post to ledgers without touching the shared tenant. Managers
 * are dropped with the people left out (the approvers' chain ends at the VP anyway).
 */
export async function createQingquanCopy(orm: MikroORM, extraLogins: readonly string[] = []): Promise<{ code: string; tenantId: string; ctx: () => DmsContext }> {
  const code = `qq-${randomBytes(4).toString('hex')}`;
  const seed = readSeedTenant('qingquan-beverage');
  const bundle = seed.bundle.map((f) => {
    if (f.path !== 'tenant.json') return f;
    const manifest = JSON.parse(typeof f.content === 'string' ? f.content : new TextDecoder().decode(f.content)) as Record<string, unknown>;
    return { path: f.path, content: formatJson({ ...manifest, code }) };
  });
  const logins = new Set<string>([...qingquanLogins, ...extraLogins]);
  const users = seed.demo.users.filter((u) => logins.has(u.login)).map((u) => ({ ...u, manager: u.manager && logins.has(u.manager) ? u.manager : undefined }));
  await seedTenant(orm.em.fork(), bundle, { ...seed.demo, users }, TEST_PASSWORD);
  const em = orm.em.fork();
  const tenant = await em.findOneOrFail(Tenant, { code });
  await em.transactional(async (tx) => {
    tx.setFilterParams(TENANT_FILTER, { tenantId: tenant.id });
    tx.setFilterParams(DEALER_FILTER, {});
    await seedDmsRecords(tx, tenant.id, 'qingquan-beverage', recordsDir('qingquan-beverage'));
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
