import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dec } from '../../../rules/money.js';
import type { RuntimeClock } from '../../../server/workflows/workflow-runtime.js';
import type { TestApp } from '../../support/test-app.js';
import { Client, createWorkflowApp, eventually } from '../workflows/workflow-test-support.js';
import { createAcmeCopy } from './dms-tenant.js';

/** Engine time runs 60× faster than the wall clock (an action's 30 s backoff passes in half a second). */
const SPEED = 60;
const realStart = Date.now();
const fastClock: RuntimeClock = {
  now: () => new Date(realStart + (Date.now() - realStart) * SPEED),
  toRealTime: (d) => new Date(realStart + (d.getTime() - realStart) / SPEED),
};

let t: TestApp;
let code: string;
let tenantId: string;
let d05: Client, d06: Client, chenjing: Client, sunli: Client, hefang: Client, beta: Client;

beforeAll(async () => {
  t = await createWorkflowApp({ workers: true, pollingIntervalSeconds: 0.5, clock: fastClock });
  ({ code, tenantId } = await createAcmeCopy(t.orm, ['sunli']));
  [d05, d06, chenjing, sunli, hefang, beta] = await Promise.all([
    Client.login(t.app, code, 'd05.buyer'), Client.login(t.app, code, 'd06.buyer'), Client.login(t.app, code, 'chenjing'),
    Client.login(t.app, code, 'sunli'), Client.login(t.app, code, 'hefang'), Client.login(t.app, 'beta-tools', 'admin'),
  ]);
}, 120_000);
afterAll(async () => t?.close());

/** The order the browser test of the whole loop places: above D05's 500,000.00 threshold, over its remaining credit. */
export const d05DemoOrder = {
  lines: [{ sku: 'MCU-F103', qty: 60000 }, { sku: 'RF-WIFI6', qty: 7000 }],
  shipToRegion: 'SOUTH-SZ', shipToAddress: '深圳市福田区华强北路 1001 号', requestedOffset: '50000.00',
};

const orderOf = async (c: Client, id: string) => (await c.get(`/api/orders/${id}`)).json();
const untilStatus = (c: Client, id: string, statuses: string[]) => eventually(() => orderOf(c, id), (o) => statuses.includes(o.status), `order ${id} in ${statuses}`);
const stock = async (sku: string) => Object.fromEntries(((await hefang.get(`/api/inventory?sku=${sku}`)).json() as { warehouse: string; allocated: number }[]).map((r) => [r.warehouse, r.allocated]));
const account = async (dealer: string) => (await hefang.get(`/api/rebates/account?dealer=${dealer}`)).json();
const todoFor = async (c: Client, instanceId: string) => eventually(async () => ((await c.get('/api/tasks?box=todo')).json().tasks as { id: string; instanceId: string }[]).find((x) => x.instanceId === instanceId), (x) => x !== undefined, 'a task');

/** Every accrual's balance is its amount less what consumptions took and reversals gave back, and the balances add up. */
function expectLedgerBalanced(acc: { entries: { type: string; amount: string; balance: string }[] }) {
  const sum = (xs: string[]) => xs.reduce((a, b) => a.plus(b), new Dec(0));
  const accruals = acc.entries.filter((e) => e.type === 'ACCRUAL');
  const movements = acc.entries.filter((e) => e.type !== 'ACCRUAL');
  expect(sum(accruals.map((e) => e.balance)).toFixed(2)).toBe(sum([...accruals.map((e) => e.amount), ...movements.map((e) => e.amount)]).toFixed(2));
}

