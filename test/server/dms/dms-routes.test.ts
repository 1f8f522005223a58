import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dec } from '../../../rules/money.js';
import { bearer, createTestApp, loginAs, type TestApp } from '../../support/test-app.js';
import { createAcmeCopy } from './dms-tenant.js';

let t: TestApp;
let code: string;
/** Logins in the private acme-chips copy (mutations) and in the shared tenants (reads, walls). */
let admin: string, approver: string, deployer: string, d05: string, d06: string, acmeAdmin: string, betaAdmin: string;

beforeAll(async () => {
  t = await createTestApp();
  ({ code } = await createAcmeCopy(t.orm));
  [admin, approver, deployer, d05, d06, acmeAdmin, betaAdmin] = await Promise.all([
    loginAs(t.app, code, 'hefang'), loginAs(t.app, code, 'chenjing'), loginAs(t.app, code, 'machao'),
    loginAs(t.app, code, 'd05.buyer'), loginAs(t.app, code, 'd06.buyer'),
    loginAs(t.app, 'acme-chips', 'hefang'), loginAs(t.app, 'beta-tools', 'admin'),
  ]);
}, 120_000);
afterAll(async () => t.close());

const get = (url: string, token: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers: { ...bearer(token), ...headers } });
const post = (url: string, token: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers: { ...bearer(token), ...headers } });

const d05Order = { lines: [{ sku: 'MCU-H743', qty: 10000 }, { sku: 'RF-WIFI6', qty: 5000 }], shipToRegion: 'SOUTH-SZ', shipToAddress: '深圳市福田区' };

