import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dec, formatMoney } from '../../../rules/money.js';
import type { DmsContext } from '../../../server/dms/dms-context.js';
import { consumeRebate, creditRebate } from '../../../server/dms/rebate-ledger.service.js';
import { Dealer } from '../../../server/entities/index.js';
import { shanghaiToday } from '../../../server/rule-sets/rule-set.service.js';
import { readSeedTenant } from '../../../server/seed/seed-files.js';
import type { TestApp } from '../../support/test-app.js';
import { createAcmeCopy } from '../dms/dms-tenant.js';
import { Client, createWorkflowApp, eventually } from '../workflows/workflow-test-support.js';

/*
 * Regression: five simultaneous orders asking 18,612.19 each against 45,000.00 — three failed
 * applyRebateOffset after approval, `retry` repeated the failure for ever and `skip` moved an order on
 * charged an offset its ledger never drew. Now a submit reserves its offset under the dealer's lock
 * (the ones that cannot get it are told at once, 409), and an applyRebateOffset incident (the ledger
 * shrank after submit) offers only ways out that keep order and ledger in agreement.
 */

let t: TestApp;
let code: string;
let tenantId: string;
let ctx: () => DmsContext;
let d05: Client, hefang: Client, chenjing: Client;
let dealerId: string;

type Entry = { type: string; amount: string; orderId: string | null };
const account = async () => (await hefang.get('/api/rebates/account?dealer=D05')).json() as { available: string; entries: Entry[] };
const orderOf = async (id: string) => (await d05.get(`/api/orders/${id}`)).json();
const d = (v: string) => new Dec(v);
const mine = new Set<string>();

/** What the ledger drew for an order: its consumptions less their reversals. */
const drawnFor = (entries: Entry[], orderId: string) =>
  formatMoney(entries.filter((e) => e.orderId === orderId && (e.type === 'CONSUMPTION' || e.type === 'REVERSAL')).reduce((a, e) => a.minus(e.amount), new Dec(0)));

/** Every order this file made: charged exactly the offset its ledger drew (nothing when it did not go through). */
async function expectOrdersAgreeWithLedger() {
  const { entries } = await account();
  for (const id of mine) {
    const o = await orderOf(id);
    const charged = ['CANCELLED', 'REJECTED', 'DRAFT'].includes(o.status) ? '0.00' : o.rebateOffset;
    if (['SUBMITTED'].includes(o.status)) continue; // not drawn yet: reserved
    expect(drawnFor(entries, id), `order ${o.orderNo} (${o.status})`).toBe(charged);
  }
}

async function draft(lines: { sku: string; qty: number }[], requestedOffset: string) {
  const r = await d05.post('/api/orders', { lines, shipToRegion: 'SOUTH-SZ', requestedOffset });
  expect(r.statusCode, r.body).toBe(201);
  mine.add(r.json().id);
  return r.json() as { id: string; orderAmount: string; rebateOffset: string; payableAmount: string };
}

/** Sets D05's usable rebate to exactly `target`: what is there is drawn (a test's own key), then `target` credited. */
async function setUsableRebate(target: string, label: string) {
  const asOf = shanghaiToday();
  const { available } = await account();
  if (d(available).gt(0)) await consumeRebate(ctx(), { dealerId, amount: available, asOf, operationKey: `test:drain:${label}` });
  if (d(target).gt(0)) await creditRebate(ctx(), { dealerId, amount: target, expiresOn: '2099-12-31', postedOn: asOf, status: 'AVAILABLE', operationKey: `test:credit:${label}` });
  expect((await account()).available).toBe(formatMoney(d(target)));
}

/**
 * A version of the order flow in this private tenant that draws the offset right after approval
 * (no price confirmation, which would otherwise re-price to what the ledger still holds): the step
 * that fails when the ledger shrank after submit.
 */
