import { LockMode } from '@mikro-orm/core';
import type { Json } from '../../rules/flow/index.js';
import { Dec, formatMoney } from '../../rules/money.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { Order, OrderLine, WorkflowInstance, type Dealer as DealerRow, type Order as OrderRow } from '../entities/index.js';
import type { AuthedContext } from '../http/request-context.js';
import { shanghaiToday } from '../rule-sets/rule-set.service.js';
import { runCommand, startInstance } from '../workflows/workflow-engine.service.js';
import type { WorkflowRuntime } from '../workflows/workflow-runtime.js';
import { creditOf } from './credit.service.js';
import { reserveAtSubmit } from './credit-reservation.service.js';
import type { DmsContext } from './dms-context.js';
import { boundWorkflowKey } from '../extension-points/extension-point.service.js';
import type { StoredPricing } from '../entities/order.entity.js';
import { orderFlowKeys, releaseOrder, settleOrder } from './order-outcome.js';
import { dealerFacts } from './dealer-tier.service.js';
import { assertMove } from './order-status.js';
import { getOrder } from './order.service.js';
import { offsetEntriesFor } from './rebate-ledger.service.js';

type Ctx = AuthedContext & DmsContext;
const ENDED = new Set(['APPROVED', 'REJECTED', 'CANCELLED']);

/** The default key: one submission per order (a resubmitted request answers the same instance). */
export const orderSubmitKey = (orderId: string) => `order-submit:${orderId}`;

/**
 * The order as its flow reads it (the orderApproval point's `order`): amounts as priced and stored
 * (the flow never prices again), lines with their net prices and free-goods lines, ship-to, and the
 * order's custom fields (a gateway or rule may route on them).
 */
async function orderVariables(ctx: DmsContext, order: OrderRow): Promise<Record<string, Json>> {
  const lines = await ctx.em.find(OrderLine, { order: order.id }, { orderBy: { lineNo: 'asc' }, populate: ['product'] });
  const money = (v: string) => formatMoney(new Dec(v));
  return {
    id: order.id, orderNo: order.orderNo, orderDate: order.orderDate, shipToRegion: order.shipToRegion, shipToAddress: order.shipToAddress ?? null,
    customFields: (order.customFields ?? {}) as Record<string, Json>,
    orderAmount: money(order.orderAmount), requestedOffset: money(order.requestedOffset), appliedOffset: money(order.rebateOffset), payableAmount: money(order.payableAmount),
    lines: lines.map((l) => ({
      lineNo: l.lineNo, sku: l.sku, name: l.product.name, category: l.category, qty: l.qty, listPrice: money(l.listPrice),
      netUnitPrice: new Dec(l.netUnitPrice).toFixed(), lineAmount: money(l.lineAmount), free: l.free,
    })),
  };
}

/** The dealer as the flow reads it: master data, custom fields and credit from the records (never from a form). */
async function dealerVariables(ctx: DmsContext, dealer: DealerRow, order: OrderRow): Promise<Record<string, Json>> {
  const credit = await creditOf(ctx, dealer.id, order.orderDate, { excludeOrderId: order.id });
  const figures = {
    creditLimit: credit.creditLimit, prepaidBalance: credit.prepaidBalance, arOutstanding: credit.arOutstanding,
    openOrderAmount: credit.openOrderAmount, availableCredit: credit.availableCredit, maxDaysOverdue: credit.maxDaysOverdue,
  };
  return { ...((await dealerFacts(ctx, dealer, order.orderDate)) as Record<string, Json>), ...figures };
}

/** The accruals net of what other submitted orders reserved (read under the dealer's lock). */
async function rebateEntries(ctx: DmsContext, dealerId: string, order: OrderRow): Promise<Json[]> {
  return (await offsetEntriesFor(ctx, dealerId, order.orderDate, { excludeOrderId: order.id })) as unknown as Json[];
}

/** The order an order-flow instance was started for (its `order.id` variable, set from the record at submit). */
function instanceOrderId(variables: Record<string, Json>): string | undefined {
  const o = variables.order;
  return o !== null && typeof o === 'object' && !Array.isArray(o) && typeof o.id === 'string' ? o.id : undefined;
}

/**
 * Submits a DRAFT order into the published flow the tenant binds to the `orderApproval` point, with
 * the order as priced (amounts, lines, custom fields; the `pricing` and `rebate` outputs) and the
 * dealer's master data, credit and rebate entries read from the records. In one transaction
 * the order is locked, the instance started (its first nodes run now, e.g. an approval routing),
 * linked to the order and the order moved DRAFT → SUBMITTED — or straight to its final status when
 * the flow already ended (a pre-check rejection). Submitting again with the same key answers the
 * same order; another key on an order no longer DRAFT is refused (409); a key that started another
 * order's (or another request's) instance is refused (422) and nothing is linked or settled.
 */