describe('the seeded acme-chips records (sections 2–7)', () => {
  it('catalogue, warehouses with lanes and the stock snapshot', async () => {
    const products = (await get('/api/products', acmeAdmin)).json() as { sku: string; listPrice: string; maxDiscountRate: string | null; rebateEligible: boolean }[];
    expect(products.map((p) => p.sku)).toEqual(['MCU-F030', 'MCU-F103', 'MCU-H743', 'MCU-A100', 'PWR-LDO33', 'PWR-DCDC5A', 'PWR-MOS60', 'RF-BLE52', 'RF-WIFI6', 'RF-SUB1G']);
    expect(products.find((p) => p.sku === 'MCU-A100')).toMatchObject({ listPrice: '36.50', maxDiscountRate: '0.05', rebateEligible: false });
    const warehouses = (await get('/api/warehouses', acmeAdmin)).json() as { code: string; lanes: { toRegion: string; cost: string; leadTimeDays: number }[] }[];
    expect(warehouses.map((w) => w.code)).toEqual(['WH-SH', 'WH-SZ', 'WH-TJ']);
    expect(warehouses[1].lanes).toEqual([{ toRegion: 'R-EAST', cost: '190.00', leadTimeDays: 2 }, { toRegion: 'R-NORTH', cost: '260.00', leadTimeDays: 3 }, { toRegion: 'R-SOUTH', cost: '50.00', leadTimeDays: 1 }]);
    const wifi = (await get('/api/inventory?sku=RF-WIFI6', acmeAdmin)).json();
    expect(wifi.map((r: { warehouse: string; onHand: number; allocated: number; safetyStock: number }) => [r.warehouse, r.onHand, r.allocated, r.safetyStock]))
      .toEqual([['WH-SH', 25000, 5000, 4000], ['WH-SZ', 9000, 1001, 2000], ['WH-TJ', 15000, 0, 3000]]);
  });

  it('credit terms, and statements computed through the rebateStatement point (stepped-rebate) that credit the ledger', async () => {
    expect((await get('/api/credit?dealer=D05', acmeAdmin)).json()).toMatchObject({ creditLimit: '10000000.00', paymentTermDays: 60, prepaidBalance: '0.00' });
    expect((await get('/api/credit?dealer=D12', acmeAdmin)).json()).toMatchObject({ creditLimit: '0.00', paymentTermDays: null });
    type Line = { code: string; amount: string; label: { zh: string; en: string } };
    const statements = (await get('/api/rebates/statements', acmeAdmin)).json() as { dealerCode: string; period: string; lines: Line[]; total: string; ruleSetKey: string; outputs: Record<string, unknown> }[];
    const of = (dealer: string, period: string) => statements.find((s) => s.dealerCode === dealer && s.period === period)!;
    const amounts = (dealer: string, period: string) => Object.fromEntries(of(dealer, period).lines.map((l) => [l.code, l.amount]));
    // 2025-Q1/Q2 reproduce section 8; two 2026-Q3 statements keep the demo's rebate usable through 2027
    expect(statements).toHaveLength(11);
    expect(of('D01', '2025-Q1').ruleSetKey).toBe('stepped-rebate');
    // Section 8's D01 example: retroactive 2% of 12,345,678.90; no growth over 13,000,000.00.
    expect(of('D01', '2025-Q1')).toMatchObject({ total: '246913.58' });
    expect(of('D01', '2025-Q1').lines).toEqual([
      { code: 'BASE', amount: '246913.58', label: { zh: '基础返利', en: 'Base rebate' } },
      { code: 'INCREMENTAL', amount: '0.00', label: { zh: '增量奖励', en: 'Incremental reward' } },
      { code: 'DESIGN_WIN_BONUS', amount: '0.00', label: { zh: '客户转化奖励', en: 'Design-win bonus' } },
      { code: 'TECH_SUPPORT_BONUS', amount: '0.00', label: { zh: '技术支持奖励', en: 'Technical-support bonus' } },
      { code: 'NEW_PRODUCT_BONUS', amount: '0.00', label: { zh: '新品推广奖励（RF-WIFI6）', en: 'New-product push bonus (RF-WIFI6)' } },
    ]);
    // D05: 2% of 30,000,000 = 600,000; growth 12,000,000 → 1% × 1M + 2% × 11M = 230,000, capped at 200,000.
    expect(amounts('D05', '2025-Q2')).toMatchObject({ BASE: '600000.00', INCREMENTAL: '200000.00' });
    expect(of('D05', '2025-Q2')).toMatchObject({ total: '800000.00', outputs: { incrementalCapApplied: true } });
    expect(of('D06', '2025-Q1').total).toBe('50000.00');
    expect(of('D04', '2025-Q2')).toMatchObject({ total: '0.00', outputs: { eligible: false } });
    const d05 = (await get('/api/rebates/account?dealer=D05', acmeAdmin)).json();
    expect(d05.entries.map((e: { type: string; status: string; amount: string; expiresOn: string }) => [e.type, e.status, e.amount, e.expiresOn])).toEqual([['ACCRUAL', 'AVAILABLE', '800000.00', '2026-12-31'], ['ACCRUAL', 'AVAILABLE', '270000.00', '2027-12-31']]);
    expect(amounts('D05', '2026-Q3')).toMatchObject({ BASE: '240000.00', INCREMENTAL: '30000.00' });
    expect(of('D05', '2026-Q3').total).toBe('270000.00');
    expect((await get('/api/rebates/account?dealer=D09', acmeAdmin)).json()).toMatchObject({ pending: '144000.00' });
    expect((await get('/api/rebates/account?dealer=D04', acmeAdmin)).json().entries).toEqual([]);
  });
});

