import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeClock } from '../../../server/workflows/workflow-runtime.js';
import type { TestApp } from '../../support/test-app.js';
import { Client, createWorkflowApp, eventually } from '../workflows/workflow-test-support.js';
import { createQingquanCopy } from './qingquan-tenant.js';

/**
 * The second demo tenant's whole order loop over HTTP: a beverage maker with its own tiers, roles,
 * price list, free goods, freight, rounding and approval path, none of which the platform names.
 * Every amount below is worked out by hand from qingquan-pricing (see its README).
 */
const SPEED = 60;
const realStart = Date.now();
const fastClock: RuntimeClock = {
  now: () => new Date(realStart + (Date.now() - realStart) * SPEED),
  toRealTime: (d) => new Date(realStart + (d.getTime() - realStart) / SPEED),
};

let t: TestApp;
let q01: Client, q04: Client, songjia: Client, qianwei: Client, zhoumin: Client, guojg: Client, linxiao: Client, xujing: Client;

beforeAll(async () => {
  t = await createWorkflowApp({ workers: true, pollingIntervalSeconds: 0.5, clock: fastClock });
  const { code } = await createQingquanCopy(t.orm);
  [q01, q04, songjia, qianwei, zhoumin, guojg, linxiao, xujing] = await Promise.all(
    ['q01.buyer', 'q04.buyer', 'songjia', 'qianwei', 'zhoumin', 'guojg', 'linxiao', 'xujing'].map((login) => Client.login(t.app, code, login)),
  );
}, 180_000);
afterAll(async () => t?.close());

/**
 * The demo order: Q01 (KA, 浙江) — 3,300 cases, over ¥100,000, asking for 30,000.00 of its 43,750.00
 * rebate (capped at 20 %) and, after it, still over its available credit; a special price is requested.
 */
export const q01DemoOrder = {
  lines: [{ sku: 'QQ-W550', qty: 2000 }, { sku: 'QQ-T500G', qty: 1000 }, { sku: 'QQ-J1000', qty: 300 }],
  shipToRegion: 'P-ZJ', shipToAddress: '杭州市钱塘区下沙路 88 号', requestedOffset: '30000.00',
};
/** 20 % of 101,880.00 = 20,376.00 caps the 30,000.00 asked; 101,880.00 − 20,376.00 = 81,504.00. */
const charged = { orderAmount: '101880.00', rebateOffset: '20376.00', payableAmount: '81504.00' };
const deliveryDate = '2026-12-20';

type Line = { lineNo: number; sku: string; qty: number; free: boolean; lineAmount: string; netUnitPrice: string; adjustments: { code: string; amount: string; label: { zh: string; en: string } }[]; allocatedWarehouse?: string | null };
type Adjustment = { code: string; kind: string; amount: string; rate?: string | null; label: { zh: string; en: string } };

const orderOf = async (c: Client, id: string) => (await c.get(`/api/orders/${id}`)).json();
const untilStatus = (c: Client, id: string, statuses: string[]) => eventually(() => orderOf(c, id), (o) => statuses.includes(o.status), `order ${id} in ${statuses}`);
const todoFor = async (c: Client, instanceId: string) => eventually(async () => ((await c.get('/api/tasks?box=todo')).json().tasks as { id: string; instanceId: string }[]).find((x) => x.instanceId === instanceId), (x) => x !== undefined, 'a task');
const hasTodo = async (c: Client, instanceId: string) => ((await c.get('/api/tasks?box=todo')).json().tasks as { instanceId: string }[]).some((x) => x.instanceId === instanceId);
const allocated = async (sku: string) => Object.fromEntries(((await songjia.get(`/api/inventory?sku=${sku}`)).json() as { warehouse: string; allocated: number }[]).map((r) => [r.warehouse, r.allocated]));

