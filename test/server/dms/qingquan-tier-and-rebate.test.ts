import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/test-app.js';
import { Client, createWorkflowApp, eventually } from '../workflows/workflow-test-support.js';
import { purchaseRecords } from './purchase-records.js';
import { createQingquanCopy } from './qingquan-tenant.js';

/**
 * qingquan-beverage's rebate statements, yearly tier review and onboarding, from the platform's own records,
 * through its own bindings: quarterly % of eligible purchases by its tiers with a tea bonus and a
 * growth bonus; tiers from outlets served (a dealer custom field) and last year's purchases.
 */
let t: TestApp;
let copy: Awaited<ReturnType<typeof createQingquanCopy>>;
let records: ReturnType<typeof purchaseRecords>;
let songjia: Client, zhoumin: Client, guojg: Client, lina: Client, q08: Client;

beforeAll(async () => {
  t = await createWorkflowApp({ workers: true, pollingIntervalSeconds: 0.5 });
  copy = await createQingquanCopy(t.orm, ['lina', 'q08.boss']);
  records = purchaseRecords(t.orm, copy.tenantId);
  [songjia, zhoumin, guojg, lina, q08] = await Promise.all(['songjia', 'zhoumin', 'guojg', 'lina', 'q08.boss'].map((login) => Client.login(t.app, copy.code, login)));
}, 180_000);
afterAll(async () => t?.close());

const sql = <T>(text: string, params: unknown[]) => t.orm.em.fork().getConnection().execute<T[]>(text, params);
const tierOf = async (dealer: string) => (await sql<{ tier: string }>('select tier from dealer where tenant_id = ? and code = ?', [copy.tenantId, dealer]))[0].tier;
const instance = (c: Client, id: string) => eventually(async () => (await c.get(`/api/instances/${id}`)).json(), (i) => i.status !== 'RUNNING' || i.incidents.length > 0, `instance ${id} ended`);
const available = async (dealer: string) => (await songjia.get(`/api/rebates/account?dealer=${dealer}`)).json().available as string;

/** Finance starts the statement flow, the VP approves, the post action runs. */
async function statement(dealerCode: string, period: string) {
  const started = await zhoumin.post('/api/workflows/qingquan-rebate-statement/instances', { variables: { dealerCode, period, financeConfirmed: true } });
  expect(started.statusCode, started.body).toBe(201);
  const id = started.json().id as string;
  const task = await eventually(async () => ((await guojg.get('/api/tasks?box=todo')).json().tasks as { id: string; instanceId: string }[]).find((x) => x.instanceId === id), (x) => x !== undefined, 'the VP task');
  expect((await guojg.post(`/api/tasks/${task!.id}/approve`, { comment: '同意' })).statusCode).toBe(200);
  const done = await instance(songjia, id);
  expect(done.incidents).toEqual([]);
  return done.variables.statement;
}

describe('quarterly rebate statements through the rebateStatement binding', () => {
  it('Q02 (A) in 2026-Q3: 2 % of 300,000.00 eligible, 1 % of 100,000.00 tea, 0.5 % growth on 250,000.00; juice left out: 8,500.00 credited', async () => {
    await records.order('Q02', '2026-08-10', 'APPROVED', [
      { sku: 'QQ-W550', amount: '200000.00' }, { sku: 'QQ-T500G', amount: '100000.00' }, { sku: 'QQ-J1000', amount: '50000.00' },
    ]);
    await records.order('Q02', '2025-08-01', 'APPROVED', [{ sku: 'QQ-W550', amount: '250000.00' }]);
    const before = await available('Q02');
    const out = await statement('Q02', '2026-Q3');
    // BASE 6,000.00 + TEA_PUSH 1,000.00 + GROWTH (300,000.00 ≥ 110 % × 250,000.00) 1,500.00
    expect(out).toMatchObject({ dealerCode: 'Q02', period: '2026-Q3', status: 'CREDITED', total: '8500.00' });
    // credited rebate lapses 365 days after the quarter ends (the rule set's expiresOn)
    expect(out.expiresOn).toBe('2027-09-30');
    expect(out.lines).toEqual([
      { code: 'BASE', amount: '6000.00', label: { zh: '季度基础返利', en: 'Quarterly base rebate' } },
      { code: 'TEA_PUSH', amount: '1000.00', label: { zh: '茶饮推广奖励 1%', en: 'Tea push bonus 1 %' } },
      { code: 'GROWTH', amount: '1500.00', label: { zh: '同比增长 10% 奖励 0.5%', en: 'Growth ≥ 10 % bonus 0.5 %' } },
    ]);
    expect(Number(await available('Q02')) - Number(before)).toBe(8500);
  });

  it('Q07 (B) with a diversion confirmed in 2026-Q3: the statement is computed (600.00 + 400.00) and HELD, nothing credited', async () => {
    await records.order('Q07', '2026-08-05', 'APPROVED', [{ sku: 'QQ-T500O', amount: '40000.00' }]);
    await sql(`update diversion_case set status = 'CONFIRMED', confirmed_on = '2026-08-20', dealer_id = (select id from dealer where tenant_id = ? and code = 'Q07')
      where tenant_id = ? and case_no = 'CH-2026-003'`, [copy.tenantId, copy.tenantId]);
    const before = await available('Q07');
    const out = await statement('Q07', '2026-Q3');
    // B: 1.5 % of 40,000.00 = 600.00; tea 1 % = 400.00; no growth (nothing last year)
    expect(out).toMatchObject({ status: 'HELD', total: '1000.00' });
    expect(await available('Q07')).toBe(before);
  });
});