describe('the order loop: D05 submits, chenjing then sunli approve, the records move', () => {
  let orderId: string;
  let instanceId: string;

  it('a D05 draft over 500,000.00 and over its remaining credit is priced, submitted and routed RSM(R-SOUTH) → FINANCE_MANAGER', async () => {
    const created = await d05.post('/api/orders', d05DemoOrder);
    expect(created.statusCode, created.body).toBe(201);
    // MCU 60,000 × 6.80 × 0.88 × 0.96 = 344,678.40; RF 7,000 × 28.00 × 0.92 × 0.98 = 176,713.60
    expect(created.json()).toMatchObject({ status: 'DRAFT', orderAmount: '521392.00', rebateOffset: '50000.00', payableAmount: '471392.00' });
    orderId = created.json().id;

    const submitted = await d05.post(`/api/orders/${orderId}/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'SUBMITTED', id: orderId });
    instanceId = submitted.json().workflowInstanceId;
    expect(instanceId).toMatch(/^[0-9a-f-]{36}$/);
    const again = await d05.post(`/api/orders/${orderId}/submit`);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().workflowInstanceId).toBe(instanceId);

    const inst = (await d05.get(`/api/instances/${instanceId}`)).json();
    expect(inst.variables.dealer).toMatchObject({ code: 'D05', tier: 'PLATINUM', arOutstanding: '9600000.00', availableCredit: '400000.00', maxDaysOverdue: 0 });
    // The flow is told the amounts the order was priced at; it does not price again.
    expect(inst.variables.order).toMatchObject({ orderAmount: '521392.00', appliedOffset: '50000.00', payableAmount: '471392.00', customFields: {} });
    expect(inst.variables.order.lines.map((l: { sku: string; lineAmount: string; free: boolean }) => [l.sku, l.lineAmount, l.free])).toEqual([['MCU-F103', '344678.40', false], ['RF-WIFI6', '176713.60', false]]);
    expect(inst.variables.pricing).toMatchObject({ orderAmount: '521392.00' });
    expect(inst.variables.rebate).toMatchObject({ appliedOffset: '50000.00', payableAmount: '471392.00' });
    expect(inst.variables.routing).toMatchObject({
      decision: 'PENDING_APPROVAL', reasonCodes: ['AMOUNT_OVER_500K', 'CREDIT_EXCEEDED'], payableAmount: '471392.00', creditExcess: '71392.00',
      steps: [{ role: 'REGIONAL_SALES_MANAGER', region: 'R-SOUTH' }, { role: 'FINANCE_MANAGER' }],
    });
  });

  it('chenjing approves, then sunli: the order is ALLOCATED from WH-SZ, the offset consumed earliest expiry first, the ledger balances', async () => {
    const before = { mcu: await stock('MCU-F103'), wifi: await stock('RF-WIFI6'), available: (await account('D05')).available };
    expect(before.available).toBe('1070000.00');
    const first = await todoFor(chenjing, instanceId);
    expect((await sunli.get('/api/tasks?box=todo')).json().tasks.map((x: { instanceId: string }) => x.instanceId)).not.toContain(instanceId);
    expect((await chenjing.post(`/api/tasks/${first!.id}/approve`, { comment: '同意，华南重点客户' })).statusCode).toBe(200);
    const second = await todoFor(sunli, instanceId);
    expect((await sunli.post(`/api/tasks/${second!.id}/approve`, { comment: '信用超额 71,392.00，已确认回款计划' })).statusCode).toBe(200);

    const order = await untilStatus(d05, orderId, ['ALLOCATED', 'BACKORDERED']);
    expect(order).toMatchObject({ status: 'ALLOCATED', orderAmount: '521392.00', rebateOffset: '50000.00', payableAmount: '471392.00', shippingCost: '50.00' });
    expect(order.lines.map((l: { sku: string; allocatedWarehouse: string }) => [l.sku, l.allocatedWarehouse])).toEqual([['MCU-F103', 'WH-SZ'], ['RF-WIFI6', 'WH-SZ']]);
    expect(order.allocation).toMatchObject({ status: 'SINGLE', allocations: [{ warehouse: 'WH-SZ' }] });
    expect((await stock('MCU-F103'))['WH-SZ']).toBe(before.mcu['WH-SZ'] + 60000);
    expect((await stock('RF-WIFI6'))['WH-SZ']).toBe(before.wifi['WH-SZ'] + 7000);
    expect((await stock('RF-WIFI6'))['WH-SH']).toBe(before.wifi['WH-SH']);

    const acc = await account('D05');
    expect(acc.available).toBe('1020000.00');
    const consumption = acc.entries.find((e: { type: string }) => e.type === 'CONSUMPTION');
    expect(consumption).toMatchObject({ amount: '-50000.00' });
    // the 2025-Q2 accrual expires first (2026-12-31), so the offset came from it
    expect(acc.entries.filter((e: { type: string }) => e.type === 'ACCRUAL').map((e: { amount: string; balance: string; expiresOn: string }) => [e.amount, e.balance, e.expiresOn]))
      .toEqual([['800000.00', '750000.00', '2026-12-31'], ['270000.00', '270000.00', '2027-12-31']]);
    expectLedgerBalanced(acc);
    const inst = (await d05.get(`/api/instances/${instanceId}`)).json();
    expect(inst).toMatchObject({ status: 'APPROVED' });
    expect(inst.variables.offset).toMatchObject({ appliedOffset: '50000.00' });
    expect(inst.variables.allocation).toMatchObject({ status: 'ALLOCATED', warehouses: ['WH-SZ'] });
  });

  it('the timeline tells it in plain words, oldest first, with who and their comments', async () => {
    const res = await d05.get(`/api/orders/${orderId}/timeline`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { at: string; kind: string; label: { zh: string; en: string }; actorName: string | null; comment: string | null }[];
    expect(items.map((i) => i.kind)).toEqual([
      'created', 'submitted', 'routed', 'approvalAssigned', 'approvalApproved', 'approvalAssigned', 'approvalApproved', 'priced', 'rebateConsumed', 'stockAllocated', 'approved',
    ]);
    expect(items.map((i) => i.at)).toEqual([...items.map((i) => i.at)].sort());
    expect(items.filter((i) => i.kind === 'approvalApproved').map((i) => [i.actorName, i.comment])).toEqual([['陈静', '同意，华南重点客户'], ['孙丽', '信用超额 71,392.00，已确认回款计划']]);
    expect(items.find((i) => i.kind === 'rebateConsumed')!.label.zh).toContain('¥50,000.00');
    expect(items.find((i) => i.kind === 'stockAllocated')!.label.en).toBe('Stock allocated from WH-SZ');
    expect(items.at(-1)!.label.zh).toContain('已分配库存');
  });

  it('cancelling the allocated order returns the rebate to the same accrual and releases the stock', async () => {
    const before = { mcu: await stock('MCU-F103'), wifi: await stock('RF-WIFI6') };
    const res = await d05.post(`/api/orders/${orderId}/cancel`, { reason: '客户项目延期' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'CANCELLED' });
    expect((await stock('MCU-F103'))['WH-SZ']).toBe(before.mcu['WH-SZ'] - 60000);
    expect((await stock('RF-WIFI6'))['WH-SZ']).toBe(before.wifi['WH-SZ'] - 7000);
    const acc = await account('D05');
    expect(acc.available).toBe('1070000.00');
    expect(acc.entries.map((e: { type: string; amount: string }) => [e.type, e.amount])).toContainEqual(['REVERSAL', '50000.00']);
    expectLedgerBalanced(acc);
    const kinds = (await d05.get(`/api/orders/${orderId}/timeline`)).json().items.map((i: { kind: string }) => i.kind);
    expect(kinds.slice(-2)).toEqual(['rebateReturned', 'cancelled']);
    const twice = await d05.post(`/api/orders/${orderId}/cancel`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('DMS_ERR_ORDER_STATE');
  });
});

describe('other ways through the loop', () => {
  it('withdrawn while in approval: the order is CANCELLED with the instance, nothing was consumed', async () => {
    const o = (await d05.post('/api/orders', d05DemoOrder)).json();
    const submitted = (await d05.post(`/api/orders/${o.id}/submit`, { idempotencyKey: `submit-${o.id}` })).json();
    const res = await d05.post(`/api/orders/${o.id}/cancel`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('CANCELLED');
    expect((await d05.get(`/api/instances/${submitted.workflowInstanceId}`)).json().status).toBe('CANCELLED');
    expect((await account('D05')).available).toBe('1070000.00');
    expect((await d05.get(`/api/orders/${o.id}/timeline`)).json().items.at(-1).kind).toBe('cancelled');
  });

  it('rejected by the regional manager: REJECTED, the rebate untouched', async () => {
    const o = (await d05.post('/api/orders', d05DemoOrder)).json();
    const inst = (await d05.post(`/api/orders/${o.id}/submit`, {})).json().workflowInstanceId;
    const task = await todoFor(chenjing, inst);
    expect((await chenjing.post(`/api/tasks/${task!.id}/reject`, { comment: '价格需重新谈' })).statusCode).toBe(200);
    expect((await orderOf(d05, o.id)).status).toBe('REJECTED');
    expect((await account('D05')).available).toBe('1070000.00');
    const items = (await d05.get(`/api/orders/${o.id}/timeline`)).json().items;
    expect(items.at(-2)).toMatchObject({ kind: 'approvalRejected', actorName: '陈静', comment: '价格需重新谈' });
    expect(items.at(-1).kind).toBe('rejected');
    expect((await d05.post(`/api/orders/${o.id}/submit`, { idempotencyKey: 'another-key-123' })).statusCode).toBe(409);
  });

  it('退回 to the dealer: the order stays SUBMITTED with a resubmit task in the dealer’s inbox; declining it cancels the order', async () => {
    const o = (await d05.post('/api/orders', d05DemoOrder)).json();
    const inst = (await d05.post(`/api/orders/${o.id}/submit`, {})).json().workflowInstanceId;
    const task = await todoFor(chenjing, inst);
    const returned = await chenjing.post(`/api/tasks/${task!.id}/return`, { targetNodeId: 'start', comment: '请补充项目信息' });
    expect(returned.statusCode, returned.body).toBe(200);
    expect((await orderOf(d05, o.id)).status).toBe('SUBMITTED');
    const items = (await d05.get(`/api/orders/${o.id}/timeline`)).json().items;
    expect(items.at(-1)).toMatchObject({ kind: 'resubmitRequested', actorName: '深圳华芯城 采购' });
    expect(items.at(-2)).toMatchObject({ kind: 'approvalReturned', actorName: '陈静', comment: '请补充项目信息' });
    const resubmit = await todoFor(d05, inst);
    // the instance's variables come from the order record: the dealer cannot rewrite them (its credit, the amount) through the task
    const current = (await d05.get(`/api/instances/${inst}`)).json().variables;
    const rewritten = await d05.post(`/api/tasks/${resubmit!.id}/approve`, { formPatch: { dealer: { ...current.dealer, arOutstanding: '0.00' } } });
    expect(rewritten.statusCode, rewritten.body).toBe(400);
    expect(rewritten.json().details.problems).toEqual([expect.objectContaining({ pointer: '/formPatch/dealer', code: 'RECORD' })]);
    expect((await d05.post(`/api/tasks/${resubmit!.id}/reject`, { comment: '不再需要' })).statusCode).toBe(200);
    expect((await orderOf(d05, o.id)).status).toBe('CANCELLED');
    expect((await account('D05')).available).toBe('1070000.00');
  });

  it('another instance naming a submitted order cannot act on it: the actions stop on an incident, the order and its stock stay as they were', async () => {
    const o = (await d05.post('/api/orders', d05DemoOrder)).json();
    const inst = (await d05.post(`/api/orders/${o.id}/submit`, {})).json().workflowInstanceId;
    const before = await stock('MCU-F103');
    const variables = (await hefang.get(`/api/instances/${inst}`)).json().variables;
    const started = await hefang.post('/api/workflows/dealer-order-approval/instances', { variables: { dealer: variables.dealer, order: variables.order, rebateEntries: [], fulfilment: variables.fulfilment ?? {} } });
    expect(started.statusCode, started.body).toBe(201);
    const other = started.json().id;
    for (const c of [chenjing, sunli]) expect((await c.post(`/api/tasks/${(await todoFor(c, other))!.id}/approve`, {})).statusCode).toBe(200);
    const stopped = await eventually(async () => (await hefang.get(`/api/instances/${other}`)).json(), (i) => i.incidents.length > 0, 'an incident');
    expect(stopped.incidents[0]).toMatchObject({ code: 'FLW_ERR_ACTION_FAILED' });
    expect(stopped.incidents[0].message).toContain('DMS_ERR_ACTION_SCOPE');
    expect((await orderOf(d05, o.id)).status).toBe('SUBMITTED');
    expect(await stock('MCU-F103')).toEqual(before);
    expect((await d05.post(`/api/orders/${o.id}/cancel`, {})).statusCode).toBe(200);
  });

  it('a tenant admin submits a small D06 order: auto-approved, the actions run, ALLOCATED', async () => {
    const o = (await hefang.post('/api/orders', { dealerCode: 'D06', lines: [{ sku: 'PWR-DCDC5A', qty: 4000 }], shipToRegion: 'SOUTH-GZ' })).json();
    const submitted = await hefang.post(`/api/orders/${o.id}/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(200);
    const done = await untilStatus(hefang, o.id, ['ALLOCATED', 'BACKORDERED']);
    expect(done).toMatchObject({ status: 'ALLOCATED', rebateOffset: '0.00' });
    const kinds = (await d06.get(`/api/orders/${o.id}/timeline`)).json().items.map((i: { kind: string }) => i.kind);
    expect(kinds).toEqual(['created', 'submitted', 'routed', 'priced', 'stockAllocated', 'approved']);
  });

  it('an allocation that fails is retried with backoff, applies once, and the rebate is consumed once', async () => {
    const o = (await d05.post('/api/orders', { ...d05DemoOrder, requestedOffset: '1000.00' })).json();
    const before = { mcu: (await stock('MCU-F103'))['WH-SZ'], available: (await account('D05')).available };
    // The stock table refuses writes for this tenant: the allocation's transaction fails and rolls back.
    const conn = t.orm.em.fork().getConnection();
    await conn.execute(`create or replace function order_loop_refuse_stock() returns trigger language plpgsql as $$ begin raise exception 'warehouse system offline'; end $$`);
    await conn.execute(`create trigger order_loop_refuse_stock before update on inventory_level for each row when (new.tenant_id = '${tenantId}') execute function order_loop_refuse_stock()`);
    let instanceId = '';
    try {
      instanceId = (await d05.post(`/api/orders/${o.id}/submit`, {})).json().workflowInstanceId;
      await todoFor(chenjing, instanceId).then((x) => chenjing.post(`/api/tasks/${x!.id}/approve`, {}));
      await todoFor(sunli, instanceId).then((x) => sunli.post(`/api/tasks/${x!.id}/approve`, {}));
      await eventually(async () => (await d05.get(`/api/instances/${instanceId}/timeline`)).json() as { type: string; data: { nodeId?: string; willRetry?: boolean } }[],
        (tl) => tl.some((e) => e.type === 'serviceFailed' && e.data.nodeId === 'allocate' && e.data.willRetry === true), 'a failed allocation attempt');
      expect((await orderOf(d05, o.id)).status).toBe('SUBMITTED');
    } finally {
      await conn.execute('drop trigger if exists order_loop_refuse_stock on inventory_level');
    }
    const order = await untilStatus(d05, o.id, ['ALLOCATED', 'BACKORDERED']);
    expect(order.status).toBe('ALLOCATED');
    expect((await stock('MCU-F103'))['WH-SZ']).toBe(before.mcu + 60000);
    const acc = await account('D05');
    expect(new Dec(before.available).minus(acc.available).toFixed(2)).toBe('1000.00');
    expect(acc.entries.filter((e: { type: string }) => e.type === 'CONSUMPTION')).toHaveLength(2);
    expectLedgerBalanced(acc);
    const runs = await conn.execute<{ action: string; attempt: number }[]>('select action, attempt from workflow_action_run where instance_id = ? order by created_at', [instanceId]);
    expect(runs.map((r) => r.action)).toEqual(['priceOrder', 'applyRebateOffset', 'allocateStock']);
    expect(runs[2].attempt).toBeGreaterThan(1);
    const events = (await d05.get(`/api/instances/${instanceId}/timeline`)).json() as { type: string; data: { nodeId?: string } }[];
    expect(events.filter((e) => e.type === 'serviceSucceeded' && e.data.nodeId === 'allocate')).toHaveLength(1);
    await d05.post(`/api/orders/${o.id}/cancel`, {});
  });
});

describe('walls and bad requests', () => {
  let orderId: string;
  beforeAll(async () => {
    orderId = (await d05.post('/api/orders', d05DemoOrder)).json().id;
  });

  it("D06 can neither submit, cancel nor read D05's order or its timeline (404); nor can beta-tools", async () => {
    for (const c of [d06, beta]) {
      for (const res of [await c.post(`/api/orders/${orderId}/submit`, {}), await c.post(`/api/orders/${orderId}/cancel`, {}), await c.get(`/api/orders/${orderId}/timeline`), await c.get(`/api/orders/${orderId}`)]) {
        expect(res.statusCode, res.body).toBe(404);
        expect(res.json().code).toBe('CF_ERR_NOT_FOUND');
      }
    }
    expect((await orderOf(d05, orderId)).status).toBe('DRAFT');
    expect((await chenjing.post(`/api/orders/${orderId}/submit`, {})).statusCode).toBe(403);
  });

  it('bad bodies and ids answer 400 with pointers and change nothing', async () => {
    const submit = await d05.post(`/api/orders/${orderId}/submit`, { idempotencyKey: 42, surprise: true });
    expect(submit.statusCode).toBe(400);
    expect(submit.json().details.problems.map((p: { pointer: string }) => p.pointer).sort()).toEqual(['/idempotencyKey', '/surprise']);
    const cancel = await d05.post(`/api/orders/${orderId}/cancel`, { reason: '' });
    expect(cancel.statusCode).toBe(400);
    expect(cancel.json().details.problems[0]).toMatchObject({ in: 'body', pointer: '/reason' });
    const badId = await d05.get('/api/orders/not-an-id/timeline');
    expect(badId.statusCode).toBe(400);
    expect(badId.json().details.problems[0]).toMatchObject({ in: 'params', pointer: '/id' });
    expect((await orderOf(d05, orderId)).status).toBe('DRAFT');
    const draftTimeline = (await d05.get(`/api/orders/${orderId}/timeline`)).json();
    expect(draftTimeline.items.map((i: { kind: string }) => i.kind)).toEqual(['created']);
  });

  it('a POST without any body is fine (the body is optional): a draft is cancelled as it is', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/api/orders/${orderId}/cancel`, headers: { authorization: `Bearer ${d05.token}` } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'CANCELLED', workflowInstanceId: null });
    expect((await d05.get(`/api/orders/${orderId}/timeline`)).json().items.map((i: { kind: string }) => i.kind)).toEqual(['created', 'cancelled']);
  });
});
