import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/test-app.js';
import { createAcmeCopy } from '../dms/dms-tenant.js';
import { purchaseRecords } from '../dms/purchase-records.js';
import { Client, createWorkflowApp, eventually } from './workflow-test-support.js';

let t: TestApp;
let copy: Awaited<ReturnType<typeof createAcmeCopy>>;
let hefang: Client, sunli: Client, zhoutao: Client;

beforeAll(async () => {
  t = await createWorkflowApp({ workers: true, pollingIntervalSeconds: 0.5 });
  copy = await createAcmeCopy(t.orm, ['sunli', 'zhoutao']);
  [hefang, sunli, zhoutao] = await Promise.all([Client.login(t.app, copy.code, 'hefang'), Client.login(t.app, copy.code, 'sunli'), Client.login(t.app, copy.code, 'zhoutao')]);
}, 120_000);
afterAll(async () => t?.close());

const sql = <T>(text: string, params: unknown[]) => t.orm.em.fork().getConnection().execute<T[]>(text, params);
const dealerTier = async (dealer: string) => (await sql<{ tier: string }>('select tier from dealer where tenant_id = ? and code = ?', [copy.tenantId, dealer]))[0].tier;
const ended = (id: string) => eventually(async () => (await hefang.get(`/api/instances/${id}`)).json(), (i) => i.status !== 'RUNNING', `instance ${id} ended`);

describe('the yearly review on the platform’s own records', () => {
  it('counts D07’s approved platform orders as its purchases and reads its certifiedFaeCount custom field: SILVER → GOLD from 1 January', async () => {
    const records = purchaseRecords(t.orm, copy.tenantId);
    // 2025: 21,000,000.00 of platform orders (no invoice imported yet), everything that fell due was paid.
    await records.order('D07', '2025-03-10', 'APPROVED', [{ sku: 'MCU-F103', amount: '12000000.00' }]);
    await records.order('D07', '2025-09-10', 'ALLOCATED', [{ sku: 'RF-WIFI6', amount: '9000000.00' }]);
    await records.order('D07', '2025-10-10', 'REJECTED', [{ sku: 'RF-WIFI6', amount: '50000000.00' }]);
    await records.invoice('D07', '2024-12-01', '800000.00', { dueDate: '2025-01-15', paid: true });
    // GOLD needs two certified FAEs: the dealer's own custom field says so.
    await sql(`update dealer set custom_fields = custom_fields || '{"certifiedFaeCount": 2}'::jsonb where tenant_id = ? and code = 'D07'`, [copy.tenantId]);

    const res = await hefang.post('/api/admin/tier-review', { year: 2026 });
    expect(res.statusCode, res.body).toBe(200);
    const d07 = res.json().instances.find((i: { dealerCode: string }) => i.dealerCode === 'D07');
    const inst = await eventually(async () => (await hefang.get(`/api/instances/${d07.instanceId}`)).json(), (i) => i.status !== 'RUNNING' || i.incidents.length > 0, 'ended');
    expect(inst.incidents).toEqual([]);
    expect(inst.variables.purchases).toMatchObject({ orderAmount: '21000000.00', invoicedAmount: '0.00', netAmount: '21000000.00' });
    expect(inst.variables).toMatchObject({ onTimePaymentRatePct: '100.00', dealer: { tier: 'SILVER', customFields: { certifiedFaeCount: 2 } } });
    expect(inst.variables.review).toMatchObject({ evaluated: true, kpiTier: 'GOLD', newTier: 'GOLD', reasonCodes: ['UPGRADE'], effectiveFrom: '2026-01-01' });
    // 1 January 2026 has come: the dealer is GOLD now.
    expect(inst.variables.tierChange).toMatchObject({ previousTier: 'SILVER', tier: 'GOLD', pending: false });
    expect(await dealerTier('D07')).toBe('GOLD');
    for (const i of res.json().instances) await ended(i.instanceId);
  });
});

describe('a rule set bound to rebateStatement whose outputs break the contract', () => {
  it('stops postRebateStatement on an incident at the first attempt, naming the point, the rule set and the pointer', async () => {
    // A version published before the contract existed (written straight into the table: publish would refuse it).
    const broken = {
      key: 'stepped-rebate', name: { zh: '旧版', en: 'Old version' },
      inputs: [{ name: 'tier', type: 'string' }],
      outputs: [{ name: 'total', type: 'money' }, { name: 'lines', type: 'list' }],
      steps: [
        { kind: 'assign', id: 'total', set: { total: { $expr: '100' } } },
        { kind: 'buildList', id: 'lines', into: 'lines', items: [{ value: { code: 'BASE' } }] },
      ],
    };
    const [{ version }] = await sql<{ version: number }>(`select max(version) as version from rule_set_version where tenant_id = ? and key = 'stepped-rebate'`, [copy.tenantId]);
    await sql(`update rule_set_version set status = 'SUPERSEDED' where tenant_id = ? and key = 'stepped-rebate' and status = 'PUBLISHED'`, [copy.tenantId]);
    await sql(`insert into rule_set_version (id, tenant_id, key, version, status, document, published_at, created_at, updated_at)
      values (?, ?, 'stepped-rebate', ?, 'PUBLISHED', ?::json, now(), now(), now())`, [randomUUID(), copy.tenantId, version + 1, JSON.stringify(broken)]);

    const started = await sunli.post('/api/workflows/rebate-statement/instances', { variables: { dealerCode: 'D01', period: '2026-Q1' }, idempotencyKey: `broken-${copy.code}` });
    expect(started.statusCode, started.body).toBe(201);
    const id = started.json().id;
    const task = await eventually(async () => ((await zhoutao.get('/api/tasks?box=todo')).json().tasks as { id: string; instanceId: string }[]).find((x) => x.instanceId === id), (x) => x !== undefined, 'a task');
    await zhoutao.post(`/api/tasks/${task!.id}/approve`, {});
    const inst = await eventually(async () => (await hefang.get(`/api/instances/${id}`)).json(), (i) => i.incidents.length > 0, 'an incident');
    expect(inst.status).toBe('RUNNING');
    expect(inst.incidents[0]).toMatchObject({ nodeId: 'post', code: 'FLW_ERR_ACTION_FAILED' });
    const message = inst.incidents[0].message as string;
    for (const words of ['DMS_ERR_POINT_OUTPUT', '"point":"rebateStatement"', '"ruleSet":"stepped-rebate"', `"version":${version + 1}`, '/outputs/lines/0']) expect(message).toContain(words);
    // Raised at once: one attempt, no retry with backoff.
    const timeline = (await hefang.get(`/api/instances/${id}/timeline`)).json() as { type: string; data: { nodeId?: string; attempt?: number } }[];
    expect(timeline.filter((e) => e.type === 'serviceCalled' && e.data.nodeId === 'post').map((e) => e.data.attempt)).toEqual([1]);
    const [count] = await sql<{ n: number }>(`select count(*)::int as n from rebate_statement s join dealer d on d.id = s.dealer_id where s.tenant_id = ? and d.code = 'D01' and s.period = '2026-Q1'`, [copy.tenantId]);
    expect(count.n).toBe(0);
  });
});
