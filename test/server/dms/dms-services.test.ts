import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createOrm } from '../../../server/db/orm.js';
import { creditOf } from '../../../server/dms/credit.service.js';
import type { DmsContext } from '../../../server/dms/dms-context.js';
import { ruleSetInEffect } from '../../../server/dms/dms-rule-sets.js';
import { allocateOrder, listInventory } from '../../../server/dms/inventory.service.js';
import { priceOrder } from '../../../server/dms/pricing.service.js';
import { createDraftOrder } from '../../../server/dms/order.service.js';
import { consumeRebate, creditRebate, expireRebates, rebateAccount, reverseConsumption } from '../../../server/dms/rebate-ledger.service.js';
import { Dealer, Order, Receivable } from '../../../server/entities/index.js';
import { createAcmeCopy } from './dms-tenant.js';

let orm: MikroORM;
let copy: Awaited<ReturnType<typeof createAcmeCopy>>;
beforeAll(async () => {
  orm = await createOrm(inject('databaseUrl'), 4);
  copy = await createAcmeCopy(orm);
}, 120_000);
afterAll(async () => orm.close(true));

const dealer = (ctx: DmsContext, code: string) => ctx.em.findOneOrFail(Dealer, { code });
const ORDER_DATE = '2025-06-10';

async function approvedOrder(ctx: DmsContext, code: string, lines: { sku: string; qty: number }[], shipToRegion: string) {
  const { order } = await createDraftOrder(ctx, { dealer: await dealer(ctx, code), userId: null, orderDate: ORDER_DATE, lines, shipToRegion });
  await ctx.em.nativeUpdate(Order, { id: order.id }, { status: 'APPROVED' });
  return order.id;
}

