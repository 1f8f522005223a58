import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/test-app.js';
import { repriceOrder } from '../../../server/dms/actions/order.actions.js';
import { Order } from '../../../server/entities/index.js';
import { Client, createWorkflowApp, eventually } from '../workflows/workflow-test-support.js';
import { createAcmeCopy } from './dms-tenant.js';

/**
 * A tenant whose pricing is nothing like the demo's tier × break: a price list by SKU × area, buy
 * 10 get 1 free, freight per unit by ship-to, the order rounded down to the yuan, and a required
 * delivery date on orders. The platform must price the catalogue, a quote, the draft, the flow's
 * variables and the confirmation after approval to the same amounts, allocate the free goods, pass
 * the order's custom fields to the flow, and answer a rule set that breaks its point's contract
 * with DMS_ERR_POINT_OUTPUT (never a 500).
 */
const L = (zh: string, en: string) => ({ zh, en });
const adjustment = (codes: Record<string, { zh: string; en: string }>) => ({
  type: 'object',
  fields: [
    { name: 'code', type: 'enum', values: Object.keys(codes), valueLabels: codes },
    { name: 'kind', type: 'enum', values: ['percentage', 'amount', 'freeGoods'] },
    { name: 'rate', type: 'rate', nullable: true },
    { name: 'amount', type: 'money' },
  ],
});

export const priceListPricing = {
  key: 'order-pricing',
  name: L('区域价目表定价', 'Price list by area'),
  inputs: [
    { name: 'shipToRegion', type: 'region', label: L('收货区域', 'Ship-to') },
    {
      name: 'lines', type: 'list', label: L('订单行', 'Lines'),
      items: { type: 'object', fields: [
        { name: 'sku', type: 'string', label: L('产品', 'Product') }, { name: 'qty', type: 'integer', label: L('数量', 'Quantity') },
        { name: 'listPrice', type: 'money', label: L('目录价', 'List price') },
      ] },
    },
  ],
  outputs: [
    {
      name: 'lines', type: 'list',
      items: { type: 'object', fields: [
        { name: 'sku', type: 'string' }, { name: 'netUnitPrice', type: 'decimal', label: L('区域价', 'Area price') },
        { name: 'lineAmount', type: 'money', label: L('行金额', 'Line amount') },
        { name: 'adjustments', type: 'list', items: adjustment({ AREA_PRICE: L('区域价差', 'Area price') }) },
      ] },
    },
    { name: 'freeGoods', type: 'list', items: { type: 'object', fields: [
      { name: 'sku', type: 'string' }, { name: 'qty', type: 'integer' },
      { name: 'code', type: 'enum', values: ['BUY10GET1'], valueLabels: { BUY10GET1: L('买十赠一', 'Buy 10 get 1') } },
    ] } },
    { name: 'orderAdjustments', type: 'list', items: adjustment({ FREIGHT: L('运费', 'Freight'), ROUNDING: L('抹零', 'Rounded down to the yuan') }) },
    { name: 'freight', type: 'money', label: L('运费', 'Freight') },
    { name: 'orderAmount', type: 'money', label: L('订单金额', 'Order amount') },
  ],
  steps: [
    { kind: 'assign', id: 'area', set: { area: { $expr: 'ifNull(topRegion(shipToRegion), shipToRegion)' } } },
    {
      kind: 'forEach', id: 'price-lines', list: 'lines',
      steps: [
        {
          kind: 'decisionTable', id: 'price-list', label: L('区域价目表', 'Area price list'), hitPolicy: 'FIRST',
          inputs: [{ fact: 'sku', type: 'string' }, { fact: 'area', type: 'string', label: L('区域', 'Area') }],
          outputs: [{ name: 'unitPrice', type: 'money', label: L('单价', 'Unit price') }],
          rows: [
            { id: 'F103-SOUTH', when: ['MCU-F103', 'R-SOUTH'], then: ['6.00'] },
            { id: 'F103-EAST', when: ['MCU-F103', 'R-EAST'], then: ['6.20'] },
            { id: 'WIFI6-SOUTH', when: ['RF-WIFI6', 'R-SOUTH'], then: ['25.35'] },
            { id: 'LIST', when: [{ any: true }, { any: true }], then: [{ $expr: 'listPrice' }] },
          ],
        },
        {
          kind: 'assign', id: 'line',
          set: {
            netUnitPrice: { $expr: 'unitPrice' },
            lineAmount: { $expr: 'round(qty * unitPrice, 2)' },
            areaDifference: { $expr: 'lineAmount - round(qty * listPrice, 2)' },
            freeQty: { $expr: 'sku == "RF-WIFI6" ? floor(qty / 10, 0) : 0' },
          },
        },
        {
          kind: 'buildList', id: 'line-adjustments', into: 'adjustments',
          items: [{ when: { $expr: 'areaDifference != 0' }, value: { code: 'AREA_PRICE', kind: 'amount', rate: null, amount: { $expr: 'areaDifference' } } }],
        },
      ],
      collect: ['sku', 'qty', 'netUnitPrice', 'lineAmount', 'adjustments', 'freeQty'],
      into: 'pricedLines',
      aggregate: { subtotal: { op: 'sum', of: 'lineAmount' }, units: { op: 'sum', of: 'qty' } },
    },
    { kind: 'select', id: 'free-lines', from: 'pricedLines', where: { $expr: 'freeQty > 0' }, take: 'all', into: 'freeLines' },
    {
      kind: 'forEach', id: 'free-goods', list: 'freeLines',
      steps: [{ kind: 'assign', id: 'free', set: { qty: { $expr: 'freeQty' }, code: 'BUY10GET1' } }],
      collect: ['sku', 'qty', 'code'], into: 'freeGoods',
    },
    {
      kind: 'decisionTable', id: 'freight-rate', label: L('运费标准', 'Freight rate'), hitPolicy: 'FIRST',
      inputs: [{ fact: 'shipToRegion', type: 'string' }],
      outputs: [{ name: 'freightRate', type: 'money', label: L('每件运费', 'Freight per unit') }],
      rows: [{ id: 'SZ', when: ['SOUTH-SZ'], then: ['0.15'] }, { id: 'OTHER', when: [{ any: true }], then: ['0.30'] }],
    },
    {
      kind: 'assign', id: 'total',
      set: {
        lines: { $expr: 'pricedLines' },
        freight: { $expr: 'round(units * freightRate, 2)' },
        orderAmount: { $expr: 'floor(subtotal + freight, 0)' },
        rounding: { $expr: 'orderAmount - subtotal - freight' },
      },
    },
    {
      kind: 'buildList', id: 'order-adjustments', into: 'orderAdjustments',
      items: [
        { when: { $expr: 'freight > 0' }, value: { code: 'FREIGHT', kind: 'amount', rate: null, amount: { $expr: 'freight' } } },
        { when: { $expr: 'rounding != 0' }, value: { code: 'ROUNDING', kind: 'amount', rate: null, amount: { $expr: 'rounding' } } },
      ],
    },
  ],
};