export async function submitOrder(rt: WorkflowRuntime, ctx: Ctx, orderId: string, idempotencyKey?: string) {
  const order = await ctx.em.findOne(Order, { id: orderId }, { populate: ['dealer'] });
  if (!order) throw new AppError('CF_ERR_NOT_FOUND');
  const key = idempotencyKey ?? orderSubmitKey(order.id);
  const flowKey = await boundWorkflowKey(ctx, 'orderApproval');
  orderFlowKeys.add(flowKey);
  if (order.status !== 'DRAFT') {
    const instance = order.workflowInstance ? await ctx.em.findOne(WorkflowInstance, { id: order.workflowInstance.id }) : null;
    // A replay of this caller's own submit (the key's scope: caller + order flow) answers the order; anyone else's is a new request.
    if (instance && instance.idempotencyKey === key && instance.initiator.id === ctx.user.id && instance.definitionKey === flowKey) return getOrder(ctx, order.id);
    assertMove(order.status, 'SUBMITTED');
  }
  await ctx.em.transactional(async (tx) => {
    const txCtx = { ...ctx, em: tx };
    const locked = await tx.findOne(Order, { id: order.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!locked) throw new AppError('CF_ERR_NOT_FOUND');
    assertMove(locked.status, 'SUBMITTED');
    // Under the dealer's lock: the credit and rebate the flow is told include other orders' reservations, and this one's commits with it.
    await reserveAtSubmit(txCtx, locked, order.dealer.id);
    const pricing = locked.pricing as Partial<StoredPricing>;
    const variables: Record<string, Json> = {
      dealer: await dealerVariables(txCtx, order.dealer, locked),
      order: await orderVariables(txCtx, locked),
      pricing: (pricing.outputs ?? {}) as Record<string, Json>,
      rebate: (pricing.rebate?.outputs ?? { appliedOffset: formatMoney(new Dec(locked.rebateOffset)), payableAmount: formatMoney(new Dec(locked.payableAmount)) }) as Record<string, Json>,
      rebateEntries: await rebateEntries(txCtx, order.dealer.id, locked),
    };
    // The key stands for this order's submission: another order's key (or another request's) is FLW_ERR_IDEMPOTENCY_KEY_REUSED.
    const started = await startInstance(rt, txCtx, {
      definitionKey: flowKey, variables, idempotencyKey: key, userId: ctx.user.id, dealerId: order.dealer.id,
      fingerprint: { subject: `order:${order.id}`, request: {} },
    });
    // Only the instance started for this order may carry it (and settle it), whatever a key pointed at.
    if (instanceOrderId(started.state.variables) !== order.id) throw new AppError('DMS_ERR_SUBMIT_INSTANCE_MISMATCH', { instanceId: started.instanceId });
    locked.workflowInstance = tx.getReference(WorkflowInstance, started.instanceId);
    locked.status = 'SUBMITTED';
    locked.submittedAt = rt.clock();
    await tx.flush();
    if (ENDED.has(started.state.status)) await settleOrder(txCtx, locked, started.state.status, shanghaiToday(rt.clock()), rt.clock());
  });
  return getOrder(ctx, order.id);
}

/**
 * Cancels an order: a running approval is withdrawn (its end gives back what the order holds, in
 * the same transaction), an order past its flow (approved, allocated, backordered) gives back its
 * consumed rebate and its allocated stock here; a draft just becomes CANCELLED. The order-status
 * machine says what may be cancelled.
 */
export async function cancelOrder(rt: WorkflowRuntime, ctx: Ctx, orderId: string, reason?: string) {
  const order = await ctx.em.findOne(Order, { id: orderId });
  if (!order) throw new AppError('CF_ERR_NOT_FOUND');
  assertMove(order.status, 'CANCELLED');
  const instance = order.workflowInstance ? await ctx.em.findOne(WorkflowInstance, { id: order.workflowInstance.id }) : null;
  await ctx.em.transactional(async (tx) => {
    const txCtx = { ...ctx, em: tx };
    if (instance && instance.status === 'RUNNING') {
      await runCommand(rt, txCtx, instance.id, { type: 'withdraw', actor: ctx.user.id, ...(reason ? { reason } : {}) });
      return;
    }
    const locked = await tx.findOne(Order, { id: order.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!locked) throw new AppError('CF_ERR_NOT_FOUND');
    assertMove(locked.status, 'CANCELLED');
    await releaseOrder(txCtx, locked, shanghaiToday(rt.clock()));
    locked.status = 'CANCELLED';
    locked.decidedAt = rt.clock();
    await tx.flush();
  });
  return getOrder(ctx, order.id);
}