describe('order pricing through the published rule sets (acme-chips section 8, to the fen)', () => {
  it('GOLD: 12%/2% style multiplication per line, lines rounded, the order the sum of rounded lines', async () => {
    const ctx = copy.ctx();
    const priced = await priceOrder(ctx, { dealer: await dealer(ctx, 'D02'), orderDate: ORDER_DATE, lines: [
      { sku: 'MCU-F103', qty: 20000 }, { sku: 'RF-WIFI6', qty: 5000 }, { sku: 'PWR-LDO33', qty: 10000 },
    ] });
    expect(priced.tier).toBe('GOLD');
    expect(priced.lines.map((l) => [l.sku, l.outputs.effectiveDiscountRate, l.lineAmount])).toEqual([
      ['MCU-F103', '0.0984', '122617.60'], ['RF-WIFI6', '0.069', '130340.00'], ['PWR-LDO33', '0.07', '3906.00'],
    ]);
    // The adjustments lead from list price × quantity to the line amount, in the rule set's words.
    expect(priced.lines[0].adjustments).toEqual([
      { code: 'TIER_DISCOUNT', label: { zh: '等级折扣', en: 'Tier discount' }, kind: 'percentage', rate: '0.08', amount: '-10880.00' },
      { code: 'QUANTITY_BREAK', label: { zh: '阶梯折扣', en: 'Quantity break' }, kind: 'percentage', rate: '0.02', amount: '-2502.40' },
    ]);
    expect(priced.orderAmount).toBe('256863.60');
    expect(priced.payableAmount).toBe('256863.60');
    // No offset asked: the rebate-offset point is not called.
    expect(priced.ruleVersions).toEqual([{ key: 'order-pricing', version: 1 }]);
  });

  it('PLATINUM: 13.76% and the half-up fen (139,331.745 → .75), with the exact amount kept and explained', async () => {
    const ctx = copy.ctx();
    const priced = await priceOrder(ctx, { dealer: await dealer(ctx, 'D01'), orderDate: ORDER_DATE, lines: [
      { sku: 'MCU-H743', qty: 4000 }, { sku: 'PWR-DCDC5A', qty: 50150 }, { sku: 'MCU-H743', qty: 6000 },
    ] });
    // The repeated SKU is merged into one line of 10,000 (section 1), at its first position.
    expect(priced.lines.map((l) => [l.sku, l.qty, l.outputs.effectiveDiscountRate, l.outputs.exactAmount, l.lineAmount])).toEqual([
      ['MCU-H743', 10000, '0.1376', '413952', '413952.00'], ['PWR-DCDC5A', 50150, '0.118', '139331.745', '139331.75'],
    ]);
    expect(priced.orderAmount).toBe('553283.75');
    // Narrated from the trace in the rule set's own words: its table and row, its labels, its formulas.
    const zh = priced.explanation.zh.join('\n');
    expect(priced.explanation.zh[0]).toContain('等级折扣 12% −57,600.00；阶梯折扣 2% −8,448.00；行金额 413,952.00 元');
    expect(zh).toContain('命中「PLATINUM-MCU」（经销商等级 白金，产品类别 MCU）→ 等级折扣率 = 12%');
    expect(zh).toContain('叠加折扣率 = 1 - (1 - 等级折扣率) * (1 - 阶梯折扣率) = 13.76%');
    expect(zh).toContain('未取整金额 = 数量 * 目录价 * (1 - 实际折扣率) = 139,331.745');
    expect(zh).toContain('行金额 = round(未取整金额, 2) = 139,331.75');
    expect(priced.explanation.en.join('\n')).toContain('"PLATINUM-PWR" matched (Dealer tier Platinum, Product category PWR) → Tier discount rate = 10%');
    expect(priced.explanation.en.at(-1)).toBe('Order amount CNY 553,283.75 (rule set "Order pricing (tier discount × quantity break)" v1).');
    expect(priced.trace.every((e) => e.kind !== 'row' || e.matched)).toBe(true);
  });

  it('MCU-A100: 13.76% exceeds its 5% cap, so 5% applies and the line says so', async () => {
    const ctx = copy.ctx();
    const priced = await priceOrder(ctx, { dealer: await dealer(ctx, 'D05'), orderDate: ORDER_DATE, lines: [{ sku: 'MCU-A100', qty: 20000 }] });
    expect(priced.lines[0]).toMatchObject({ lineAmount: '693500.00', outputs: { capApplied: true, effectiveDiscountRate: '0.05' } });
    expect(priced.lines[0].adjustments.map((a) => [a.label.zh, a.amount])).toEqual([['等级折扣', '-87600.00'], ['阶梯折扣', '-12848.00'], ['最高折扣限制', '63948.00']]);
    expect(priced.explanation.zh[0]).toContain('最高折扣限制 +63,948.00；行金额 693,500.00 元');
    expect(priced.explanation.zh.join('\n')).toContain('实际折扣率 = 触及最高折扣 ? 该产品最高折扣 : 叠加折扣率 = 5%');
  });

  it('the GOLD chain: pricing → rebate offset (10% floored) → credit → approval routing, as section 8 computes it', async () => {
    const ctx = copy.ctx();
    const d02 = await dealer(ctx, 'D02');
    await creditRebate(ctx, { dealerId: d02.id, amount: '40000.00', expiresOn: '2026-12-31', postedOn: '2025-04-10', status: 'AVAILABLE', operationKey: 'test:d02-opening' });
    const priced = await priceOrder(ctx, { dealer: d02, orderDate: ORDER_DATE, requestedOffset: '30000.00', lines: [
      { sku: 'MCU-F103', qty: 20000 }, { sku: 'RF-WIFI6', qty: 5000 }, { sku: 'PWR-LDO33', qty: 10000 },
    ] });
    expect(priced.pricing.rebate.outputs).toEqual({ usableBalance: '40000.00', maxOffset: '25686.36', appliedOffset: '25686.36', payableAmount: '231177.24' });
    expect([priced.requestedOffset, priced.rebateOffset, priced.payableAmount]).toEqual(['30000.00', '25686.36', '231177.24']);
    expect(priced.explanation.zh.join('\n')).toContain('返利抵扣：抵扣上限（订单金额的 10%，向下取到分） = floor(0.1 * 订单金额, 2) = 25,686.36');
    expect(priced.explanation.zh.at(-1)).toBe('返利抵扣 25,686.36 元，应付 231,177.24 元（规则集「返利抵扣」v1）。');

    ctx.em.create(Receivable, { tenant: copy.tenantId, dealer: d02.id, invoiceNo: 'T-D02-AR', invoiceDate: '2025-05-01', dueDate: '2025-06-15', amount: '2800000.00' });
    await ctx.em.flush();
    const credit = await creditOf(ctx, d02.id, ORDER_DATE);
    expect(credit).toMatchObject({ creditLimit: '3000000.00', arOutstanding: '2800000.00', openOrderAmount: '0.00', availableCredit: '200000.00', maxDaysOverdue: 0 });

    const routing = await ruleSetInEffect(ctx, 'order-approval-routing', ORDER_DATE);
    const decision = routing.compiled.evaluate({
      dealerStatus: d02.status, tier: d02.tier, orderAmount: priced.orderAmount, appliedOffset: priced.rebateOffset,
      creditLimit: credit.creditLimit, prepaidBalance: credit.prepaidBalance, arOutstanding: credit.arOutstanding, openOrderAmount: credit.openOrderAmount,
      maxDaysOverdue: credit.maxDaysOverdue, homeRegion: d02.homeRegion, authorizedRegions: d02.authorizedRegions, shipToRegion: 'EAST-JS',
    }).outputs;
    expect(decision).toMatchObject({ decision: 'PENDING_APPROVAL', availableCredit: '200000.00', creditExcess: '31177.24', reasonCodes: ['AMOUNT_OVER_200K', 'CREDIT_EXCEEDED'] });
  });
});