const orderFields = {
  type: 'object', additionalProperties: false, required: ['deliveryDate'],
  properties: { deliveryDate: { type: 'string', format: 'date', title: '交货日期 Delivery date' }, specialPrice: { type: 'boolean', title: '特价申请 Special price' } },
};

let t: TestApp;
let code: string;
let copy: Awaited<ReturnType<typeof createAcmeCopy>>;
let d05: Client, hefang: Client;

beforeAll(async () => {
  t = await createWorkflowApp({ workers: true, pollingIntervalSeconds: 0.5 });
  copy = await createAcmeCopy(t.orm, [], {
    'rule-sets/order-pricing.json': () => ({ $schema: 'http://localhost:3000/schemas/RuleSet.json', ...priceListPricing }),
    'tenant.json': (m) => ({ ...m, customFields: { ...(m!.customFields as object), order: orderFields } }),
  });
  code = copy.code;
  [d05, hefang] = await Promise.all([Client.login(t.app, code, 'd05.buyer'), Client.login(t.app, code, 'hefang')]);
}, 120_000);
afterAll(async () => t?.close());

/** A new version of the tenant's pricing rule set, published as the studio does (in effect from today). */
async function publish(document: object): Promise<void> {
  const saved = await hefang.app.inject({ method: 'PUT', url: '/api/rule-sets/order-pricing/draft', payload: { document }, headers: { authorization: `Bearer ${hefang.token}` } });
  expect(saved.statusCode, saved.body).toBe(200);
  const published = await hefang.post('/api/rule-sets/order-pricing/publish');
  expect(published.statusCode, published.body).toBe(200);
}

