import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dec } from '../../../rules/money.js';
import type { TestApp } from '../../support/test-app.js';
import { createAcmeCopy } from '../dms/dms-tenant.js';
import { Client, createWorkflowApp, eventually } from '../workflows/workflow-test-support.js';

/*
 * Regression: four simultaneous submits of one dealer were all auto-approved (available credit
 * 400,000.00 → −305,298.52, no finance step): the routing figures were read outside any lock and
 * counted approved orders only. A submit now reserves its payable amount under the dealer's lock,
 * and the figures each flow is told include the other submitted orders' reservations.
 */

let t: TestApp;
let code: string;
let d05: Client, hefang: Client;

beforeAll(async () => {
  t = await createWorkflowApp({ workers: true, pollingIntervalSeconds: 0.5 }, 8);
  ({ code } = await createAcmeCopy(t.orm));
  [d05, hefang] = await Promise.all([Client.login(t.app, code, 'd05.buyer'), Client.login(t.app, code, 'hefang')]);
}, 120_000);
afterAll(async () => t?.close());

/** Under D05's 500,000.00 approval threshold, inside its territory, no offset: only credit can send it to Finance. */
const smallOrder = { lines: [{ sku: 'RF-WIFI6', qty: 7000 }], shipToRegion: 'SOUTH-SZ', requestedOffset: '0.00' };
const credit = async () => (await hefang.get('/api/credit?dealer=D05')).json() as { availableCredit: string; openOrderAmount: string; reservedAmount: string; exposure: string; arOutstanding: string };
const d = (v: string) => new Dec(v);
const settled = (id: string) => eventually(async () => (await d05.get(`/api/orders/${id}`)).json(), (o) => ['ALLOCATED', 'BACKORDERED'].includes(o.status), `order ${id} approved`);

async function drafts(n: number): Promise<{ id: string; payableAmount: string }[]> {
  const made = [];
  for (let i = 0; i < n; i += 1) {
    const r = await d05.post('/api/orders', smallOrder);
    expect(r.statusCode, r.body).toBe(201);
    made.push(r.json() as { id: string; payableAmount: string });
  }
  return made;
}

describe('credit is reserved at submit, under the dealer’s lock', () => {
  it('five simultaneous submits whose total exceeds the available credit: those beyond it are routed to Finance, none is told credit another one holds', async () => {
    const before = await credit();
    const orders = await drafts(5);
    const payable = d(orders[0].payableAmount);
    expect(payable.times(5).gt(before.availableCredit)).toBe(true);

    const submitted = await Promise.all(orders.map((o) => d05.post(`/api/orders/${o.id}/submit`, {})));
    for (const r of submitted) expect(r.statusCode, r.body).toBe(200);

    const told = await Promise.all(submitted.map(async (r) => {
      const inst = (await d05.get(`/api/instances/${r.json().workflowInstanceId}`)).json();
      return { id: r.json().id as string, openOrderAmount: d(inst.variables.dealer.openOrderAmount as string), routing: inst.variables.routing as { decision: string; availableCredit: string; reasonCodes: string[] } };
    }));
    // The submits queued on the dealer's lock: each was told what the ones before it reserved (0, 1, 2, 3, 4 orders' worth).
    const reservedBefore = told.map((x) => x.openOrderAmount.minus(before.openOrderAmount).div(payable).toNumber()).sort();
    expect(reservedBefore).toEqual([0, 1, 2, 3, 4]);
    for (const x of told) {
      expect(d(x.routing.availableCredit).eq(d(before.availableCredit).minus(x.openOrderAmount).plus(before.openOrderAmount))).toBe(true);
      const fits = payable.lte(x.routing.availableCredit);
      expect(x.routing.reasonCodes.includes('CREDIT_EXCEEDED')).toBe(!fits);
      if (!fits) expect(x.routing.decision).toBe('PENDING_APPROVAL');
    }
    const autoApproved = told.filter((x) => x.routing.decision === 'AUTO_APPROVED').length;
    expect(autoApproved).toBe(Math.floor(d(before.availableCredit).div(payable).toNumber()));
    // What auto-approval promised is within what was available; the others wait for Finance.
    expect(payable.times(autoApproved).lte(before.availableCredit)).toBe(true);

    // The auto-approved ones run their actions and are approved: their reservation became exposure, counted once.
    const approved = told.filter((x) => x.routing.decision === 'AUTO_APPROVED');
    for (const x of approved) await settled(x.id);
    const after = await credit();
    expect(d(after.openOrderAmount).minus(before.openOrderAmount).eq(payable.times(5))).toBe(true);
    expect(d(after.reservedAmount).minus(before.reservedAmount).eq(payable.times(5 - approved.length))).toBe(true);
    expect(d(after.availableCredit).eq(d(before.availableCredit).minus(payable.times(5)))).toBe(true);
    expect(d(after.exposure).eq(d(after.arOutstanding).plus(after.openOrderAmount))).toBe(true);

    // Withdrawing the ones waiting for Finance releases their reservations.
    for (const x of told.filter((y) => y.routing.decision !== 'AUTO_APPROVED')) {
      const r = await d05.post(`/api/orders/${x.id}/cancel`, {});
      expect(r.statusCode, r.body).toBe(200);
    }
    const released = await credit();
    expect(released.reservedAmount).toBe(before.reservedAmount);
    expect(d(released.availableCredit).eq(d(before.availableCredit).minus(payable.times(approved.length)))).toBe(true);
  });

  it('a cancelled submitted order gives its reservation back; the dashboard’s exposure counts reservations as GET /api/credit does', async () => {
    const [order] = await drafts(1);
    const before = await credit();
    const submitted = await d05.post(`/api/orders/${order.id}/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(200);
    const held = await credit();
    expect(d(before.availableCredit).minus(held.availableCredit).eq(order.payableAmount)).toBe(true);
    expect(d(held.reservedAmount).minus(before.reservedAmount).eq(order.payableAmount)).toBe(true);

    const dash = (await hefang.get('/api/dashboards/overview')).json();
    const row = (dash.credit.topExposures as { dealerCode: string; exposure: string; availableCredit: string }[]).find((x) => x.dealerCode === 'D05');
    expect(row).toBeDefined();
    expect([row!.exposure, row!.availableCredit]).toEqual([held.exposure, held.availableCredit]);

    const cancelled = await d05.post(`/api/orders/${order.id}/cancel`, { reason: 'test' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe('CANCELLED');
    const released = await credit();
    expect([released.availableCredit, released.reservedAmount]).toEqual([before.availableCredit, before.reservedAmount]);
  });

  it('an approved order’s reservation becomes its exposure: counted once', async () => {
    const small = await d05.post('/api/orders', { ...smallOrder, lines: [{ sku: 'RF-WIFI6', qty: 10 }] });
    expect(small.statusCode, small.body).toBe(201);
    const amount = d(small.json().payableAmount as string);
    const before = await credit();
    const submitted = await d05.post(`/api/orders/${small.json().id}/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(200);
    const inst = (await d05.get(`/api/instances/${submitted.json().workflowInstanceId}`)).json();
    if (inst.variables.routing.decision !== 'AUTO_APPROVED') return expect.fail(`expected auto-approval: ${JSON.stringify(inst.variables.routing)}`);
    await settled(small.json().id);
    const after = await credit();
    expect(d(after.openOrderAmount).minus(before.openOrderAmount).eq(amount)).toBe(true);
    expect(after.reservedAmount).toBe(before.reservedAmount);
    expect(d(before.availableCredit).minus(after.availableCredit).eq(amount)).toBe(true);
  });
});