describe('the yearly tier review through the tierReview binding', () => {
  it('reads outlets served and 2025 purchases: Q04 stays KA, Q02 stays A, Q05 rises to B, Q03 and Q01 fall to C, each from 15 January', { timeout: 180_000 }, async () => {
    await records.order('Q04', '2025-05-10', 'ALLOCATED', [{ sku: 'QQ-W550', amount: '2000000.00' }, { sku: 'QQ-T500G', amount: '1100000.00' }]);
    await records.order('Q02', '2025-06-10', 'APPROVED', [{ sku: 'QQ-W1500', amount: '1000000.00' }]);
    await records.order('Q05', '2025-07-10', 'APPROVED', [{ sku: 'QQ-W550', amount: '320000.00' }]);
    // Q05 opened outlets during the year: its custom field says 120 now
    await sql(`update dealer set custom_fields = custom_fields || '{"outletCount": 120}'::jsonb where tenant_id = ? and code = 'Q05'`, [copy.tenantId]);

    const res = await songjia.post('/api/admin/tier-review', { year: 2026 });
    expect(res.statusCode, res.body).toBe(200);
    const started = res.json().instances as { dealerCode: string; instanceId: string }[];
    const review = async (code: string) => (await instance(songjia, started.find((i) => i.dealerCode === code)!.instanceId)).variables;

    const q05 = await review('Q05');
    expect(q05.dealer).toMatchObject({ tier: 'C', customFields: { outletCount: 120 } });
    expect(q05.purchases).toMatchObject({ netAmount: '320000.00' });
    expect(q05.review).toMatchObject({ kpiTier: 'B', newTier: 'B', changed: true, reasonCode: 'UPGRADE', effectiveFrom: '2026-01-15' });
    expect(q05.tierChange).toMatchObject({ previousTier: 'C', tier: 'B', pending: false });
    // Q02: at least 1,000,000.00 (more with the 2025-Q3 order of the statement test) with 450 outlets
    expect((await review('Q02')).review).toMatchObject({ newTier: 'A', changed: false, reasonCode: 'UNCHANGED' });
    expect((await review('Q04')).review).toMatchObject({ newTier: 'KA', reasonCode: 'UNCHANGED' });
    expect((await review('Q03')).review).toMatchObject({ newTier: 'C', reasonCode: 'DOWNGRADE' });
    expect((await review('Q01')).review).toMatchObject({ newTier: 'C', reasonCode: 'DOWNGRADE' });
    expect([await tierOf('Q01'), await tierOf('Q02'), await tierOf('Q03'), await tierOf('Q04'), await tierOf('Q05')]).toEqual(['C', 'A', 'C', 'KA', 'B']);
  });
});

describe('onboarding through the dealerOnboarding binding', () => {
  it('Q08 applies from the portal account: the area manager of its province (李娜, 西南区) and finance both approve (会签), Q08 becomes ACTIVE', async () => {
    const application = {
      companyName: '重庆渝泉商贸有限公司', unifiedSocialCreditCode: '91500000MA5U7XXX1K', homeRegion: 'P-CQ', outletCount: 90,
      warehouseAreaSqm: 1200, contactName: '陈渝', contactPhone: '13800138000',
    };
    const started = await q08.post('/api/workflows/qingquan-dealer-onboarding/instances', { variables: { application, dealerCode: 'Q08' } });
    expect(started.statusCode, started.body).toBe(201);
    const id = started.json().id as string;
    for (const c of [lina, zhoumin]) {
      const task = await eventually(async () => ((await c.get('/api/tasks?box=todo')).json().tasks as { id: string; instanceId: string }[]).find((x) => x.instanceId === id), (x) => x !== undefined, 'an onboarding task');
      expect((await c.post(`/api/tasks/${task!.id}/approve`, { comment: '资料齐全' })).statusCode).toBe(200);
    }
    const done = await instance(songjia, id);
    expect(done).toMatchObject({ status: 'APPROVED', incidents: [] });
    expect(done.variables.activation).toMatchObject({ dealerCode: 'Q08', previousStatus: 'PENDING_ONBOARDING', status: 'ACTIVE' });
    expect((await sql<{ status: string }>('select status from dealer where tenant_id = ? and code = ?', [copy.tenantId, 'Q08']))[0].status).toBe('ACTIVE');
  });
});
