import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/test-app.js';
import { createAcmeCopy } from '../dms/dms-tenant.js';
import { purchaseRecords } from '../dms/purchase-records.js';
import { Client, createWorkflowApp, eventually } from './workflow-test-support.js';

/** A filled-in dealer-onboarding form (the start form is checked on the server). */
const onboardingApplication = { companyName: '深圳华芯城微电子有限公司', unifiedSocialCreditCode: '91440300MA5F12340X', homeRegion: 'R-SOUTH', contactName: '李四', contactPhone: '13800000001' };

let t: TestApp;
let code: string;
let hefang: Client, sunli: Client, liuyang: Client, zhoutao: Client, d05: Client, beta: Client;

beforeAll(async () => {
  t = await createWorkflowApp({ workers: true, pollingIntervalSeconds: 0.5 });
  ({ code } = await createAcmeCopy(t.orm, ['sunli', 'liuyang', 'zhoutao']));
  [hefang, sunli, liuyang, zhoutao, d05, beta] = await Promise.all([
    Client.login(t.app, code, 'hefang'), Client.login(t.app, code, 'sunli'), Client.login(t.app, code, 'liuyang'),
    Client.login(t.app, code, 'zhoutao'), Client.login(t.app, code, 'd05.buyer'), Client.login(t.app, 'beta-tools', 'admin'),
  ]);
}, 120_000);
afterAll(async () => t?.close());

const ended = (c: Client, id: string) => eventually(async () => (await c.get(`/api/instances/${id}`)).json(), (i) => i.status !== 'RUNNING', `instance ${id} ended`);
const dealerRow = async (dealer: string) => {
  const [row] = await t.orm.em.fork().getConnection().execute<{ status: string; tier: string }[]>(
    'select d.status, d.tier from dealer d join tenant t on t.id = d.tenant_id where t.code = ? and d.code = ?', [code, dealer]);
  return row;
};
const tierChanges = async (dealer: string) => t.orm.em.fork().getConnection().execute<{ tier: string; previous_tier: string; effective_from: string; review_year: number }[]>(
  `select c.tier, c.previous_tier, c.effective_from, c.review_year from dealer_tier_change c join dealer d on d.id = c.dealer_id join tenant t on t.id = c.tenant_id
    where t.code = ? and d.code = ? order by c.effective_from`, [code, dealer]);
const taskOf = (c: Client, instanceId: string) => eventually(async () => ((await c.get('/api/tasks?box=todo')).json().tasks as { id: string; instanceId: string }[]).find((x) => x.instanceId === instanceId), (x) => x !== undefined, 'a task');