describe('rebate ledger', () => {
  it('consumes earliest expiry first (lower entry number on a tie), idempotently, all or nothing, and reverses to the same entries', async () => {
    const ctx = copy.ctx();
    const d12 = await dealer(ctx, 'D12');
    const post = (amount: string, expiresOn: string, status: 'AVAILABLE' | 'PENDING', key: string) =>
      creditRebate(ctx, { dealerId: d12.id, amount, expiresOn, postedOn: '2025-04-10', status, operationKey: key });
    const late = await post('20000.00', '2026-12-31', 'AVAILABLE', 'test:d12-a');
    const early1 = await post('8000.00', '2025-12-31', 'AVAILABLE', 'test:d12-b');
    const early2 = await post('5000.00', '2025-12-31', 'AVAILABLE', 'test:d12-c');
    await post('50000.00', '2026-12-31', 'PENDING', 'test:d12-d');
    expect((await post('20000.00', '2026-12-31', 'AVAILABLE', 'test:d12-a')).id).toBe(late.id);

    expect(await rebateAccount(ctx, d12.id, ORDER_DATE)).toMatchObject({ available: '33000.00', pending: '50000.00' });
    const used = await consumeRebate(ctx, { dealerId: d12.id, amount: '10000.00', asOf: ORDER_DATE, operationKey: 'test:d12-order-1' });
    expect(used.allocations.map((a) => [a.entryNo, a.amount])).toEqual([[early1.entryNo, '8000.00'], [early2.entryNo, '2000.00']]);
    // A retry posts nothing new; the same key for a different amount is refused.
    expect((await consumeRebate(copy.ctx(), { dealerId: d12.id, amount: '10000.00', asOf: ORDER_DATE, operationKey: 'test:d12-order-1' })).id).toBe(used.id);
    await expect(consumeRebate(copy.ctx(), { dealerId: d12.id, amount: '1.00', asOf: ORDER_DATE, operationKey: 'test:d12-order-1' })).rejects.toMatchObject({ code: 'DMS_ERR_OPERATION_KEY_REUSED' });
    expect((await rebateAccount(copy.ctx(), d12.id, ORDER_DATE)).available).toBe('23000.00');

    await expect(consumeRebate(copy.ctx(), { dealerId: d12.id, amount: '23000.01', asOf: ORDER_DATE, operationKey: 'test:d12-too-much' }))
      .rejects.toMatchObject({ code: 'DMS_ERR_REBATE_INSUFFICIENT', details: { available: '23000.00' } });
    expect((await rebateAccount(copy.ctx(), d12.id, ORDER_DATE)).available).toBe('23000.00');

    const back = await reverseConsumption(copy.ctx(), { consumptionKey: 'test:d12-order-1', asOf: ORDER_DATE });
    expect((await reverseConsumption(copy.ctx(), { consumptionKey: 'test:d12-order-1', asOf: ORDER_DATE })).id).toBe(back.id);
    const account = await rebateAccount(copy.ctx(), d12.id, ORDER_DATE);
    expect(account.available).toBe('33000.00');
    expect(account.entries.find((e) => e.id === early1.id)?.balance).toBe('8000.00');
    expect(account.entries.find((e) => e.id === early2.id)?.balance).toBe('5000.00');
    expect(account.entries.map((e) => e.type)).toEqual(['ACCRUAL', 'ACCRUAL', 'ACCRUAL', 'ACCRUAL', 'CONSUMPTION', 'REVERSAL']);

    // After 2025-12-31 the two early entries are no longer usable, and an expiry run writes them off once.
    expect((await rebateAccount(copy.ctx(), d12.id, '2026-01-01')).available).toBe('20000.00');
    expect((await expireRebates(copy.ctx(), d12.id, '2026-01-01')).map((e) => e.amount)).toEqual(['-8000.00', '-5000.00']);
    expect(await expireRebates(copy.ctx(), d12.id, '2026-01-01')).toEqual([]);
  });
});

