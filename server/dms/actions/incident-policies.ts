import { LockMode } from '@mikro-orm/core';
import { Dec, formatMoney, groupThousands, type Decimal } from '../../../rules/money.js';
import type { IncidentResolution } from '../../../schemas/api/incident-resolution.schema.js';
import { AppError } from '../../../schemas/errors/app-error.js';
import { Order, type Order as OrderRow } from '../../entities/index.js';
import type { ActionIncidentPolicies, ActionIncidentPolicy, IncidentAt, IncidentCheck } from '../../workflows/action-delivery.js';
import type { ActionContext } from '../../workflows/workflow-runtime.js';
import { lockDealer } from '../credit.service.js';
import { canMove } from '../order-status.js';
import { offsetDrawn, unreservedRebate } from '../rebate-ledger.service.js';
import { repriceOrder } from './order.actions.js';

/*
 * What an admin may do with a failed action node of an order's flow. The rule: no way out may leave
 * an order charged differently from what its ledger drew. Retry runs the node again (refused when it
 * can only fail again); skip moves the flow on as if the node had done its work (refused when the
 * records say it has not); the resolutions below change the records and the flow together.
 */

const m = (v: Decimal | string) => groupThousands(formatMoney(new Dec(v)));
const refuse = (why: IncidentCheck['why']): never => { throw new AppError('DMS_ERR_INCIDENT_RESOLUTION', why); };

/** The order the instance was submitted for, locked (instance → order → dealer, the order every path locks in). */
async function orderOfInstance(ctx: ActionContext, at: IncidentAt): Promise<OrderRow | null> {
  const order = await ctx.em.findOne(Order, { workflowInstance: at.instanceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (order) await ctx.em.populate(order, ['dealer']);
  return order;
}

const reasonText = (reason?: string) => (reason ? `（${reason}）` : '');

/** CANCEL_ORDER: the approval is withdrawn; the order follows its instance to CANCELLED and gives back what it holds (reservation, drawn offset, stock). */
const cancelTheOrder: NonNullable<ActionIncidentPolicy['resolutions']['CANCEL_ORDER']> = async (ctx, at, by) => {
  const order = await orderOfInstance(ctx, at);
  if (!order) return refuse({ resolution: 'CANCEL_ORDER', problem: 'no order was submitted into this instance' });
  if (!canMove(order.status, 'CANCELLED')) return refuse({ resolution: 'CANCEL_ORDER', problem: `order ${order.orderNo} is ${order.status}` });
  return {
    then: 'WITHDRAW',
    note: `异常处理：撤回审批并取消订单 ${order.orderNo}${reasonText(by.reason)} / Incident resolved: approval withdrawn and order ${order.orderNo} cancelled${by.reason ? ` (${by.reason})` : ''}`,
  };
};

/** The order's offset against what the ledger drew for it, and what it could still draw. */
async function offsetFigures(ctx: ActionContext, order: OrderRow, asOf: string) {
  const offset = new Dec(order.rebateOffset);
  const drawn = await offsetDrawn(ctx, order.id);
  await lockDealer(ctx.em, order.dealer.id);
  const available = await unreservedRebate(ctx, order.dealer.id, asOf, { excludeOrderId: order.id });
  return { offset, drawn, available };
}

const offsetOffered: IncidentResolution[] = ['REPRICE_WITHOUT_OFFSET', 'CANCEL_ORDER'];

const applyRebateOffsetPolicy: ActionIncidentPolicy = {
  async allows(ctx, at, action) {
    const order = await orderOfInstance(ctx, at);
    if (!order) return { allowed: action === 'RETRY' };
    const { offset, drawn, available } = await offsetFigures(ctx, order, at.asOf);
    const figures = { orderOffset: formatMoney(offset), ledgerDrawn: formatMoney(drawn), availableToDraw: formatMoney(available), offered: offsetOffered };
    // Skip: only when the ledger already holds exactly what the order is charged for.
    if (action === 'SKIP') return drawn.eq(offset) ? { allowed: true } : { allowed: false, why: { ...figures, problem: 'skipping would charge the order an offset its ledger did not draw' } };
    // Retry: only when it can succeed (the draw is already there, or the ledger now covers it).
    return drawn.gt(0) || offset.lte(0) || available.gte(offset) ? { allowed: true } : { allowed: false, why: { ...figures, problem: 'the ledger cannot cover the offset: a retry would fail again' } };
  },
  resolutions: {
    /** The order is priced again without its offset (its payable rises by it), nothing is drawn, and the flow moves on. */
    async REPRICE_WITHOUT_OFFSET(ctx, at, by) {
      const order = await orderOfInstance(ctx, at);
      if (!order) return refuse({ resolution: 'REPRICE_WITHOUT_OFFSET', problem: 'no order was submitted into this instance' });
      if (order.status !== 'SUBMITTED') return refuse({ resolution: 'REPRICE_WITHOUT_OFFSET', problem: `order ${order.orderNo} is ${order.status}` });
      const drawn = await offsetDrawn(ctx, order.id);
      if (!drawn.eq(0)) return refuse({ resolution: 'REPRICE_WITHOUT_OFFSET', problem: `the ledger already drew ${formatMoney(drawn)} for this order: retry instead`, ledgerDrawn: formatMoney(drawn) });
      const before = { offset: new Dec(order.rebateOffset), requested: new Dec(order.requestedOffset), payable: new Dec(order.payableAmount) };
      const priced = await repriceOrder(ctx, order, '0.00');
      return {
        then: 'SKIP',
        note: `异常处理：订单 ${order.orderNo} 不抵扣返利重新计价，返利抵扣 ${m(before.offset)}（申请 ${m(before.requested)}）取消，应付 ${m(before.payable)} → ${m(priced.payableAmount)}${reasonText(by.reason)}`
          + ` / Incident resolved: order ${order.orderNo} re-priced without its rebate offset; offset ${m(before.offset)} (requested ${m(before.requested)}) dropped, payable ${m(before.payable)} → ${m(priced.payableAmount)}${by.reason ? ` (${by.reason})` : ''}`,
      };
    },
    CANCEL_ORDER: cancelTheOrder,
  },
};

/**
 * Pricing and allocation: a retry is the same step again; a skip leaves records that still agree
 * (an unconfirmed price is the one the order was submitted and reserved with, and the offset step
 * draws exactly that; an order approved without allocation holds no stock); the order may be cancelled.
 */
const orderStepPolicy: ActionIncidentPolicy = {
  allows: async () => ({ allowed: true }),
  resolutions: { CANCEL_ORDER: cancelTheOrder },
};

/** Dealer master data and statements: a skip changes no money (nothing was written); retry and skip as the engine has them. */
const plainPolicy: ActionIncidentPolicy = { allows: async () => ({ allowed: true }), resolutions: {} };

/** The incident policy of each action node type (a missing one is a compile error). */
export const dmsIncidentPolicies: ActionIncidentPolicies = {
  priceOrder: orderStepPolicy,
  applyRebateOffset: applyRebateOffsetPolicy,
  allocateStock: orderStepPolicy,
  setDealerTier: plainPolicy,
  postRebateStatement: plainPolicy,
  activateDealer: plainPolicy,
};
