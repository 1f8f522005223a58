import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatJson } from '../../../server/bundle/json-format.js';
import { seedTenant } from '../../../server/seed/tenant-seed.service.js';
import { TEST_PASSWORD } from '../../support/fixtures.js';
import { bearer, createTestApp, json, loginAs, type TestApp } from '../../support/test-app.js';

/**
 * GET /api/tenant/vocabulary over HTTP: two private tenants with different words; each user reads
 * its own tenant's tiers (in the dictionary's order), roles, custom fields and targets, never the
 * other's; a dealer user gets no rule-set words; no caller can pick another tenant.
 */
let t: TestApp;
const codeA = `voc-a-${randomBytes(3).toString('hex')}`;
const codeB = `voc-b-${randomBytes(3).toString('hex')}`;

const manifest = (code: string, tiers: [string, string, string][], roles: { code: string; name: string; nameEn?: string; scope: string }[], extra: Record<string, unknown> = {}) => ({
  $schema: 'http://localhost:3000/schemas/TenantManifest.json',
  code, name: `词汇 ${code}`, locale: 'zh-CN', currency: 'CNY',
  regions: [{ code: 'CN', name: '全国', parent: null }, { code: 'CN-1', name: '一区', parent: 'CN' }],
  roles,
  dictionaries: {
    dealerTier: { name: { zh: '等级', en: 'Tier' }, items: tiers.map(([c, zh, en]) => ({ code: c, label: { zh, en } })) },
  },
  ...extra,
});

const ruleSet = {
  $schema: 'http://localhost:3000/schemas/RuleSet.json',
  key: 'grade-check', name: { zh: '等级检查', en: 'Grade check' },
  inputs: [{ name: 'x', type: 'integer' }],
  outputs: [{ name: 'verdict', type: 'enum', values: ['OK', 'HOLD'], label: { zh: '结论', en: 'Verdict' } }],
  steps: [{ id: 's1', kind: 'assign', set: { verdict: 'OK' } }],
};

let adminA: string, approverA: string, dealerA: string, adminB: string;

beforeAll(async () => {
  t = await createTestApp();
  await seedTenant(t.orm.em.fork(), [
    { path: 'tenant.json', content: formatJson(manifest(codeA, [['KA', '重点客户', 'Key account'], ['A', 'A 类', 'Class A'], ['B', 'B 类', 'Class B']],
      [{ code: 'AREA_MANAGER', name: '区域经理', nameEn: 'Area manager', scope: 'REGION' }, { code: 'VP', name: '副总裁', scope: 'TENANT' }],
      {
        targets: { orderCycleHours: 12 },
        customFields: { order: { type: 'object', required: ['deliveryDate'], properties: { deliveryDate: { type: 'string', format: 'date', title: '送达日期 Delivery date' } } } },
      })) },
    { path: 'rule-sets/grade-check.json', content: formatJson(ruleSet) },
  ], {
    dealers: [{ code: 'D1', name: '一号经销商', homeRegion: 'CN-1', authorizedRegions: ['CN-1'], status: 'ACTIVE', tier: 'A' }],
    users: [
      { login: 'admin', displayName: '管理员', systemRoles: ['TENANT_ADMIN'], roles: [] },
      { login: 'approver', displayName: '审批人', systemRoles: ['APPROVER'], roles: [] },
      { login: 'd1.buyer', displayName: '采购', systemRoles: ['DEALER_USER'], dealer: 'D1', roles: [] },
    ],
  }, TEST_PASSWORD);
  await seedTenant(t.orm.em.fork(), [
    { path: 'tenant.json', content: formatJson(manifest(codeB, [['T1', '一级', 'First'], ['T2', '二级', 'Second'], ['T3', '三级', 'Third']],
      [{ code: 'BUYER_LEAD', name: '采购主管', scope: 'TENANT' }])) },
  ], { dealers: [], users: [{ login: 'admin', displayName: 'B 管理员', systemRoles: ['TENANT_ADMIN'], roles: [] }] }, TEST_PASSWORD);
  [adminA, approverA, dealerA, adminB] = await Promise.all([
    loginAs(t.app, codeA, 'admin'), loginAs(t.app, codeA, 'approver'), loginAs(t.app, codeA, 'd1.buyer'), loginAs(t.app, codeB, 'admin'),
  ]);
}, 120_000);