async function publishFlowWithoutPriceConfirmation() {
  const file = readSeedTenant('acme-chips').bundle.find((f) => f.path === 'workflows/dealer-order-approval.json')!;
  const doc = JSON.parse(typeof file.content === 'string' ? file.content : new TextDecoder().decode(file.content)) as {
    nodes: { id: string; type: string }[]; edges: { id: string; from: string; to: string }[];
  };
  const confirm = doc.nodes.find((n) => n.type === 'priceOrder')!.id;
  const next = doc.edges.find((e) => e.from === confirm)!.to;
  doc.nodes = doc.nodes.filter((n) => n.id !== confirm);
  doc.edges = doc.edges.filter((e) => e.from !== confirm).map((e) => (e.to === confirm ? { ...e, to: next } : e));
  const saved = await hefang.app.inject({ method: 'PUT', url: '/api/workflows/dealer-order-approval/draft', payload: { document: doc }, headers: { authorization: `Bearer ${hefang.token}` } });
  expect(saved.statusCode, saved.body).toBe(200);
  const published = await hefang.post('/api/workflows/dealer-order-approval/publish');
  expect(published.statusCode, published.body).toBe(200);
}

beforeAll(async () => {
  t = await createWorkflowApp({ workers: true, pollingIntervalSeconds: 0.5 }, 8);
  ({ code, tenantId, ctx } = await createAcmeCopy(t.orm));
  [d05, hefang, chenjing] = await Promise.all(['d05.buyer', 'hefang', 'chenjing'].map((l) => Client.login(t.app, code, l)));
  const em = ctx().em;
  dealerId = (await em.findOneOrFail(Dealer, { code: 'D05' })).id;
  // Credit is not what this file is about: D05 (in this private copy) gets room for every order here.
  await em.getConnection().execute('update dealer set credit_limit = credit_limit + 100000000 where tenant_id = ? and code = ?', [tenantId, 'D05']);
}, 120_000);
afterAll(async () => t?.close());