/** What qingquan-pricing charges the demo order, by hand. */
const demoAdjustments = [
  ['VOLUME_PER_100', '-16500.00'], // 3,300 paid cases: 33 full hundreds × ¥500
  ['KA_CASH_DISCOUNT', '-1469.25'], // 1.5 % × (114,450.00 − 16,500.00)
  ['FREIGHT', '5400.00'], // 浙江 1.50 × (3,300 + 300 free) cases
  ['ROUND_DOWN_YUAN', '-0.75'], // 101,880.75 → 101,880.00
];

describe('qingquan-beverage: catalogue → quote → draft → submit → area manager → finance → VP → 或签 → ALLOCATED', () => {
  let orderId = '';
  let instanceId = '';

  it('the catalogue shows Q01 its East KA price list, per case', async () => {
    const res = await q01.get('/api/products');
    expect(res.statusCode, res.body).toBe(200);
    const price = Object.fromEntries((res.json() as { sku: string; netUnitPrice: string | null }[]).map((p) => [p.sku, p.netUnitPrice]));
    // a net unit price is a decimal (the point's contract): its shortest exact form
    expect(price).toMatchObject({ 'QQ-W550': '25.5', 'QQ-W1500': '30.6', 'QQ-T500G': '38.25', 'QQ-T500O': '40.8', 'QQ-J1000': '84' });
    const water = (res.json() as { sku: string; adjustments: Adjustment[] }[]).find((p) => p.sku === 'QQ-W550')!;
    expect(water.adjustments).toEqual([expect.objectContaining({ code: 'PRICE_LIST', amount: '-4.50', label: { zh: '区域等级价（价目表）', en: 'Area × tier price list' } })]);
  });

  it('the quote prices the lines, adds 300 free cases and the order-level adjustments in the rule set’s words: 101,880.00', async () => {
    const res = await q01.post('/api/orders/quote', { lines: q01DemoOrder.lines, shipToRegion: 'P-ZJ', requestedOffset: '30000.00' });
    expect(res.statusCode, res.body).toBe(200);
    const quote = res.json();
    expect(quote).toMatchObject({ tier: 'KA', ...charged });
    const paid = (quote.lines as Line[]).filter((l) => !l.free);
    expect(paid.map((l) => [l.sku, l.qty, l.netUnitPrice, l.lineAmount])).toEqual([
      ['QQ-W550', 2000, '25.5', '51000.00'], ['QQ-T500G', 1000, '38.25', '38250.00'], ['QQ-J1000', 300, '84', '25200.00'],
    ]);
    expect(paid.map((l) => l.adjustments.map((a) => [a.code, a.amount]))).toEqual([[['PRICE_LIST', '-9000.00']], [['PRICE_LIST', '-6750.00']], [['PRICE_LIST', '-3600.00']]]);
    expect((quote.lines as Line[]).filter((l) => l.free).map((l) => [l.sku, l.qty, l.lineAmount])).toEqual([['QQ-W550', 200, '0.00'], ['QQ-T500G', 100, '0.00']]);
    expect((quote.adjustments as Adjustment[]).map((a) => [a.code, a.amount])).toEqual(demoAdjustments);
    expect((quote.adjustments as Adjustment[]).map((a) => a.label.zh)).toEqual(['满 100 箱减 500 元', 'KA 现金折扣', '运费（按省每箱）', '抹零（向下取整到元）']);
    expect(quote.adjustments[1]).toMatchObject({ kind: 'percentage', rate: '0.015' });
    // the explanation speaks this tenant's words, never the demo's
    const words = [...quote.explanation.zh, ...quote.explanation.en].join('\n');
    expect(words).not.toMatch(/阶梯|等级折扣|tier discount|quantity break|10%/);
  });

  it('a draft without the required delivery date is refused with its pointer; with it, the draft is priced as quoted', async () => {
    const missing = await q01.post('/api/orders', { ...q01DemoOrder, customFields: { specialPriceRequest: true } });
    expect(missing.statusCode, missing.body).toBeGreaterThanOrEqual(400);
    expect(missing.statusCode).toBeLessThan(500);
    expect(missing.body).toContain('deliveryDate');

    const created = await q01.post('/api/orders', { ...q01DemoOrder, customFields: { deliveryDate, specialPriceRequest: true, specialPriceNote: '双十二门店堆头活动' } });
    expect(created.statusCode, created.body).toBe(201);
    const order = created.json();
    expect(order).toMatchObject({ status: 'DRAFT', ...charged, customFields: { deliveryDate, specialPriceRequest: true } });
    expect((order.adjustments as Adjustment[]).map((a) => [a.code, a.amount])).toEqual(demoAdjustments);
    expect((order.lines as Line[]).map((l) => [l.sku, l.qty, l.free])).toEqual([
      ['QQ-W550', 2000, false], ['QQ-T500G', 1000, false], ['QQ-J1000', 300, false], ['QQ-W550', 200, true], ['QQ-T500G', 100, true],
    ]);
    orderId = order.id;
  });

  it('submitted: the flow is told the order with its custom fields and routes it area manager (East) → finance → VP', async () => {
    const submitted = await q01.post(`/api/orders/${orderId}/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'SUBMITTED', ...charged });
    instanceId = submitted.json().workflowInstanceId;
    const inst = (await songjia.get(`/api/instances/${instanceId}`)).json();
    expect(inst.definitionKey ?? inst.definition?.key ?? 'qingquan-order-approval').toBe('qingquan-order-approval');
    expect(inst.variables.order).toMatchObject({ orderAmount: '101880.00', payableAmount: '81504.00', customFields: { deliveryDate, specialPriceRequest: true } });
    expect(inst.variables.rebate).toMatchObject({ maxOffset: '20376.00', capApplied: true, appliedOffset: '20376.00', payableAmount: '81504.00' });
    expect(inst.variables.dealer).toMatchObject({ code: 'Q01', tier: 'KA', arOutstanding: '250000.00', availableCredit: '50000.00' });
    expect(inst.variables.routing).toMatchObject({
      decision: 'PENDING_APPROVAL', reasonCodes: ['AMOUNT_OVER_100K', 'CREDIT_EXCEEDED'], creditExcess: '31504.00',
      steps: [{ role: 'AREA_MANAGER', region: 'A-EAST' }, { role: 'FINANCE' }, { role: 'VP' }],
    });
  });

  it('钱伟, 周敏 and 郭建国 approve in turn; then 林晓 and 许静 both hold the special-price task and the first to approve decides (或签)', async () => {
    for (const [c, comment] of [[qianwei, '华东重点客户，同意'], [zhoumin, '超信用 31,504.00，已确认回款计划'], [guojg, '同意']] as const) {
      expect(await hasTodo(linxiao, instanceId)).toBe(false);
      const task = await todoFor(c, instanceId);
      const res = await c.post(`/api/tasks/${task!.id}/approve`, { comment });
      expect(res.statusCode, res.body).toBe(200);
    }
    const tm = await todoFor(linxiao, instanceId);
    await todoFor(xujing, instanceId);
    expect((await orderOf(q01, orderId)).status).toBe('SUBMITTED');
    const res = await linxiao.post(`/api/tasks/${tm!.id}/approve`, { comment: '特价同意，限本单' });
    expect(res.statusCode, res.body).toBe(200);
    await eventually(() => hasTodo(xujing, instanceId), (has) => !has, 'the other trade-marketing task closed');
  });

  it('ALLOCATED from WH-HZ, free cases included, charged exactly what the pricing rule set computed, the offset drawn from the ledger', async () => {
    const order = await untilStatus(q01, orderId, ['ALLOCATED', 'BACKORDERED']);
    expect(order).toMatchObject({ status: 'ALLOCATED', ...charged });
    expect((order.adjustments as Adjustment[]).map((a) => [a.code, a.amount])).toEqual(demoAdjustments);
    expect((order.lines as Line[]).map((l) => [l.sku, l.qty, l.free, l.lineAmount, l.allocatedWarehouse])).toEqual([
      ['QQ-W550', 2000, false, '51000.00', 'WH-HZ'], ['QQ-T500G', 1000, false, '38250.00', 'WH-HZ'], ['QQ-J1000', 300, false, '25200.00', 'WH-HZ'],
      ['QQ-W550', 200, true, '0.00', 'WH-HZ'], ['QQ-T500G', 100, true, '0.00', 'WH-HZ'],
    ]);
    // the seed allocates nothing: what is allocated now is this order, free cases included
    expect((await allocated('QQ-W550'))['WH-HZ']).toBe(2200);
    expect((await allocated('QQ-T500G'))['WH-HZ']).toBe(1100);
    expect((await allocated('QQ-J1000'))['WH-HZ']).toBe(300);
    expect((await songjia.get(`/api/instances/${instanceId}`)).json()).toMatchObject({ status: 'APPROVED' });
    // 2026-Q2 statement: KA 3 % × 1,250,000.00 + growth 0.5 % (≥ 110 % of 1,100,000.00) = 43,750.00, less the 20,376.00 offset
    const account = (await songjia.get('/api/rebates/account?dealer=Q01')).json();
    expect(account.available).toBe('23374.00');
    expect(account.entries.filter((e: { type: string }) => e.type === 'CONSUMPTION').map((e: { amount: string }) => e.amount)).toEqual(['-20376.00']);
  });

  it('the timeline names this tenant’s approvers and their comments, oldest first', async () => {
    const res = await q01.get(`/api/orders/${orderId}/timeline`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { kind: string; actorName: string | null; comment: string | null }[];
    expect(items.filter((i) => i.kind === 'approvalApproved').map((i) => i.actorName)).toEqual(['钱伟', '周敏', '郭建国', '林晓']);
    expect(items.at(-1)!.kind).toBe('approved');
  });
});

describe('qingquan-beverage: other ways through', () => {
  it('Q04 (KA, 湖北) orders 100 cases of water: 2,190.00, approved automatically, allocated from WH-WH with its 10 free cases', async () => {
    // 华中 KA 25.00 × 100 = 2,500.00; −500.00 (100 cases); −1.5 % × 2,000.00 = −30.00; freight 2.00 × 110 = 220.00 → 2,190.00
    const created = await q04.post('/api/orders', { lines: [{ sku: 'QQ-W550', qty: 100 }], shipToRegion: 'P-HB', customFields: { deliveryDate } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ orderAmount: '2190.00', payableAmount: '2190.00' });
    const id = created.json().id;
    expect((await q04.post(`/api/orders/${id}/submit`, {})).statusCode).toBe(200);
    const order = await untilStatus(q04, id, ['ALLOCATED', 'BACKORDERED']);
    expect(order.status).toBe('ALLOCATED');
    expect((order.lines as Line[]).map((l) => [l.sku, l.qty, l.free, l.allocatedWarehouse])).toEqual([['QQ-W550', 100, false, 'WH-WH'], ['QQ-W550', 10, true, 'WH-WH']]);
    const kinds = (await q04.get(`/api/orders/${id}/timeline`)).json().items.map((i: { kind: string }) => i.kind);
    expect(kinds).not.toContain('approvalAssigned');
  });

  it('a special price on a small order goes to trade marketing only; 许静 rejects it and the order is REJECTED', async () => {
    const created = await q04.post('/api/orders', { lines: [{ sku: 'QQ-T500O', qty: 20 }], shipToRegion: 'P-HN', customFields: { deliveryDate, specialPriceRequest: true } });
    expect(created.statusCode, created.body).toBe(201);
    // 华中 KA 40.30 × 20 = 806.00; −1.5 % = −12.09; freight 湖南 2.20 × 22 = 48.40 → 842.31 → 842.00
    expect(created.json()).toMatchObject({ orderAmount: '842.00' });
    const inst = (await q04.post(`/api/orders/${created.json().id}/submit`, {})).json().workflowInstanceId;
    const task = await todoFor(xujing, inst);
    expect(await hasTodo(qianwei, inst)).toBe(false);
    expect((await xujing.post(`/api/tasks/${task!.id}/reject`, { comment: '本月特价额度已用完' })).statusCode).toBe(200);
    expect((await untilStatus(q04, created.json().id, ['REJECTED'])).status).toBe('REJECTED');
  });
});
