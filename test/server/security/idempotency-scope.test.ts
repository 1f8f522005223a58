import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/test-app.js';
import { createAcmeCopy } from '../dms/dms-tenant.js';
import { anyOfFlow, Client, createWorkflowApp, eventually, orderVariables, publishTestFlow, uniqueKey } from '../workflows/workflow-test-support.js';

/**
 * An idempotency key is scoped to (tenant, caller, workflow) and stands for one request there
 * (business object, body). A replay of the same request answers the same instance; the same key in
 * the same scope with anything else is refused (422 FLW_ERR_IDEMPOTENCY_KEY_REUSED) and writes
 * nothing; another caller's or another workflow's identical key is another scope (its own instance),
 * so nobody can pre-claim a key another party will use; an order is only ever linked to and settled
 * by the instance started for it.
 */
let t: TestApp;
let code: string;
let d06: Client, d05: Client, hefang: Client;
let flowKey: string;

beforeAll(async () => {
  // workers on: the small order's instance runs its actions and ends APPROVED, as in the report
  t = await createWorkflowApp({ workers: true, pollingIntervalSeconds: 0.5 }, 8);
  ({ code } = await createAcmeCopy(t.orm));
  [d06, d05, hefang] = await Promise.all([Client.login(t.app, code, 'd06.buyer'), Client.login(t.app, code, 'd05.buyer'), Client.login(t.app, code, 'hefang')]);
  flowKey = `idem-${code}`;
  await publishTestFlow(t, code, anyOfFlow(flowKey));
}, 120_000);
afterAll(async () => t?.close());

const smallOrder = { lines: [{ sku: 'PWR-DCDC5A', qty: 400 }], shipToRegion: 'SOUTH-GZ' };
/** Far above every auto-approval threshold (≈ ¥5.96 M at list price). */
const bigOrder = { lines: [{ sku: 'RF-WIFI6', qty: 200000 }], shipToRegion: 'SOUTH-GZ' };

const orderOf = async (id: string) => (await d06.get(`/api/orders/${id}`)).json();
const instanceOf = async (id: string) => (await hefang.get(`/api/instances/${id}`)).json();
const draft = async (body: object) => {
  const res = await d06.post('/api/orders', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; status: string };
};
const instancesOfTenant = async () => {
  const [row] = await t.orm.em.fork().getConnection().execute<{ n: string }[]>(
    'select count(*) as n from workflow_instance i join tenant t on t.id = i.tenant_id where t.code = ?', [code]);
  return Number(row.n);
};