describe('a rebate offset is reserved at submit and never charged without its draw', () => {
  it('five simultaneous submits each asking a third of the balance and more: two get their offset, three are told at once (409), the ledger and the orders agree', async () => {
    // An order under D05's approval threshold, auto-approved; its offset is the 10% cap.
    const probe = await draft([{ sku: 'RF-WIFI6', qty: 7000 }], '0.00');
    const offset = d(probe.orderAmount).times('0.1').round(2, 0);
    await setUsableRebate(formatMoney(offset.times(2).plus(offset.div(2).round(2, 0))), 'five');
    const orders = [];
    for (let i = 0; i < 5; i += 1) orders.push(await draft([{ sku: 'RF-WIFI6', qty: 7000 }], formatMoney(offset)));
    for (const o of orders) expect(o.rebateOffset).toBe(formatMoney(offset));

    const answers = await Promise.all(orders.map((o) => d05.post(`/api/orders/${o.id}/submit`, {})));
    const ok = answers.filter((r) => r.statusCode === 200);
    const refused = answers.filter((r) => r.statusCode !== 200);
    expect(ok.length).toBe(2);
    for (const r of refused) {
      expect(r.statusCode, r.body).toBe(409);
      expect(r.json()).toMatchObject({ code: 'DMS_ERR_REBATE_INSUFFICIENT', details: { requested: formatMoney(offset), available: formatMoney(offset.div(2).round(2, 0)) } });
    }
    for (const r of ok) await eventually(() => orderOf(r.json().id), (o) => ['ALLOCATED', 'BACKORDERED'].includes(o.status), 'an approved order');
    for (const r of refused) expect((await orderOf(orders[answers.indexOf(r)].id)).status).toBe('DRAFT');
    expect((await account()).available).toBe(formatMoney(offset.div(2).round(2, 0)));
    // No incident on any of them.
    const incidents = (await hefang.get('/api/admin/incidents')).json() as { instanceId: string }[];
    for (const r of ok) expect(incidents.some((i) => i.instanceId === r.json().workflowInstanceId)).toBe(false);
    await expectOrdersAgreeWithLedger();
  });

  describe('when the ledger shrinks after submit, the applyRebateOffset incident', () => {
    const ids: Record<'retry' | 'reprice' | 'cancel', { orderId: string; instanceId: string; incidentId: string; payable: string; offset: string }> = {} as never;

    it('is raised after approval for each order; retry and skip are refused while they would fail or disagree', async () => {
      await publishFlowWithoutPriceConfirmation();
      // Over D05's 500,000.00 threshold: each waits for the regional manager, so the ledger can change in between.
      const big = [{ sku: 'MCU-F103', qty: 60000 }, { sku: 'RF-WIFI6', qty: 7000 }];
      await setUsableRebate('6000.00', 'three');
      for (const k of ['retry', 'reprice', 'cancel'] as const) {
        const o = await draft(big, '2000.00');
        expect(o.rebateOffset).toBe('2000.00');
        const s = await d05.post(`/api/orders/${o.id}/submit`, {});
        expect(s.statusCode, s.body).toBe(200);
        ids[k] = { orderId: o.id, instanceId: s.json().workflowInstanceId, incidentId: '', payable: o.payableAmount, offset: o.rebateOffset };
      }
      // Finance writes the accrual off (a draw outside any order): the reserved offsets can no longer be drawn.
      await setUsableRebate('0.00', 'shrunk');
      for (const k of ['retry', 'reprice', 'cancel'] as const) {
        const task = await eventually(async () => ((await chenjing.get('/api/tasks?box=todo')).json().tasks as { id: string; instanceId: string }[]).find((x) => x.instanceId === ids[k].instanceId), (x) => x !== undefined, 'a task');
        expect((await chenjing.post(`/api/tasks/${task!.id}/approve`, { comment: 'ok' })).statusCode).toBe(200);
      }
      for (const k of ['retry', 'reprice', 'cancel'] as const) {
        const incident = await eventually(async () => ((await hefang.get('/api/admin/incidents')).json() as { id: string; instanceId: string; nodeId: string; message: string }[]).find((i) => i.instanceId === ids[k].instanceId), (i) => i !== undefined, 'an incident');
        expect(incident!.message).toContain('DMS_ERR_REBATE_INSUFFICIENT');
        ids[k].incidentId = incident!.id;
        const options = (await hefang.get(`/api/admin/incidents/${incident!.id}/options`)).json();
        expect(options).toMatchObject({ action: 'applyRebateOffset', retry: { allowed: false }, skip: { allowed: false }, resolutions: ['REPRICE_WITHOUT_OFFSET', 'CANCEL_ORDER'] });
      }
      const before = await account();
      const skip = await hefang.post(`/api/admin/incidents/${ids.retry.incidentId}/skip`);
      expect(skip.statusCode, skip.body).toBe(409);
      expect(skip.json()).toMatchObject({ code: 'DMS_ERR_INCIDENT_RESOLUTION', details: { orderOffset: '2000.00', ledgerDrawn: '0.00', offered: ['REPRICE_WITHOUT_OFFSET', 'CANCEL_ORDER'] } });
      const retry = await hefang.post(`/api/admin/incidents/${ids.retry.incidentId}/retry`);
      expect(retry.statusCode, retry.body).toBe(409);
      expect(retry.json()).toMatchObject({ code: 'DMS_ERR_INCIDENT_RESOLUTION', details: { orderOffset: '2000.00', availableToDraw: '0.00' } });
      const offeredElsewhere = await hefang.post(`/api/admin/incidents/${ids.retry.incidentId}/resolve`, { resolution: 'NOT_A_RESOLUTION' });
      expect(offeredElsewhere.statusCode).toBe(400);
      expect((await account()).entries.length).toBe(before.entries.length);
      for (const k of ['retry', 'reprice', 'cancel'] as const) expect((await orderOf(ids[k].orderId)).status).toBe('SUBMITTED');
      await expectOrdersAgreeWithLedger();
    });

    it('the incident routes are walled: another tenant\'s admin gets 404, a dealer and an approver 403, and nothing changes', async () => {
      const before = await account();
      const otherAdmin = await Client.login(t.app, 'acme-chips', 'hefang');
      const id = ids.cancel.incidentId;
      expect((await otherAdmin.get(`/api/admin/incidents/${id}/options`)).statusCode).toBe(404);
      expect((await otherAdmin.post(`/api/admin/incidents/${id}/resolve`, { resolution: 'CANCEL_ORDER' })).statusCode).toBe(404);
      for (const caller of [d05, chenjing]) {
        expect((await caller.get(`/api/admin/incidents/${id}/options`)).statusCode).toBe(403);
        expect((await caller.post(`/api/admin/incidents/${id}/resolve`, { resolution: 'CANCEL_ORDER' })).statusCode).toBe(403);
      }
      const options = await hefang.get(`/api/admin/incidents/${id}/options`);
      expect(options.statusCode, options.body).toBe(200);
      expect(options.json()).toMatchObject({ action: 'applyRebateOffset', skip: { allowed: false }, resolutions: ['REPRICE_WITHOUT_OFFSET', 'CANCEL_ORDER'] });
      expect((await account()).entries.length).toBe(before.entries.length);
      expect((await orderOf(ids.cancel.orderId)).status).toBe('SUBMITTED');
    });

    it('re-price without the offset: the payable rises by it, nothing is drawn, the flow moves on, the timeline says who and what', async () => {
      const r = await hefang.post(`/api/admin/incidents/${ids.reprice.incidentId}/resolve`, { resolution: 'REPRICE_WITHOUT_OFFSET', reason: '返利已核销' });
      expect(r.statusCode, r.body).toBe(200);
      const o = await eventually(() => orderOf(ids.reprice.orderId), (x) => ['ALLOCATED', 'BACKORDERED'].includes(x.status), 'the order approved');
      expect(o.rebateOffset).toBe('0.00');
      expect(d(o.payableAmount).minus(ids.reprice.payable).toFixed(2)).toBe(ids.reprice.offset);
      expect(drawnFor((await account()).entries, ids.reprice.orderId)).toBe('0.00');
      const events = (await hefang.get(`/api/instances/${ids.reprice.instanceId}/timeline`)).json() as { type: string; data: Record<string, unknown> }[];
      const note = events.find((e) => e.type === 'commented');
      expect(String(note?.data.text)).toContain('re-priced without its rebate offset');
      expect(String(note?.data.text)).toContain('返利已核销');
      expect(events.some((e) => e.type === 'incidentResolved' && e.data.action === 'SKIP')).toBe(true);
      // Resolved: asking again finds no open incident.
      expect((await hefang.post(`/api/admin/incidents/${ids.reprice.incidentId}/resolve`, { resolution: 'CANCEL_ORDER' })).statusCode).toBe(404);
      await expectOrdersAgreeWithLedger();
    });

    it('cancel the order: the approval is withdrawn, the order CANCELLED, its reservation gone, nothing drawn', async () => {
      const r = await hefang.post(`/api/admin/incidents/${ids.cancel.incidentId}/resolve`, { resolution: 'CANCEL_ORDER', reason: 'dealer agreed' });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().status).toBe('CANCELLED');
      expect((await orderOf(ids.cancel.orderId)).status).toBe('CANCELLED');
      expect(drawnFor((await account()).entries, ids.cancel.orderId)).toBe('0.00');
      const open = (await hefang.get('/api/admin/incidents')).json() as { id: string }[];
      expect(open.some((i) => i.id === ids.cancel.incidentId)).toBe(false);
      await expectOrdersAgreeWithLedger();
    });

    it('retry once the ledger covers the offset again: it draws exactly the order’s offset and the flow moves on', async () => {
      await setUsableRebate('2000.00', 'topped-up');
      const options = (await hefang.get(`/api/admin/incidents/${ids.retry.incidentId}/options`)).json();
      expect(options).toMatchObject({ retry: { allowed: true }, skip: { allowed: false } });
      const r = await hefang.post(`/api/admin/incidents/${ids.retry.incidentId}/retry`);
      expect(r.statusCode, r.body).toBe(200);
      const o = await eventually(() => orderOf(ids.retry.orderId), (x) => ['ALLOCATED', 'BACKORDERED'].includes(x.status), 'the order approved');
      expect(o.rebateOffset).toBe('2000.00');
      expect(drawnFor((await account()).entries, ids.retry.orderId)).toBe('2000.00');
      expect((await account()).available).toBe('0.00');
      await expectOrdersAgreeWithLedger();
    });
  });
});