afterAll(async () => { await t?.close(); });

const get = (token?: string, url = '/api/tenant/vocabulary') => t.app.inject({ method: 'GET', url, headers: token ? bearer(token) : {} });

describe('GET /api/tenant/vocabulary', () => {
  it("answers the caller's tenant words: tiers best first with labels, roles in manifest order, targets and custom fields", async () => {
    const res = await get(adminA);
    expect(res.statusCode).toBe(200);
    const v = json(res);
    expect(v.tenant.code).toBe(codeA);
    expect(v.tiers).toEqual([
      { code: 'KA', label: { zh: '重点客户', en: 'Key account' } },
      { code: 'A', label: { zh: 'A 类', en: 'Class A' } },
      { code: 'B', label: { zh: 'B 类', en: 'Class B' } },
    ]);
    expect(v.roles).toEqual([
      { code: 'AREA_MANAGER', name: '区域经理', nameEn: 'Area manager', scope: 'REGION' },
      { code: 'VP', name: '副总裁', nameEn: null, scope: 'TENANT' },
    ]);
    expect(v.targets).toEqual({ orderCycleHours: 12 });
    expect(v.customFields.order.required).toEqual(['deliveryDate']);
    expect(v.dictionaries.dealerTier.items).toHaveLength(3);
    expect(v.extensionPoints).toEqual(expect.any(Object));
    expect(v.ruleSets).toEqual([expect.objectContaining({ key: 'grade-check', version: 1, outputs: [expect.objectContaining({ name: 'verdict', label: { zh: '结论', en: 'Verdict' } })] })]);
  });

  it('is open to an approver, and to a dealer user without the rule sets’ internal words', async () => {
    const approver = await get(approverA);
    expect(approver.statusCode).toBe(200);
    expect(json(approver).ruleSets).toHaveLength(1);
    const dealer = await get(dealerA);
    expect(dealer.statusCode).toBe(200);
    expect(json(dealer).tiers.map((x: { code: string }) => x.code)).toEqual(['KA', 'A', 'B']);
    expect(json(dealer).ruleSets).toEqual([]);
  });

  it('never shows another tenant’s words (and takes no tenant from the query)', async () => {
    const b = json(await get(adminB));
    expect(b.tenant.code).toBe(codeB);
    expect(b.tiers.map((x: { code: string }) => x.code)).toEqual(['T1', 'T2', 'T3']);
    expect(b.roles.map((r: { code: string }) => r.code)).toEqual(['BUYER_LEAD']);
    expect(b.targets).toEqual({});
    expect(b.customFields).toEqual({});
    expect(b.ruleSets).toEqual([]);
    const asked = json(await get(adminB, `/api/tenant/vocabulary?tenant=${codeA}`));
    expect(asked.tenant.code).toBe(codeB);
    expect(JSON.stringify(asked)).not.toContain('AREA_MANAGER');
  });

  it('names the start form of each workflow a point is bound to, from the seeded tenants’ own bindings', async () => {
    const acme = json(await get(await loginAs(t.app, 'acme-chips', 'd05.buyer')));
    expect(acme.startForms).toMatchObject({ orderApproval: 'dealer-order', dealerOnboarding: 'dealer-onboarding' });
    expect(acme.targets).toEqual({ orderCycleHours: 4 });
    const qq = json(await get(await loginAs(t.app, 'qingquan-beverage', 'q01.buyer')));
    expect(qq.extensionPoints.dealerOnboarding).toBe('qingquan-dealer-onboarding');
    expect(qq.startForms).toMatchObject({ orderApproval: 'dealer-order', dealerOnboarding: 'qingquan-onboarding' });
    expect(qq.tiers.map((x: { code: string }) => x.code)).toEqual(['KA', 'A', 'B', 'C']);
    expect(qq.customFields.order.required).toEqual(['deliveryDate']);
    // a tenant without workflows has no start forms
    expect(json(await get(adminB)).startForms).toEqual({});
  });

  it('refuses an anonymous caller (401)', async () => {
    const res = await get();
    expect(res.statusCode).toBe(401);
  });
});