describe('activateDealer: the end of onboarding', () => {
  it('a dealer user’s application acts on its own dealer only: naming D12 from D05 stops on an incident, D12 unchanged', async () => {
    const started = await d05.post('/api/workflows/dealer-onboarding/instances', { variables: { dealerCode: 'D12', application: onboardingApplication }, idempotencyKey: `onboard-D12-by-D05-${code}` });
    expect(started.statusCode, started.body).toBe(201);
    for (const c of [liuyang, sunli]) await c.post(`/api/tasks/${(await taskOf(c, started.json().id))!.id}/approve`, {});
    const inst = await eventually(async () => (await hefang.get(`/api/instances/${started.json().id}`)).json(), (i) => i.incidents.length > 0, 'an incident');
    expect(inst.status).toBe('RUNNING');
    expect(inst.incidents[0]).toMatchObject({ nodeId: 'activateDealer', code: 'FLW_ERR_ACTION_FAILED' });
    expect(inst.incidents[0].message).toContain('DMS_ERR_ACTION_SCOPE');
    expect((await dealerRow('D12')).status).toBe('PENDING_ONBOARDING');
    expect((await hefang.post(`/api/instances/${started.json().id}/withdraw`, {})).statusCode).toBe(200);
  });

  it('channel and finance approve D12’s application: the dealer becomes ACTIVE in the records', async () => {
    expect((await dealerRow('D12')).status).toBe('PENDING_ONBOARDING');
    const started = await hefang.post('/api/workflows/dealer-onboarding/instances', { variables: { dealerCode: 'D12', application: onboardingApplication }, idempotencyKey: `onboard-D12-${code}` });
    expect(started.statusCode, started.body).toBe(201);
    const id = started.json().id;
    for (const c of [liuyang, sunli]) {
      const task = await taskOf(c, id);
      expect((await c.post(`/api/tasks/${task!.id}/approve`, {})).statusCode).toBe(200);
    }
    const inst = await ended(hefang, id);
    expect(inst).toMatchObject({ status: 'APPROVED', variables: { dealerStatus: 'ACTIVE', activation: { dealerCode: 'D12', previousStatus: 'PENDING_ONBOARDING', status: 'ACTIVE' } } });
    expect((await dealerRow('D12')).status).toBe('ACTIVE');
  });

  it('an application naming no dealer of the tenant stops on an incident instead of guessing', async () => {
    const started = (await hefang.post('/api/workflows/dealer-onboarding/instances', { variables: { dealerCode: 'D99', application: onboardingApplication }, idempotencyKey: `onboard-D99-${code}` })).json();
    for (const c of [liuyang, sunli]) await c.post(`/api/tasks/${(await taskOf(c, started.id))!.id}/approve`, {});
    const inst = await eventually(async () => (await hefang.get(`/api/instances/${started.id}`)).json(), (i) => i.incidents.length > 0, 'an incident');
    expect(inst.status).toBe('RUNNING');
    expect(inst.incidents[0]).toMatchObject({ nodeId: 'activateDealer', code: 'FLW_ERR_ACTION_FAILED' });
  });
});

describe('postRebateStatement: a quarter credited once', () => {
  it('finance names D07’s 2026-Q3, the director approves, the statement is computed from the platform’s figures and the ledger gets one PENDING entry; a second statement of the quarter posts nothing more', async () => {
    // Imported invoices of the quarter and of the same quarter a year earlier (the basis is the platform's, not typed in).
    const [tenant] = await t.orm.em.fork().getConnection().execute<{ id: string }[]>('select id from tenant where code = ?', [code]);
    const records = purchaseRecords(t.orm, tenant.id);
    await records.invoice('D07', '2026-08-15', '2500000.00');
    await records.invoice('D07', '2025-08-15', '2000000.00');
    const variables = { dealerCode: 'D07', period: '2026-Q3', designWins: 1, financeConfirmed: false };
    const runOnce = async (key: string) => {
      const started = await sunli.post('/api/workflows/rebate-statement/instances', { variables, idempotencyKey: key });
      expect(started.statusCode, started.body).toBe(201);
      const task = await taskOf(zhoutao, started.json().id);
      await zhoutao.post(`/api/tasks/${task!.id}/approve`, {});
      return ended(sunli, started.json().id);
    };
    const first = await runOnce(`statement-1-${code}`);
    // SILVER: 1% of 2,500,000.00 = 25,000.00; growth 500,000.00 → 5,000.00; one design win 5,000.00
    expect(first).toMatchObject({ status: 'APPROVED', variables: { statement: { dealerCode: 'D07', period: '2026-Q3', status: 'CREDITED', total: '35000.00', entryStatus: 'PENDING', expiresOn: '2027-12-31' } } });
    expect(first.variables.statement.lines.map((l: { code: string; amount: string }) => [l.code, l.amount])).toEqual([
      ['BASE', '25000.00'], ['INCREMENTAL', '5000.00'], ['DESIGN_WIN_BONUS', '5000.00'], ['TECH_SUPPORT_BONUS', '0.00'], ['NEW_PRODUCT_BONUS', '0.00'],
    ]);
    const second = await runOnce(`statement-2-${code}`);
    expect(second.variables.statement).toEqual(first.variables.statement);
    const account = (await hefang.get('/api/rebates/account?dealer=D07')).json();
    expect(account.entries.filter((e: { memo: string | null }) => e.memo === 'ACME-2025-QREBATE 2026-Q3')).toHaveLength(1);
    expect(account.pending).toBe('35000.00');
  });
});

