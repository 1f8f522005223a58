import { LockMode } from '@mikro-orm/core';
import type { Json } from '../../../rules/flow/index.js';
import { Dec, formatMoney } from '../../../rules/money.js';
import { AppError } from '../../../schemas/errors/app-error.js';
import { Order, OrderLine, type Order as OrderRow } from '../../entities/index.js';
import type { ActionHandler, ActionRunInput } from '../../workflows/workflow-runtime.js';
import type { DmsContext } from '../dms-context.js';
import { allocateOrder } from '../inventory.service.js';
import { orderOffsetKey } from '../order-outcome.js';
import { assertMove } from '../order-status.js';
import { priceOrder } from '../order-pricing.service.js';
import { lockDealer } from '../credit.service.js';
import { consumeRebate, offsetDrawn, unreservedRebate } from '../rebate-ledger.service.js';
import { requiredText, UUID } from './action-inputs.js';
import { assertOrderOfInstance } from './action-scope.js';

async function lockedOrder(ctx: DmsContext, run: ActionRunInput) {
  const orderId = requiredText(run.inputs, 'orderId', UUID);
  const order = await ctx.em.findOne(Order, { id: orderId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!order) throw new AppError('CF_ERR_NOT_FOUND', { order: orderId });
  assertOrderOfInstance(order, run);
  await ctx.em.populate(order, ['dealer']);
  return order;
}

/**
 * priceOrder: prices the submitted order again with the rule sets in effect on its order date and
 * the ledger as it is now less what other submitted orders reserved (the offset this order can
 * still use; its own reservation counts for it), and stores amounts, versions, trace
 * and explanation on the order and its lines. Repeating it changes nothing further.
 */
export const priceOrderAction: ActionHandler = async (ctx, run) => {
  const order = await lockedOrder(ctx, run);
  if (order.status !== 'SUBMITTED' && order.status !== 'DRAFT') throw new AppError('DMS_ERR_ORDER_STATE', { from: order.status, action: 'priceOrder' });
  const before = { orderAmount: formatMoney(new Dec(order.orderAmount)), rebateOffset: formatMoney(new Dec(order.rebateOffset)) };
  const priced = await repriceOrder(ctx, order, order.requestedOffset);
  return {
    orderId: order.id, orderAmount: priced.orderAmount, appliedOffset: priced.rebate.appliedOffset, payableAmount: priced.payableAmount,
    ruleVersions: priced.ruleVersions as unknown as Json,
    changed: before.orderAmount !== priced.orderAmount || before.rebateOffset !== priced.rebate.appliedOffset,
  };
};

/**
 * Prices a locked order again (rule sets in effect on its order date, the ledger less other
 * orders' reservations) with `requestedOffset`, and stores amounts, versions, trace and
 * explanation on the order and its lines. In the caller's transaction.
 */
export async function repriceOrder(ctx: DmsContext, order: OrderRow, requestedOffset: string) {
  const lines = await ctx.em.find(OrderLine, { order: order.id }, { orderBy: { lineNo: 'asc' } });
  const priced = await priceOrder({ ...ctx, locale: 'zh-CN' }, {
    dealer: order.dealer, orderDate: order.orderDate, requestedOffset, lines: lines.map((l) => ({ sku: l.sku, qty: l.qty })), orderId: order.id,
  });
  order.orderAmount = priced.orderAmount;
  order.requestedOffset = priced.rebate.requestedOffset;
  order.rebateOffset = priced.rebate.appliedOffset;
  order.payableAmount = priced.payableAmount;
  order.ruleVersions = priced.ruleVersions;
  order.pricingTrace = priced.trace;
  order.explanation = priced.explanation;
  for (const l of lines) {
    const p = priced.lines.find((x) => x.sku === l.sku);
    if (!p) continue;
    Object.assign(l, {
      listPrice: p.listPrice, tierRate: p.tierRate, breakRate: p.breakRate, effectiveDiscountRate: p.effectiveDiscountRate,
      capApplied: p.capApplied, netUnitPrice: p.netUnitPrice, exactAmount: p.exactAmount, lineAmount: p.lineAmount,
    });
  }
  await ctx.em.flush();
  return priced;
}

/**
 * applyRebateOffset: consumes the order's rebate offset from the dealer's ledger, earliest expiry
 * first, under the order's own operation key (so the order draws its offset once, however often the
 * step runs). An order without an offset posts nothing.
 */
export const applyRebateOffsetAction: ActionHandler = async (ctx, run) => {
  const order = await lockedOrder(ctx, run);
  if (order.status !== 'SUBMITTED') throw new AppError('DMS_ERR_ORDER_STATE', { from: order.status, action: 'applyRebateOffset' });
  const amount = new Dec(order.rebateOffset);
  if (amount.lte(0)) return { orderId: order.id, appliedOffset: '0.00', entryNo: null, allocations: [] };
  // Never draw what other submitted orders reserved (a draw already made under this order's key is replayed below).
  await lockDealer(ctx.em, order.dealer.id);
  if (!(await offsetDrawn(ctx, order.id)).gt(0)) {
    const available = await unreservedRebate(ctx, order.dealer.id, run.asOf, { excludeOrderId: order.id });
    if (available.lt(amount)) throw new AppError('DMS_ERR_REBATE_INSUFFICIENT', { requested: formatMoney(amount), available: formatMoney(available) });
  }
  const entry = await consumeRebate(ctx, { dealerId: order.dealer.id, orderId: order.id, amount: formatMoney(amount), asOf: run.asOf, operationKey: orderOffsetKey(order.id) });
  return {
    orderId: order.id, appliedOffset: formatMoney(amount), entryNo: entry.entryNo,
    allocations: entry.allocations.map((a) => ({ entryNo: a.entryNo, amount: a.amount })),
  };
};

/**
 * allocateStock: the approved order (SUBMITTED → APPROVED here) gets its stock from the warehouses
 * the warehouse-routing rule set picks on the locked stock figures → ALLOCATED, or BACKORDERED when
 * a line found no warehouse. An order already allocated returns its stored allocation.
 */
export const allocateStockAction: ActionHandler = async (ctx, run) => {
  const order = await lockedOrder(ctx, run);
  if (order.status === 'SUBMITTED') {
    assertMove(order.status, 'APPROVED');
    order.status = 'APPROVED';
    order.decidedAt = run.now;
    await ctx.em.flush();
  }
  const done = await allocateOrder(ctx, order.id, run.asOf);
  const routing = done.routing as unknown as { status: string; shippingCost: string; allocations: { warehouse: string; lines: { sku: string; qty: number }[] }[]; backorders: unknown[] };
  return {
    orderId: order.id, status: done.status, routingStatus: routing.status, shippingCost: routing.shippingCost,
    warehouses: routing.allocations.map((a) => a.warehouse),
    allocations: routing.allocations as unknown as Json, backorders: routing.backorders as unknown as Json,
  };
};