describe('approval bypass by idempotency-key replay (order submit)', () => {
  it("a ¥5.96 M order submitted with the key of a small order's APPROVED instance is 422, stays DRAFT, and the small order's instance is untouched", async () => {
    const small = await draft(smallOrder);
    const submitted = await d06.post(`/api/orders/${small.id}/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(200);
    const smallInstance = submitted.json().workflowInstanceId as string;
    const ended = await eventually(() => instanceOf(smallInstance), (i) => i.status !== 'RUNNING', 'the small order’s instance ends');
    expect(ended.status).toBe('APPROVED');

    const big = await draft(bigOrder);
    const before = await instancesOfTenant();
    const replayed = await d06.post(`/api/orders/${big.id}/submit`, { idempotencyKey: `order-submit:${small.id}` });
    expect(replayed.statusCode, replayed.body).toBe(422);
    expect(replayed.json().code).toBe('FLW_ERR_IDEMPOTENCY_KEY_REUSED');
    expect(await orderOf(big.id)).toMatchObject({ status: 'DRAFT', workflowInstanceId: null });
    expect(await instancesOfTenant()).toBe(before);
    expect(await instanceOf(smallInstance)).toMatchObject({ status: 'APPROVED', version: ended.version });

    // the big order submitted as itself goes to approval, on an instance of its own
    const own = await d06.post(`/api/orders/${big.id}/submit`, {});
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().workflowInstanceId).not.toBe(smallInstance);
    expect((await instanceOf(own.json().workflowInstanceId)).variables.order.id).toBe(big.id);
  });

  it('the key of a RUNNING instance cannot make a second order share it: 422, and the first order keeps its instance alone', async () => {
    const first = await draft(bigOrder);
    const key = uniqueKey('shared');
    const a = await d06.post(`/api/orders/${first.id}/submit`, { idempotencyKey: key });
    expect(a.statusCode, a.body).toBe(200);
    const inst = a.json().workflowInstanceId as string;
    expect((await instanceOf(inst)).status).toBe('RUNNING');
    const second = await draft(bigOrder);
    const b = await d06.post(`/api/orders/${second.id}/submit`, { idempotencyKey: key });
    expect(b.statusCode, b.body).toBe(422);
    expect(b.json().code).toBe('FLW_ERR_IDEMPOTENCY_KEY_REUSED');
    expect(await orderOf(second.id)).toMatchObject({ status: 'DRAFT', workflowInstanceId: null });
    // the same request again still answers the first order's submission
    const again = await d06.post(`/api/orders/${first.id}/submit`, { idempotencyKey: key });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().workflowInstanceId).toBe(inst);
    expect((await hefang.post(`/api/orders/${first.id}/cancel`, {})).statusCode).toBe(200);
  });

  it('two different orders submitted concurrently with one key: one instance per order or a 422, never a shared instance', async () => {
    for (let round = 0; round < 3; round++) {
      const orders = [await draft(bigOrder), await draft(bigOrder)];
      const key = uniqueKey(`race-${round}`);
      const results = await Promise.all(orders.map((o) => d06.post(`/api/orders/${o.id}/submit`, { idempotencyKey: key })));
      const ok = results.filter((r) => r.statusCode === 200);
      const refused = results.filter((r) => r.statusCode !== 200);
      expect(ok.length, results.map((r) => r.body).join('\n')).toBe(1);
      for (const r of refused) expect(r.json().code, r.body).toBe('FLW_ERR_IDEMPOTENCY_KEY_REUSED');
      const after = await Promise.all(orders.map((o) => orderOf(o.id)));
      const linked = after.filter((o) => o.workflowInstanceId !== null);
      expect(linked).toHaveLength(1);
      expect((await instanceOf(linked[0].workflowInstanceId)).variables.order.id).toBe(linked[0].id);
      expect(after.find((o) => o.workflowInstanceId === null)).toMatchObject({ status: 'DRAFT' });
      for (const o of linked) expect((await hefang.post(`/api/orders/${o.id}/cancel`, {})).statusCode).toBe(200);
    }
  });

  it('an idempotencyKey of 200 characters is a 400 with a JSON pointer, never a 500 (schema and column both hold 128)', async () => {
    const o = await draft(smallOrder);
    const long = await d06.post(`/api/orders/${o.id}/submit`, { idempotencyKey: 'k'.repeat(200) });
    expect(long.statusCode, long.body).toBe(400);
    expect(long.json()).toMatchObject({ code: 'CF_ERR_VALIDATION', details: { problems: [expect.objectContaining({ in: 'body', pointer: '/idempotencyKey', keyword: 'maxLength' })] } });
    const edge = await d06.post(`/api/orders/${o.id}/submit`, { idempotencyKey: 'k'.repeat(128) });
    expect(edge.statusCode, edge.body).toBe(200);
    for (const [payload, headers, pointer] of [
      [{ variables: {}, idempotencyKey: 'k'.repeat(200) }, {}, '/idempotencyKey'],
      [{ variables: {} }, { 'idempotency-key': 'k'.repeat(200) }, '/idempotency-key'],
    ] as const) {
      const res = await d06.post(`/api/workflows/${flowKey}/instances`, payload, headers);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().details.problems).toEqual([expect.objectContaining({ pointer, keyword: 'maxLength' })]);
    }
  });
});

describe('Idempotency-Key reused with another body on instance start (12a)', () => {
  it('the same key and body replay the first instance (200); another body is 422 FLW_ERR_IDEMPOTENCY_KEY_REUSED and starts nothing', async () => {
    const key = uniqueKey('start');
    const first = await hefang.post(`/api/workflows/${flowKey}/instances`, { variables: { amount: '100.00' } }, { 'idempotency-key': key });
    expect(first.statusCode, first.body).toBe(201);
    const same = await hefang.post(`/api/workflows/${flowKey}/instances`, { variables: { amount: '100.00' }, idempotencyKey: key });
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json()).toMatchObject({ id: first.json().id, created: false });
    const before = await instancesOfTenant();
    const other = await hefang.post(`/api/workflows/${flowKey}/instances`, { variables: { amount: '999999.00' } }, { 'idempotency-key': key });
    expect(other.statusCode, other.body).toBe(422);
    expect(other.json().code).toBe('FLW_ERR_IDEMPOTENCY_KEY_REUSED');
    expect(await instancesOfTenant()).toBe(before);
  });

  it('a key is scoped to one workflow: the same key on another workflow starts that workflow’s own instance, never the first one', async () => {
    const key = uniqueKey('other-flow');
    const first = await hefang.post(`/api/workflows/${flowKey}/instances`, { variables: {} }, { 'idempotency-key': key });
    expect(first.statusCode, first.body).toBe(201);
    const otherFlow = await hefang.post('/api/workflows/dealer-onboarding/instances', {
      variables: { application: { companyName: '深圳华芯城微电子有限公司', unifiedSocialCreditCode: '91440300MA5F12340X', homeRegion: 'R-SOUTH', contactName: '李四', contactPhone: '13800000001' } },
    }, { 'idempotency-key': key });
    expect(otherFlow.statusCode, otherFlow.body).toBe(201);
    expect(otherFlow.json().id).not.toBe(first.json().id);
    expect((await instanceOf(otherFlow.json().id)).definitionKey).toBe('dealer-onboarding');
  });

  it('an order submit never replays an instance started over the start route with the same key: the order gets an instance of its own', async () => {
    const key = uniqueKey('cross');
    const started = await d06.post(`/api/workflows/${flowKey}/instances`, { variables: {} }, { 'idempotency-key': key });
    expect(started.statusCode, started.body).toBe(201);
    const o = await draft(bigOrder);
    const res = await d06.post(`/api/orders/${o.id}/submit`, { idempotencyKey: key });
    expect(res.statusCode, res.body).toBe(200);
    const own = res.json().workflowInstanceId as string;
    expect(own).not.toBe(started.json().id);
    expect((await instanceOf(own)).variables.order.id).toBe(o.id);
    expect((await hefang.post(`/api/orders/${o.id}/cancel`, {})).statusCode).toBe(200);
  });
});

describe('idempotency-key squatting: a key is the caller’s own', () => {
  it('another dealer’s order-submit key used by a different caller does not block that order’s submit', async () => {
    const o = await draft(bigOrder);
    // D05's buyer pre-claims D06's default submit key on the order flow itself (and on another flow)
    const squat = await d05.post('/api/workflows/dealer-order-approval/instances', { variables: orderVariables('D05', 30000) }, { 'idempotency-key': `order-submit:${o.id}` });
    expect(squat.statusCode, squat.body).toBe(201);
    expect((await d05.post(`/api/workflows/${flowKey}/instances`, { variables: {} }, { 'idempotency-key': `order-submit:${o.id}` })).statusCode).toBe(201);
    const submitted = await d06.post(`/api/orders/${o.id}/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(200);
    const own = submitted.json().workflowInstanceId as string;
    expect(own).not.toBe(squat.json().id);
    expect((await instanceOf(own)).variables.order.id).toBe(o.id);
    expect(await orderOf(o.id)).toMatchObject({ status: 'SUBMITTED', workflowInstanceId: own });
    // the squatter's instance is untouched and still names its own order data, not D06's order
    expect((await instanceOf(squat.json().id)).variables.order.id).not.toBe(o.id);
    expect((await hefang.post(`/api/orders/${o.id}/cancel`, {})).statusCode).toBe(200);
  });

  // Last in the file: the review moves the copy tenant's dealer tiers.
  it('a dealer cannot squat another party’s key: a dealer’s onboarding started with key tier-review:<dealer>:<year> does not stop that dealer’s yearly review', async () => {
    const year = 2031;
    const squat = await d06.post('/api/workflows/dealer-onboarding/instances', {
      variables: { application: { companyName: '深圳华芯城微电子有限公司', unifiedSocialCreditCode: '91440300MA5F12340X', homeRegion: 'R-SOUTH', contactName: '李四', contactPhone: '13800000001' } },
    }, { 'idempotency-key': `tier-review:D06:${year}` });
    expect(squat.statusCode, squat.body).toBe(201);
    const res = await hefang.post('/api/admin/tier-review', { year });
    expect(res.statusCode, res.body).toBe(200);
    const d06Review = res.json().instances.find((i: { dealerCode: string }) => i.dealerCode === 'D06');
    expect(d06Review).toMatchObject({ created: true });
    expect(d06Review.instanceId).not.toBe(squat.json().id);
    const [row] = await t.orm.em.fork().getConnection().execute<{ definition_key: string; dealer_code: string }[]>(
      `select i.definition_key, d.code as dealer_code from workflow_instance i join dealer d on d.id = i.dealer_id where i.id = ?`, [d06Review.instanceId]);
    expect(row).toEqual({ definition_key: 'dealer-tier-review', dealer_code: 'D06' });
    // still idempotent per dealer and year: a second run starts nothing and answers the same review
    const again = (await hefang.post('/api/admin/tier-review', { year })).json();
    expect(again.started).toBe(0);
    expect(again.instances.find((i: { dealerCode: string }) => i.dealerCode === 'D06').instanceId).toBe(d06Review.instanceId);
    expect((await instanceOf(squat.json().id)).definitionKey).toBe('dealer-onboarding');
  });
});