// Last: the review moves every dealer's tier (the statement above is computed on D07's SILVER).
describe('setDealerTier: the yearly review', () => {
  it('a tenant admin runs it now for every ACTIVE dealer; the flow bound to tierReview gets last year’s purchase figures and the dealer’s custom fields; each tier is recorded from 1 January; a second run starts nothing', async () => {
    const res = await hefang.post('/api/admin/tier-review', { year: 2027 });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    // D08 is suspended; D12 became ACTIVE through onboarding above
    expect(report).toMatchObject({ year: 2027, started: 11, existing: 0 });
    expect(report.instances.map((i: { dealerCode: string }) => i.dealerCode)).toEqual(['D01', 'D02', 'D03', 'D04', 'D05', 'D06', 'D07', 'D09', 'D10', 'D11', 'D12']);
    const d05Run = report.instances.find((i: { dealerCode: string }) => i.dealerCode === 'D05');
    const inst = await ended(hefang, d05Run.instanceId);
    // 2026 in the records: 9,600,000.00 invoiced, nothing fell due → on-time rate null → KPI tier STANDARD, one level down at most
    expect(inst.variables).toMatchObject({ kpiYear: 2026, reviewYear: 2027, onTimePaymentRatePct: null, purchases: { netAmount: '9600000.00', invoicedAmount: '9600000.00', orderAmount: '0.00' } });
    expect(inst.variables.dealer).toMatchObject({ code: 'D05', tier: 'PLATINUM', customFields: { certifiedFaeCount: 12 } });
    expect(inst.variables.review).toMatchObject({ evaluated: true, kpiTier: 'STANDARD', newTier: 'GOLD', reasonCodes: ['DOWNGRADE', 'DOWNGRADE_LIMITED_TO_ONE_LEVEL'] });
    // The new tier takes effect on 1 January 2027: until then D05 keeps PLATINUM.
    expect(inst).toMatchObject({ status: 'APPROVED', variables: { tierChange: { dealerCode: 'D05', previousTier: 'PLATINUM', tier: 'GOLD', changed: true, reviewYear: '2027', effectiveFrom: '2027-01-01', pending: true } } });
    expect(await dealerRow('D05')).toEqual({ status: 'ACTIVE', tier: 'PLATINUM' });
    expect(await tierChanges('D05')).toEqual([{ tier: 'GOLD', previous_tier: 'PLATINUM', effective_from: '2027-01-01', review_year: 2027 }]);
    for (const i of report.instances) await ended(hefang, i.instanceId);
    expect(await dealerRow('D04')).toEqual({ status: 'ACTIVE', tier: 'STANDARD' });
    expect((await dealerRow('D12')).tier).toBe('STANDARD');

    const again = (await hefang.post('/api/admin/tier-review', { year: 2027 })).json();
    expect(again).toMatchObject({ year: 2027, started: 0, existing: 11 });
    expect(again.instances.map((i: { instanceId: string }) => i.instanceId)).toEqual(report.instances.map((i: { instanceId: string }) => i.instanceId));
    expect(await dealerRow('D05')).toEqual({ status: 'ACTIVE', tier: 'PLATINUM' });
  });

  it('only a tenant admin may run it, and bad bodies are 400 with a pointer', async () => {
    expect((await d05.post('/api/admin/tier-review', {})).statusCode).toBe(403);
    expect((await sunli.post('/api/admin/tier-review', {})).statusCode).toBe(403);
    const bad = await hefang.post('/api/admin/tier-review', { year: 'next' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.problems[0]).toMatchObject({ in: 'body', pointer: '/year' });
    // beta-tools binds no workflow to the tierReview point: nothing to run there
    const betaRun = await beta.post('/api/admin/tier-review', { year: 2027 });
    expect(betaRun.statusCode).toBe(409);
    expect(betaRun.json()).toMatchObject({ code: 'DMS_ERR_POINT_UNBOUND', details: { point: 'tierReview' } });
  });
});
