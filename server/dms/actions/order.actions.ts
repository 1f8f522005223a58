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
import { priceOrder } from '../pricing.service.js';
import { storePricing } from '../order.service.js';
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
 * priceOrder: confirms the submitted order's price: the same pricing as the draft and the submit
 * (the `orderPricing` point on the facts of the one builder, the rule set in effect on its order
 * date; the offset over the ledger as it is now less what other submitted orders reserved, its
 * own reservation counting for it), stored on the order and its lines. Repeating it changes
 * nothing further.
 */
export const priceOrderAction: ActionHandler = async (ctx, run) => {
  const order = await lockedOrder(ctx, run);
  if (order.status !== 'SUBMITTED' && order.status !== 'DRAFT') throw new AppError('DMS_ERR_ORDER_STATE', { from: order.status, action: 'priceOrder' });
  const before = { orderAmount: formatMoney(new Dec(order.orderAmount)), rebateOffset: formatMoney(new Dec(order.rebateOffset)) };
  const priced = await repriceOrder(ctx, order, order.requestedOffset);
  return {
    orderId: order.id, orderAmount: priced.orderAmount, appliedOffset: priced.rebateOffset, payableAmount: priced.payableAmount,
    ruleVersions: priced.ruleVersions as unknown as Json,
    changed: before.orderAmount !== priced.orderAmount || before.rebateOffset !== priced.rebateOffset,
  };
};

/**
 * Prices a locked order again (its requested lines, ship-to and custom fields; rule sets in effect
 * on its order date; the ledger less other orders' reservations) with `requestedOffset`, and
 * stores the pricing on the order and its lines (free-goods lines replaced). In the caller's transaction.
 */
export async function repriceOrder(ctx: DmsContext, order: OrderRow, requestedOffset: string) {
  const lines = await ctx.em.find(OrderLine, { order: order.id }, { orderBy: { lineNo: 'asc' } });
  const priced = await priceOrder({ ...ctx, locale: 'zh-CN' }, {
    dealer: order.dealer, orderDate: order.orderDate, shipToRegion: order.shipToRegion, orderFields: order.customFields, requestedOffset,
    lines: lines.filter((l) => !l.free).map((l) => ({ sku: l.sku, qty: l.qty })), orderId: order.id,
  });
  storePricing(ctx.em, order.tenant.id, order, lines, priced);
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
 * allocateStock: the approved order (SUBMITTED → APPROVED here) gets its stock, free-goods lines
 * included, from the warehouses the `warehouseRouting` point picks on the locked stock figures →
 * ALLOCATED, or BACKORDERED when the rule set lists backorders. An order already allocated
 * returns its stored allocation.
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
  const routing = done.routing;
  return {
    orderId: order.id, status: done.status, shippingCost: routing.shippingCost ?? null,
    warehouses: routing.allocations.map((a) => a.warehouse),
    allocations: routing.allocations as unknown as Json, backorders: (routing.backorders ?? []) as unknown as Json,
  };
};