describe('credit', () => {
  it('exposure is open receivables plus approved, uninvoiced orders; overdue days are derived', async () => {
    const ctx = copy.ctx();
    const d06 = await dealer(ctx, 'D06');
    ctx.em.create(Receivable, { tenant: copy.tenantId, dealer: d06.id, invoiceNo: 'T-D06-1', invoiceDate: '2025-03-01', dueDate: '2025-05-01', amount: '1000000.00', paidAmount: '250000.00', status: 'PARTIAL' });
    ctx.em.create(Receivable, { tenant: copy.tenantId, dealer: d06.id, invoiceNo: 'T-D06-2', invoiceDate: '2025-02-01', dueDate: '2025-03-01', amount: '500000.00', paidAmount: '500000.00', status: 'PAID' });
    await ctx.em.flush();
    const orderId = await approvedOrder(ctx, 'D06', [{ sku: 'PWR-LDO33', qty: 10000 }], 'SOUTH-GZ');
    const credit = await creditOf(copy.ctx(), d06.id, ORDER_DATE);
    // 0.42 × 10,000 × (1 − 7%) = 3,906.00 held by the approved order
    expect(credit).toMatchObject({ arOutstanding: '750000.00', openOrderAmount: '3906.00', exposure: '753906.00', availableCredit: '1746094.00', maxDaysOverdue: 40 });
    expect(credit.receivables.map((r) => [r.invoiceNo, r.overdueDays])).toEqual([['T-D06-2', 0], ['T-D06-1', 40]]);
    expect((await creditOf(copy.ctx(), d06.id, ORDER_DATE, { excludeOrderId: orderId })).openOrderAmount).toBe('0.00');
  });
});

describe('stock allocation', () => {
  it('allocates from the routed warehouse once, however often it is asked, and refuses an order that is not approved', async () => {
    const ctx = copy.ctx();
    const orderId = await approvedOrder(ctx, 'D05', [{ sku: 'MCU-F103', qty: 20000 }, { sku: 'RF-WIFI6', qty: 5000 }], 'SOUTH-SZ');
    const first = await allocateOrder(copy.ctx(), orderId, ORDER_DATE);
    expect(first).toMatchObject({ status: 'ALLOCATED', replayed: false, routing: { status: 'SINGLE', shippingCost: '50.00', decisions: [{ scope: 'ORDER', warehouse: 'WH-SZ', reason: 'NEAREST_WITH_STOCK' }] } });
    const again = await allocateOrder(copy.ctx(), orderId, ORDER_DATE);
    expect(again.replayed).toBe(true);
    const sz = await listInventory(copy.ctx(), { warehouse: 'WH-SZ' });
    expect(sz.filter((r) => r.sku !== 'PWR-DCDC5A').map((r) => [r.sku, r.allocated, r.atp])).toEqual([['MCU-F103', 20000, 60000], ['RF-WIFI6', 6001, 2999]]);

    const { order: draft } = await createDraftOrder(ctx, { dealer: await dealer(ctx, 'D05'), userId: null, orderDate: ORDER_DATE, lines: [{ sku: 'RF-WIFI6', qty: 1 }], shipToRegion: 'SOUTH-SZ' });
    await expect(allocateOrder(copy.ctx(), draft.id, ORDER_DATE)).rejects.toMatchObject({ code: 'DMS_ERR_ORDER_STATE' });

    // WH-SZ no longer has 8,000 RF-WIFI6; WH-SH and WH-TJ both cost 180.00 into R-SOUTH, WH-SH is faster.
    const next = await approvedOrder(ctx, 'D05', [{ sku: 'RF-WIFI6', qty: 8000 }], 'SOUTH-SZ');
    expect((await allocateOrder(copy.ctx(), next, ORDER_DATE)).routing).toMatchObject({ status: 'SINGLE', shippingCost: '180.00', decisions: [{ warehouse: 'WH-SH', reason: 'LOWEST_COST' }] });
  });

  it('two allocations racing for the same stock never promise it twice', async () => {
    const ctx = copy.ctx();
    const a = await approvedOrder(ctx, 'D06', [{ sku: 'PWR-DCDC5A', qty: 100000 }], 'SOUTH-GZ');
    const b = await approvedOrder(ctx, 'D06', [{ sku: 'PWR-DCDC5A', qty: 100000 }], 'SOUTH-GZ');
    const results = await Promise.all([allocateOrder(copy.ctx(), a, ORDER_DATE), allocateOrder(copy.ctx(), b, ORDER_DATE)]);
    const warehouses = results.map((r) => (r.routing.allocations[0] as { warehouse: string }).warehouse).sort();
    expect(warehouses).toEqual(['WH-SH', 'WH-SZ']);
    const stock = await listInventory(copy.ctx(), { sku: 'PWR-DCDC5A' });
    expect(stock.map((r) => [r.warehouse, r.allocated])).toEqual([['WH-SH', 100000], ['WH-SZ', 100000], ['WH-TJ', 0]]);
  });
});

describe('custom fields', () => {
  it('are stored as JSON objects on every seeded record, never as the string "{}"', async () => {
    const conn = orm.em.fork().getConnection();
    for (const table of ['dealer', 'product_category', 'product', 'warehouse', 'rebate_statement', 'diversion_case']) {
      const [row] = await conn.execute<{ n: string; objects: string }[]>(`select count(*) as n, count(*) filter (where jsonb_typeof(custom_fields) = 'object') as objects from "${table}"`);
      expect(Number(row.n), table).toBeGreaterThan(0);
      expect(row.objects, table).toBe(row.n);
    }
  });
});
