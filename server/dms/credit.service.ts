import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Dec, formatMoney } from '../../rules/money.js';
import { AppError } from '../../schemas/errors/app-error.js';
import type { OrderStatus } from '../../schemas/api/dms-enums.js';
import { Dealer, Order, Receivable, type Receivable as ReceivableRow } from '../entities/index.js';
import type { DmsContext } from './dms-context.js';

/**
 * A submitted order reserves its payable amount from the moment it is submitted (under the dealer's
 * lock, see lockDealer) until its flow decides: a rejection, a cancellation or a withdrawal
 * (back to DRAFT) releases it, an approval turns it into an approved order's exposure. The order is
 * in one status at a time, so its amount is counted once.
 */
export const creditReservingStatuses: OrderStatus[] = ['SUBMITTED'];
/** Orders that hold credit: reserved while submitted, then approved until invoiced (a receivable then carries the amount). */
export const creditHoldingStatuses: OrderStatus[] = [...creditReservingStatuses, 'APPROVED', 'ALLOCATED', 'BACKORDERED', 'SHIPPED'];

/**
 * Serializes every decision on one dealer's money: credit and rebate reservations and the rebate
 * ledger's postings all lock the dealer row. Call it in the transaction that reads the figures and
 * commits what they decide (a submit moving its order to SUBMITTED, a ledger posting).
 */
export async function lockDealer(em: EntityManager, dealerId: string) {
  const dealer = await em.findOne(Dealer, { id: dealerId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!dealer) throw new AppError('CF_ERR_NOT_FOUND', { dealer: dealerId });
  return dealer;
}

const dayMs = 86_400_000;
/** Whole days from `from` to `to` (ISO dates; negative when `to` is earlier). */
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);

export const outstandingOf = (r: ReceivableRow) => new Dec(r.amount).minus(r.paidAmount);
const isUnpaid = (r: ReceivableRow) => (r.status === 'OPEN' || r.status === 'PARTIAL') && outstandingOf(r).gt(0);

/** Days past due on `asOf`; 0 when paid or not yet due. Derived, never stored. */
export function overdueDays(r: ReceivableRow, asOf: string): number {
  return isUnpaid(r) ? Math.max(0, daysBetween(r.dueDate, asOf)) : 0;
}

/**
 * A dealer's credit on `asOf`: exposure = open receivables + payable amount of
 * open orders not yet invoiced — submitted ones (their reservation, also given apart as
 * `reservedAmount`) and approved ones — optionally leaving one order out (the one being checked);
 * available = limit + prepaid − exposure, which may be negative. Read under lockDealer when
 * the figures decide something.
 */
export async function creditOf(ctx: DmsContext, dealerId: string, asOf: string, options: { excludeOrderId?: string } = {}) {
  const dealer = await ctx.em.findOne(Dealer, { id: dealerId });
  if (!dealer) throw new AppError('CF_ERR_NOT_FOUND');
  const receivables = await ctx.em.find(Receivable, { dealer: dealerId }, { orderBy: { dueDate: 'asc', invoiceNo: 'asc' } });
  const invoicedOrders = new Set(receivables.map((r) => r.order?.id).filter((id): id is string => !!id));
  const openOrders = (await ctx.em.find(Order, { dealer: dealerId, status: { $in: creditHoldingStatuses } }, { orderBy: { orderNo: 'asc' } }))
    .filter((o) => o.id !== options.excludeOrderId && !invoicedOrders.has(o.id));
  const unpaid = receivables.filter(isUnpaid);
  const arOutstanding = unpaid.reduce((a, r) => a.plus(outstandingOf(r)), new Dec(0));
  const openOrderAmount = openOrders.reduce((a, o) => a.plus(o.payableAmount), new Dec(0));
  const reservedAmount = openOrders.filter((o) => creditReservingStatuses.includes(o.status)).reduce((a, o) => a.plus(o.payableAmount), new Dec(0));
  const exposure = arOutstanding.plus(openOrderAmount);
  return {
    dealerCode: dealer.code,
    asOf,
    creditLimit: formatMoney(new Dec(dealer.creditLimit)),
    prepaidBalance: formatMoney(new Dec(dealer.prepaidBalance)),
    paymentTermDays: dealer.paymentTermDays ?? null,
    arOutstanding: formatMoney(arOutstanding),
    openOrderAmount: formatMoney(openOrderAmount),
    reservedAmount: formatMoney(reservedAmount),
    exposure: formatMoney(exposure),
    availableCredit: formatMoney(new Dec(dealer.creditLimit).plus(dealer.prepaidBalance).minus(exposure)),
    maxDaysOverdue: unpaid.reduce((m, r) => Math.max(m, overdueDays(r, asOf)), 0),
    receivables: receivables.map((r) => ({
      id: r.id, invoiceNo: r.invoiceNo, invoiceDate: r.invoiceDate, dueDate: r.dueDate,
      amount: formatMoney(new Dec(r.amount)), paidAmount: formatMoney(new Dec(r.paidAmount)), outstanding: formatMoney(outstandingOf(r)),
      status: r.status, overdueDays: overdueDays(r, asOf),
    })),
    openOrders: openOrders.map((o) => ({ id: o.id, orderNo: o.orderNo, status: o.status, payableAmount: formatMoney(new Dec(o.payableAmount)) })),
  };
}