const order = { lines: [{ sku: 'MCU-F103', qty: 1003 }, { sku: 'RF-WIFI6', qty: 25 }], shipToRegion: 'SOUTH-SZ', shipToAddress: '深圳市南山区科技园' };
const amounts = (o: { lines: { sku: string; qty: number; free: boolean; netUnitPrice: string; lineAmount: string; adjustments: { code: string; amount: string }[] }[]; adjustments: { code: string; amount: string }[]; orderAmount: string }) => ({
  lines: o.lines.map((l) => [l.sku, l.qty, l.free, l.netUnitPrice, l.lineAmount, l.adjustments.map((a) => `${a.code} ${a.amount}`)]),
  adjustments: o.adjustments.map((a) => `${a.code} ${a.amount}`),
  orderAmount: o.orderAmount,
});
// 1,003 × 6.00 = 6,018.00 (list 6,820.40); 25 × 25.35 = 633.75 (list 700.00); 1,028 units × 0.15 = 154.20 freight;
// 6,805.95 rounded down to 6,805.00; 25 RF-WIFI6 earn 2 free.
const expected = {
  lines: [
    ['MCU-F103', 1003, false, '6', '6018.00', ['AREA_PRICE -802.40']],
    ['RF-WIFI6', 25, false, '25.35', '633.75', ['AREA_PRICE -66.25']],
    ['RF-WIFI6', 2, true, '0', '0.00', ['BUY10GET1 -56.00']],
  ],
  adjustments: ['FREIGHT 154.20', 'ROUNDING -0.95'],
  orderAmount: '6805.00',
};