describe('GET /api/products', () => {
  it('gives a dealer the catalogue at its own tier, and staff a named dealer’s', async () => {
    type Item = { sku: string; priceTier: string | null; netUnitPrice: string | null; categoryLabel: { zh: string }; adjustments: { code: string; label: { zh: string }; kind: string; rate: string | null; amount: string }[] };
    const mine = (await get('/api/products?category=MCU', d05)).json() as Item[];
    const h743 = mine.find((p) => p.sku === 'MCU-H743')!;
    expect(h743).toMatchObject({ priceTier: 'PLATINUM', netUnitPrice: '42.24', categoryLabel: { zh: '微控制器' } });
    expect(h743.adjustments).toEqual([{ code: 'TIER_DISCOUNT', label: { zh: '等级折扣', en: 'Tier discount' }, kind: 'percentage', rate: '0.12', amount: '-5.76' }]);
    expect(mine.find((p) => p.sku === 'MCU-A100')!).toMatchObject({ netUnitPrice: '34.675' });
    expect(mine.find((p) => p.sku === 'MCU-A100')!.adjustments.map((a) => a.code)).toEqual(['TIER_DISCOUNT', 'DISCOUNT_CAP']);
    expect((await get('/api/products?q=wifi', d06)).json()[0]).toMatchObject({ priceTier: 'GOLD', netUnitPrice: '26.6' });
    expect((await get('/api/products', admin)).json()[0]).toMatchObject({ priceTier: null, netUnitPrice: null, adjustments: [] });
    expect((await get('/api/products?dealer=D06&q=RF-WIFI6', admin)).json()[0].priceTier).toBe('GOLD');
  });

  it('walls: another dealer’s prices 404, IT deployers 403, another tenant sees none of these products', async () => {
    expect((await get('/api/products?dealer=D06', d05)).statusCode).toBe(404);
    expect((await get('/api/products', deployer)).statusCode).toBe(403);
    expect((await get('/api/products', betaAdmin)).json()).toEqual([]);
    expect((await get('/api/warehouses', betaAdmin)).json()).toEqual([]);
    expect((await get('/api/inventory', betaAdmin)).json()).toEqual([]);
    expect((await get('/api/warehouses', deployer)).statusCode).toBe(403);
    expect((await get('/api/inventory', deployer)).statusCode).toBe(403);
    const bad = await get('/api/products?limit=3', d05, { 'accept-language': 'zh-CN' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.problems[0]).toMatchObject({ in: 'querystring' });
  });
});

describe('GET /api/inventory', () => {
  it('shows dealers what can be promised, staff the whole row', async () => {
    const dealerView = (await get('/api/inventory?warehouse=WH-SZ&sku=MCU-F103', d05)).json();
    expect(dealerView).toEqual([{ warehouse: 'WH-SZ', sku: 'MCU-F103', atp: 80000 }]);
    expect((await get('/api/inventory?warehouse=WH-SH&sku=MCU-F103', approver)).json()[0]).toMatchObject({ onHand: 50000, allocated: 30000, atp: 20000, safetyStock: 10000, belowSafetyStock: false });
  });
});

describe('POST /api/orders/quote', () => {
  it('prices without saving: merged lines, totals, versions and the explanation in both languages', async () => {
    const res = await post('/api/orders/quote', d05, { lines: [{ sku: 'MCU-H743', qty: 4000 }, { sku: 'PWR-DCDC5A', qty: 50150 }, { sku: 'MCU-H743', qty: 6000 }], requestedOffset: '99999.00' });
    expect(res.statusCode).toBe(200);
    const q = res.json();
    expect(q.lines.map((l: { sku: string; lineAmount: string }) => [l.sku, l.lineAmount])).toEqual([['MCU-H743', '413952.00'], ['PWR-DCDC5A', '139331.75']]);
    expect(q).toMatchObject({ dealerCode: 'D05', tier: 'PLATINUM', shipToRegion: 'R-SOUTH', orderAmount: '553283.75', adjustments: [], ruleVersions: [{ key: 'order-pricing', version: 1 }, { key: 'rebate-offset', version: 1 }] });
    // The offset is the rebate-offset rule set's: at most 10% of the order (55,328.37) and the usable balance.
    expect(q.pricingDetails.find((d: { name: string }) => d.name === 'maxOffset')).toMatchObject({ value: '55328.37', label: { zh: '抵扣上限（订单金额的 10%，向下取到分）' } });
    const usable = q.pricingDetails.find((d: { name: string }) => d.name === 'usableBalance').value;
    const smallest = [q.requestedOffset, usable, '55328.37'].map((v: string) => new Dec(v)).reduce((a, b) => (a.lt(b) ? a : b));
    expect(q.rebateOffset).toBe(smallest.toFixed(2));
    expect(q.payableAmount).toBe(new Dec('553283.75').minus(q.rebateOffset).toFixed(2));
    expect(q.lines[1]).toMatchObject({ free: false, listPrice: '3.15', netUnitPrice: '2.7783', adjustments: [{ code: 'TIER_DISCOUNT', amount: '-15797.25' }, { code: 'QUANTITY_BREAK', amount: '-2843.50' }] });
    expect(q.lines[1].details.find((d: { name: string }) => d.name === 'effectiveDiscountRate')).toMatchObject({ value: '0.118', label: { zh: '实际折扣率' }, type: 'rate' });
    expect(q.explanation.zh.join('\n')).toContain('行金额 = round(未取整金额, 2) = 139,331.75');
    expect(q.explanation.en.join('\n')).toContain('"PLATINUM-MCU" matched');
    expect((await get('/api/orders?dealer=D05', admin)).json().total).toBe(0);
  });

  it('points at the bad line: an unknown SKU, a quantity of zero (in Chinese when asked)', async () => {
    const unknown = await post('/api/orders/quote', d05, { lines: [{ sku: 'MCU-F103', qty: 1 }, { sku: 'NOPE-1', qty: 5 }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'DMS_ERR_UNKNOWN_PRODUCT', details: { problems: [{ pointer: '/lines/1/sku' }] } });
    const zero = await post('/api/orders/quote', d05, { lines: [{ sku: 'MCU-F103', qty: 0 }] }, { 'accept-language': 'zh-CN' });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().details.problems[0]).toMatchObject({ in: 'body', pointer: '/lines/0/qty' });
    expect(zero.json().message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('staff must name the dealer; a deployer may not quote; a dealer cannot quote as another', async () => {
    expect((await post('/api/orders/quote', admin, { lines: [{ sku: 'MCU-F103', qty: 1 }] })).json().code).toBe('DMS_ERR_DEALER_REQUIRED');
    expect((await post('/api/orders/quote', approver, { dealerCode: 'D06', lines: [{ sku: 'MCU-F103', qty: 1 }] })).json().tier).toBe('GOLD');
    expect((await post('/api/orders/quote', deployer, { dealerCode: 'D06', lines: [{ sku: 'MCU-F103', qty: 1 }] })).statusCode).toBe(403);
    // A dealer user is always priced as itself, whatever dealerCode says.
    expect((await post('/api/orders/quote', d06, { dealerCode: 'D05', lines: [{ sku: 'MCU-F103', qty: 1 }] })).json().dealerCode).toBe('D06');
  });
});

describe('orders', () => {
  let orderId: string;

  it('POST /api/orders saves a priced draft with its rule versions, trace and explanation', async () => {
    const res = await post('/api/orders', d05, d05Order);
    expect(res.statusCode).toBe(201);
    const o = res.json();
    orderId = o.id;
    // 48.00 × 10,000 × 0.8624 = 413,952.00; 28.00 × 5,000 × (1 − (1 − 8%)(1 − 2%)) = 28 × 5,000 × 0.9016 = 126,224.00
    expect(o).toMatchObject({ status: 'DRAFT', dealerCode: 'D05', tierAtOrder: 'PLATINUM', shipToRegion: 'SOUTH-SZ', orderAmount: '540176.00', payableAmount: '540176.00', rebateOffset: '0.00' });
    expect(o.lines.map((l: { sku: string; netUnitPrice: string; lineAmount: string }) => [l.sku, l.netUnitPrice, l.lineAmount])).toEqual([['MCU-H743', '41.3952', '413952.00'], ['RF-WIFI6', '25.2448', '126224.00']]);
    expect(o.lines[1].adjustments.map((a: { label: { zh: string }; amount: string }) => [a.label.zh, a.amount])).toEqual([['等级折扣', '-11200.00'], ['阶梯折扣', '-2576.00']]);
    expect(o.adjustments).toEqual([]);
    expect(o.pricingTrace.length).toBeGreaterThan(0);
    expect(o.explanation.zh.length).toBeGreaterThan(2);
    expect(o.orderNo).toMatch(/^SO\d{8}-[0-9A-F]{8}$/);
  });

  it('refuses a ship-to that is not a leaf region, unknown custom fields, approvers and deployers', async () => {
    const region = await post('/api/orders', d05, { ...d05Order, shipToRegion: 'R-SOUTH' });
    expect(region.statusCode).toBe(400);
    expect(region.json().details.problems[0].pointer).toBe('/shipToRegion');
    const custom = await post('/api/orders', d05, { ...d05Order, customFields: { projectName: 'x' } });
    expect(custom.json().code).toBe('CFG_ERR_CUSTOM_FIELDS_INVALID');
    expect((await post('/api/orders', approver, { ...d05Order, dealerCode: 'D05' })).statusCode).toBe(403);
    expect((await post('/api/orders', deployer, { ...d05Order, dealerCode: 'D05' })).statusCode).toBe(403);
    expect((await post('/api/orders', admin, d05Order)).json().code).toBe('DMS_ERR_DEALER_REQUIRED');
    const onBehalf = await post('/api/orders', admin, { ...d05Order, dealerCode: 'D06', shipToRegion: 'SOUTH-GZ' });
    expect(onBehalf.statusCode).toBe(201);
    expect(onBehalf.json()).toMatchObject({ dealerCode: 'D06', tierAtOrder: 'GOLD' });
  });

  it('GET /api/orders: a dealer sees only its own; staff see all and filter', async () => {
    const mine = (await get('/api/orders', d05)).json();
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((o: { dealerCode: string }) => o.dealerCode === 'D05')).toBe(true);
    const theirs = (await get('/api/orders', d06)).json();
    expect(theirs.items.map((o: { dealerCode: string }) => o.dealerCode)).toEqual(['D06']);
    expect((await get('/api/orders?dealer=D05', d06)).json().total).toBe(0);
    const all = (await get('/api/orders?status=DRAFT&limit=200', admin)).json();
    expect(new Set(all.items.map((o: { dealerCode: string }) => o.dealerCode))).toEqual(new Set(['D05', 'D06']));
    expect((await get('/api/orders?dealer=D06', approver)).json().total).toBe(1);
    expect((await get('/api/orders', deployer)).statusCode).toBe(403);
    expect((await get('/api/orders?limit=0', admin)).statusCode).toBe(400);
  });

  it('GET /api/orders/:id: D06 fetching D05’s order is 404, another tenant is 404, staff read it', async () => {
    expect((await get(`/api/orders/${orderId}`, d05)).json().id).toBe(orderId);
    expect((await get(`/api/orders/${orderId}`, approver)).statusCode).toBe(200);
    const walled = await get(`/api/orders/${orderId}`, d06);
    expect(walled.statusCode).toBe(404);
    expect(walled.json().code).toBe('CF_ERR_NOT_FOUND');
    expect((await get(`/api/orders/${orderId}`, acmeAdmin)).statusCode).toBe(404);
    expect((await get(`/api/orders/${orderId}`, betaAdmin)).statusCode).toBe(404);
    expect((await get(`/api/orders/${orderId}`, deployer)).statusCode).toBe(403);
    expect((await get('/api/orders/not-a-uuid', admin)).json().details.problems[0]).toMatchObject({ in: 'params', pointer: '/id' });
  });
});

describe('rebates and credit', () => {
  it('GET /api/rebates/account: my account; staff name the dealer; others are walled off', async () => {
    const mine = (await get('/api/rebates/account', d05)).json();
    expect(mine).toMatchObject({ dealerCode: 'D05', pending: '0.00' });
    expect(mine.entries[0]).toMatchObject({ type: 'ACCRUAL', amount: '800000.00', memo: 'ACME-2025-QREBATE 2025-Q2' });
    expect((await get('/api/rebates/account', admin)).json().code).toBe('DMS_ERR_DEALER_REQUIRED');
    expect((await get('/api/rebates/account?dealer=D05', approver)).json().dealerCode).toBe('D05');
    expect((await get('/api/rebates/account?dealer=D05', d06)).statusCode).toBe(404);
    expect((await get('/api/rebates/account?dealer=D05', betaAdmin)).statusCode).toBe(404);
    expect((await get('/api/rebates/account?dealer=D05', deployer)).statusCode).toBe(403);
  });

  it('GET /api/rebates/statements: mine, or the tenant’s for staff', async () => {
    expect((await get('/api/rebates/statements', d05)).json().map((s: { period: string; total: string }) => [s.period, s.total])).toEqual([['2026-Q3', '270000.00'], ['2025-Q2', '800000.00']]);
    expect((await get('/api/rebates/statements', d06)).json().map((s: { dealerCode: string }) => s.dealerCode)).toEqual(['D06', 'D06']);
    expect((await get('/api/rebates/statements?dealer=D05', d06)).statusCode).toBe(404);
    expect((await get('/api/rebates/statements', admin)).json()).toHaveLength(11);
    expect((await get('/api/rebates/statements', betaAdmin)).json()).toEqual([]);
    expect((await get('/api/rebates/statements', deployer)).statusCode).toBe(403);
  });

  it('GET /api/credit: my credit; another dealer’s or tenant’s is 404', async () => {
    expect((await get('/api/credit', d06)).json()).toMatchObject({ dealerCode: 'D06', creditLimit: '2500000.00', paymentTermDays: 45 });
    expect((await get('/api/credit?dealer=D05', d06)).statusCode).toBe(404);
    expect((await get('/api/credit?dealer=D05', betaAdmin)).statusCode).toBe(404);
    expect((await get('/api/credit', approver)).json().code).toBe('DMS_ERR_DEALER_REQUIRED');
    expect((await get('/api/credit', deployer)).statusCode).toBe(403);
  });
});
