import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatJson } from '../../../server/bundle/json-format.js';
import { Deployment, Tenant } from '../../../server/entities/index.js';
import { seedTenant, upgradeShippedTenant } from '../../../server/seed/tenant-seed.service.js';
import { TEST_PASSWORD } from '../../support/fixtures.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

/**
 * A data folder from before extension points: the shipped tenant there binds none, so the next start
 * deploys the shipped bundle again (a new deployment, old versions kept); a tenant that binds them
 * is left alone.
 */
let t: TestApp;
const code = `upg-${randomBytes(3).toString('hex')}`;
const manifest = (bindings?: Record<string, string>) => ({
  $schema: 'http://localhost:3000/schemas/TenantManifest.json',
  code, name: '升级', locale: 'zh-CN', currency: 'CNY',
  regions: [{ code: 'CN', name: '全国', parent: null }], roles: [],
  ...(bindings ? { extensionPoints: bindings } : {}),
});
const offset = {
  $schema: 'http://localhost:3000/schemas/RuleSet.json', key: 'no-offset', name: { zh: '不抵扣', en: 'No offset' },
  inputs: [{ name: 'orderAmount', type: 'money' }],
  outputs: [{ name: 'appliedOffset', type: 'money' }, { name: 'payableAmount', type: 'money' }],
  steps: [{ kind: 'assign', id: 'none', set: { appliedOffset: '0.00', payableAmount: { $expr: 'orderAmount' } } }],
};

beforeAll(async () => {
  t = await createTestApp();
  await seedTenant(t.orm.em.fork(), [{ path: 'tenant.json', content: formatJson(manifest()) }, { path: 'rule-sets/no-offset.json', content: formatJson(offset) }],
    { dealers: [], users: [] }, TEST_PASSWORD);
}, 120_000);
afterAll(async () => { await t?.close(); });

describe('upgradeShippedTenant', () => {
  it('deploys the shipped bundle once when the seeded tenant binds no extension point', async () => {
    const shipped = [{ path: 'tenant.json', content: formatJson(manifest({ rebateOffset: 'no-offset' })) }, { path: 'rule-sets/no-offset.json', content: formatJson(offset) }];
    expect(await upgradeShippedTenant(t.orm.em.fork(), shipped)).toBe(true);
    const em = t.orm.em.fork();
    const tenant = await em.findOneOrFail(Tenant, { code });
    expect(tenant.settings?.extensionPoints).toEqual({ rebateOffset: 'no-offset' });
    expect(await em.count(Deployment, { tenant: tenant.id }, { filters: false })).toBe(2);
    expect(await upgradeShippedTenant(t.orm.em.fork(), shipped)).toBe(false);
    expect(await upgradeShippedTenant(t.orm.em.fork(), [{ path: 'tenant.json', content: formatJson({ ...manifest(), code: 'no-such-tenant-here' }) }])).toBe(false);
  });
});