describe('a pricing rule set of another shape (price list × area, free goods, freight, rounding)', () => {
  let orderId: string;

  it('prices the catalogue with its own adjustments and words', async () => {
    const items = (await d05.get('/api/products?q=F103')).json();
    expect(items[0]).toMatchObject({ sku: 'MCU-F103', netUnitPrice: '6', adjustments: [{ code: 'AREA_PRICE', label: { zh: '区域价差', en: 'Area price' }, kind: 'amount', rate: null, amount: '-0.80' }] });
  });

  it('quotes, then saves the draft, at exactly the same amounts', async () => {
    const quote = await d05.post('/api/orders/quote', { lines: order.lines, shipToRegion: order.shipToRegion });
    expect(quote.statusCode, quote.body).toBe(200);
    expect(amounts(quote.json())).toEqual(expected);
    expect(quote.json().lines[2].adjustments[0]).toMatchObject({ kind: 'freeGoods', label: { zh: '买十赠一' } });
    expect(quote.json().adjustments.map((a: { label: { zh: string } }) => a.label.zh)).toEqual(['运费', '抹零']);
    expect(quote.json().pricingDetails).toEqual([{ name: 'freight', label: { zh: '运费', en: 'Freight' }, type: 'money', value: '154.20' }]);
    expect(quote.json().explanation.zh.join('\n')).toContain('区域价目表：命中「F103-SOUTH」');
    expect(quote.json().explanation.zh.join('\n')).toContain('整单调整：运费 +154.20；抹零 −0.95。');
    expect(quote.json().explanation.zh.join('\n')).not.toMatch(/等级|阶梯|10%/);

    const created = await d05.post('/api/orders', { ...order, customFields: { deliveryDate: '2026-12-20', specialPrice: true } });
    expect(created.statusCode, created.body).toBe(201);
    expect(amounts(created.json())).toEqual(expected);
    expect(created.json()).toMatchObject({ payableAmount: '6805.00', customFields: { deliveryDate: '2026-12-20', specialPrice: true } });
    orderId = created.json().id;
  });

  it('refuses an order without the delivery date the tenant requires (422, pointing at it)', async () => {
    const res = await d05.post('/api/orders', order);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ code: 'DMS_ERR_ORDER_FIELD_REQUIRED', details: { problems: [{ in: 'body', pointer: '/customFields/deliveryDate' }] } });
  });

  it('submits: the flow gets the priced amounts and the order custom fields; the confirmation after approval prices the same; the free goods are allocated', async () => {
    const before = (await hefang.get('/api/inventory?sku=RF-WIFI6')).json() as { warehouse: string; allocated: number }[];
    const submitted = await d05.post(`/api/orders/${orderId}/submit`);
    expect(submitted.statusCode, submitted.body).toBe(200);
    const inst = (await d05.get(`/api/instances/${submitted.json().workflowInstanceId}`)).json();
    expect(inst.variables.order).toMatchObject({ orderAmount: '6805.00', payableAmount: '6805.00', customFields: { deliveryDate: '2026-12-20', specialPrice: true } });
    expect(inst.variables.order.lines.map((l: { sku: string; qty: number; free: boolean }) => [l.sku, l.qty, l.free])).toEqual([['MCU-F103', 1003, false], ['RF-WIFI6', 25, false], ['RF-WIFI6', 2, true]]);
    expect(inst.variables.pricing).toMatchObject({ orderAmount: '6805.00', freight: '154.20', freeGoods: [{ sku: 'RF-WIFI6', qty: 2, code: 'BUY10GET1' }] });

    const done = await eventually(async () => (await d05.get(`/api/orders/${orderId}`)).json(), (o) => ['ALLOCATED', 'BACKORDERED'].includes(o.status), 'the order allocated');
    expect(done.status).toBe('ALLOCATED');
    expect(amounts(done)).toEqual(expected);
    const after = await eventually(async () => (await d05.get(`/api/instances/${submitted.json().workflowInstanceId}`)).json(), (i) => i.status === 'APPROVED', 'the flow ended');
    expect(after.variables.priced).toMatchObject({ orderAmount: '6805.00', payableAmount: '6805.00', changed: false });
    expect(done.lines.every((l: { allocatedWarehouse: string | null }) => l.allocatedWarehouse !== null)).toBe(true);
    const stock = (await hefang.get('/api/inventory?sku=RF-WIFI6')).json() as { warehouse: string; allocated: number }[];
    const total = (rows: { allocated: number }[]) => rows.reduce((a, r) => a + r.allocated, 0);
    expect(total(stock) - total(before)).toBe(27);
  });

  it('a draft priced again after the free goods changed keeps its line numbers: the free line becomes the new gift', async () => {
    const created = await d05.post('/api/orders', { ...order, customFields: { deliveryDate: '2026-12-21' } });
    expect(created.statusCode, created.body).toBe(201);
    // v2 of the rule set: one MCU-F103 free per 5 RF-WIFI6
    const v2 = structuredClone(priceListPricing) as typeof priceListPricing;
    const line = v2.steps[1] as { steps: { id: string; set?: Record<string, unknown> }[] };
    line.steps.find((x) => x.id === 'line')!.set!.freeQty = { $expr: 'sku == "RF-WIFI6" ? floor(qty / 5, 0) : 0' };
    (v2.steps[3] as { steps: { set: Record<string, unknown> }[] }).steps[0].set = { qty: { $expr: 'freeQty' }, sku: 'MCU-F103', code: 'BUY10GET1' };
    await publish(v2);
    const ctx = copy.ctx();
    const draft = await ctx.em.findOneOrFail(Order, { id: created.json().id }, { populate: ['dealer'] });
    await repriceOrder(ctx, draft, '0.00');
    const again = (await d05.get(`/api/orders/${draft.id}`)).json();
    expect(amounts(again)).toEqual({ ...expected, lines: [...expected.lines.slice(0, 2), ['MCU-F103', 5, true, '0', '0.00', ['BUY10GET1 -34.00']]] });
    expect(again.lines.map((l: { lineNo: number }) => l.lineNo)).toEqual([1, 2, 3]);
  });

  it('a rule set whose outputs break the contract (a line left unpriced) answers DMS_ERR_POINT_OUTPUT naming the point, never a 500', async () => {
    const broken = {
      ...priceListPricing,
      steps: [...priceListPricing.steps.slice(0, -2), {
        ...priceListPricing.steps.at(-2),
        set: { ...(priceListPricing.steps.at(-2) as { set: object }).set, lines: { $expr: 'freeLines' } },
      }, priceListPricing.steps.at(-1)],
    };
    await publish(broken);
    const res = await d05.post('/api/orders/quote', { lines: [{ sku: 'MCU-F103', qty: 5 }] });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ code: 'DMS_ERR_POINT_OUTPUT', details: { point: 'orderPricing', ruleSet: 'order-pricing', problems: [{ pointer: '/outputs/lines' }] } });
  });
});
