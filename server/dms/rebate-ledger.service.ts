import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Dec, formatMoney, type Decimal } from '../../rules/money.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { Order, RebateEntry, type RebateEntry as RebateEntryRow } from '../entities/index.js';
import type { RebateAllocation } from '../entities/rebate-entry.entity.js';
import { creditReservingStatuses, lockDealer } from './credit.service.js';
import type { DmsContext } from './dms-context.js';

const sum = (values: Decimal[]) => values.reduce((a, b) => a.plus(b), new Dec(0));

/** An accrual counts toward the usable balance on `asOf` when Finance confirmed it and it has not expired. */
export const isUsable = (e: RebateEntryRow, asOf: string) =>
  e.type === 'ACCRUAL' && e.status === 'AVAILABLE' && e.expiresOn !== null && e.expiresOn !== undefined && e.expiresOn >= asOf && new Dec(e.balance).gt(0);

/** Earliest expiry first; on equal expiry the lower entry number. */
const consumptionOrder = (a: RebateEntryRow, b: RebateEntryRow) =>
  (a.expiresOn! < b.expiresOn! ? -1 : a.expiresOn! > b.expiresOn! ? 1 : a.entryNo - b.entryNo);

export interface RebateBalances { available: string; pending: string; expiredUnposted: string }

export function balancesOf(entries: RebateEntryRow[], asOf: string): RebateBalances {
  const accruals = entries.filter((e) => e.type === 'ACCRUAL');
  return {
    available: formatMoney(sum(accruals.filter((e) => isUsable(e, asOf)).map((e) => new Dec(e.balance)))),
    pending: formatMoney(sum(accruals.filter((e) => e.status === 'PENDING').map((e) => new Dec(e.balance)))),
    expiredUnposted: formatMoney(sum(accruals.filter((e) => e.status === 'AVAILABLE' && e.expiresOn! < asOf).map((e) => new Dec(e.balance)))),
  };
}

export async function ledgerOf(ctx: DmsContext, dealerId: string): Promise<RebateEntryRow[]> {
  return ctx.em.find(RebateEntry, { dealer: dealerId }, { orderBy: { entryNo: 'asc' } });
}

/** The dealer's account on `asOf`: balances and every entry, oldest first. */
export async function rebateAccount(ctx: DmsContext, dealerId: string, asOf: string) {
  const entries = await ledgerOf(ctx, dealerId);
  return { asOf, ...balancesOf(entries, asOf), entries };
}

/**
 * Rebate offsets reserved by the dealer's submitted orders whose offset is not drawn yet (no
 * consumption, or one reversed): the order's `rebateOffset`. A submit reserves it under the
 * dealer's lock (see order-submit); the applyRebateOffset action then draws it, and a rejection or
 * a cancellation takes the order out of SUBMITTED, which releases it.
 */
export async function reservedOffsets(ctx: DmsContext, dealerId: string, options: { excludeOrderId?: string } = {}): Promise<{ orderId: string; amount: Decimal }[]> {
  const orders = (await ctx.em.find(Order, { dealer: dealerId, status: { $in: creditReservingStatuses } }, { orderBy: { orderNo: 'asc' } }))
    .filter((o) => o.id !== options.excludeOrderId && new Dec(o.rebateOffset).gt(0));
  if (!orders.length) return [];
  const moves = await ctx.em.find(RebateEntry, { dealer: dealerId, type: { $in: ['CONSUMPTION', 'REVERSAL'] }, order: { $in: orders.map((o) => o.id) } });
  const drawn = (id: string) => sum(moves.filter((m) => m.order?.id === id).map((m) => new Dec(m.amount))).neg().gt(0);
  return orders.filter((o) => !drawn(o.id)).map((o) => ({ orderId: o.id, amount: new Dec(o.rebateOffset) }));
}

/** What the ledger holds drawn for an order now: its consumptions less their reversals (0 when none, or reversed). */
export async function offsetDrawn(ctx: DmsContext, orderId: string): Promise<Decimal> {
  const moves = await ctx.em.find(RebateEntry, { type: { $in: ['CONSUMPTION', 'REVERSAL'] }, order: orderId });
  return sum(moves.map((m) => new Dec(m.amount))).neg();
}

/** An accrual as the rebateOffset point reads it (`remaining`: its balance less other orders' reservations). */
export interface OffsetEntryFact { entryNo: number; type: string; status: string; amount: string; remaining: string; expiresOn: string | null; postedOn: string }

/**
 * The accruals an order's offset may use on `asOf`: each usable balance lowered by what other
 * submitted orders reserved (earliest expiry first, the order the draws will take). Nothing is
 * saved. Pricing (a draft, the flow's confirmation) and the submit read the ledger through this,
 * so an offset already promised to one order is not promised again.
 */
export async function offsetEntriesFor(ctx: DmsContext, dealerId: string, asOf: string, options: { excludeOrderId?: string } = {}): Promise<OffsetEntryFact[]> {
  const accruals = (await ledgerOf(ctx, dealerId)).filter((e) => e.type === 'ACCRUAL');
  let reserved = sum((await reservedOffsets(ctx, dealerId, options)).map((r) => r.amount));
  const balance = new Map(accruals.map((e) => [e.id, new Dec(e.balance)]));
  for (const e of accruals.filter((x) => isUsable(x, asOf)).sort(consumptionOrder)) {
    if (reserved.lte(0)) break;
    const take = reserved.lt(e.balance) ? reserved : new Dec(e.balance);
    balance.set(e.id, new Dec(e.balance).minus(take));
    reserved = reserved.minus(take);
  }
  return accruals.map((e) => ({
    entryNo: e.entryNo, type: e.type, status: e.status, amount: formatMoney(new Dec(e.amount)), remaining: formatMoney(balance.get(e.id)!),
    expiresOn: e.expiresOn ?? null, postedOn: e.postedOn,
  }));
}

/** What the dealer can still offset on `asOf`: the usable balance less other submitted orders' reservations. */
export async function unreservedRebate(ctx: DmsContext, dealerId: string, asOf: string, options: { excludeOrderId?: string } = {}): Promise<Decimal> {
  const entries = await offsetEntriesFor(ctx, dealerId, asOf, options);
  return sum(entries.filter((e) => e.status === 'AVAILABLE' && e.expiresOn !== null && e.expiresOn >= asOf).map((e) => new Dec(e.remaining)));
}

/** Serializes every posting of one dealer's ledger: the dealer row is the lock. */
async function lockLedger(tx: EntityManager, dealerId: string): Promise<number> {
  await lockDealer(tx, dealerId);
  const last = await tx.findOne(RebateEntry, { dealer: dealerId }, { orderBy: { entryNo: 'desc' }, fields: ['entryNo'] });
  return (last?.entryNo ?? 0) + 1;
}

/** A posting already made under this key, after checking it is the same operation (a retry), not a different one. */
async function replayed(tx: EntityManager, operationKey: string, expect: { dealerId: string; type: RebateEntryRow['type'] }) {
  const done = await tx.findOne(RebateEntry, { operationKey });
  if (!done) return null;
  if (done.dealer.id !== expect.dealerId || done.type !== expect.type) throw new AppError('DMS_ERR_OPERATION_KEY_REUSED', { operationKey });
  return done;
}

export interface CreditInput {
  dealerId: string; amount: string; expiresOn: string; postedOn: string; status: 'PENDING' | 'AVAILABLE';
  operationKey: string; statementId?: string; memo?: string;
}

/** Credits an accrual (a confirmed statement, an opening balance). Idempotent by operation key. */
export async function creditRebate(ctx: DmsContext, input: CreditInput): Promise<RebateEntryRow> {
  return ctx.em.transactional(async (tx) => {
    const entryNo = await lockLedger(tx, input.dealerId);
    const done = await replayed(tx, input.operationKey, { dealerId: input.dealerId, type: 'ACCRUAL' });
    if (done) return done;
    const amount = formatMoney(new Dec(input.amount));
    const entry = tx.create(RebateEntry, {
      tenant: ctx.tenantId, dealer: input.dealerId, entryNo, type: 'ACCRUAL', status: input.status, amount, balance: amount,
      expiresOn: input.expiresOn, postedOn: input.postedOn, allocations: [], operationKey: input.operationKey, statement: input.statementId ?? null, memo: input.memo ?? null,
    });
    await tx.flush();
    return entry;
  });
}

/** Finance confirms an accrual: PENDING → AVAILABLE (a no-op when it already is). */
export async function confirmAccrual(ctx: DmsContext, entryId: string): Promise<RebateEntryRow> {
  return ctx.em.transactional(async (tx) => {
    const entry = await tx.findOne(RebateEntry, { id: entryId, type: 'ACCRUAL' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!entry) throw new AppError('CF_ERR_NOT_FOUND');
    entry.status = 'AVAILABLE';
    await tx.flush();
    return entry;
  });
}

export interface ConsumeInput { dealerId: string; orderId?: string; amount: string; asOf: string; operationKey: string }

/**
 * Draws `amount` from the usable accruals, earliest expiry first, then lowest entry number, and
 * records one CONSUMPTION entry naming what it took. All or nothing: a short balance changes
 * nothing (DMS_ERR_REBATE_INSUFFICIENT). A retry with the same operation key returns the first posting.
 */
export async function consumeRebate(ctx: DmsContext, input: ConsumeInput): Promise<RebateEntryRow> {
  return ctx.em.transactional(async (tx) => {
    const entryNo = await lockLedger(tx, input.dealerId);
    const done = await replayed(tx, input.operationKey, { dealerId: input.dealerId, type: 'CONSUMPTION' });
    if (done) {
      if (!new Dec(done.amount).eq(new Dec(input.amount).neg())) throw new AppError('DMS_ERR_OPERATION_KEY_REUSED', { operationKey: input.operationKey });
      return done;
    }
    const want = new Dec(input.amount);
    const usable = (await tx.find(RebateEntry, { dealer: input.dealerId, type: 'ACCRUAL', status: 'AVAILABLE' }, { lockMode: LockMode.PESSIMISTIC_WRITE }))
      .filter((e) => isUsable(e, input.asOf)).sort(consumptionOrder);
    const available = sum(usable.map((e) => new Dec(e.balance)));
    if (available.lt(want)) throw new AppError('DMS_ERR_REBATE_INSUFFICIENT', { requested: formatMoney(want), available: formatMoney(available) });
    const allocations: RebateAllocation[] = [];
    let left = want;
    for (const e of usable) {
      if (left.lte(0)) break;
      const take = left.lt(e.balance) ? left : new Dec(e.balance);
      e.balance = formatMoney(new Dec(e.balance).minus(take));
      allocations.push({ entryId: e.id, entryNo: e.entryNo, amount: formatMoney(take) });
      left = left.minus(take);
    }
    const entry = tx.create(RebateEntry, {
      tenant: ctx.tenantId, dealer: input.dealerId, entryNo, type: 'CONSUMPTION', status: 'AVAILABLE', amount: formatMoney(want.neg()),
      postedOn: input.asOf, allocations, order: input.orderId ?? null, operationKey: input.operationKey,
    });
    await tx.flush();
    return entry;
  });
}

/** The reversal's own key: derived from the consumption, so a consumption is reversed at most once whoever retries. */
export const reversalKey = (consumptionKey: string) => `reverse:${consumptionKey}`;

/**
 * Undoes a consumption (a cancelled order): each amount goes back to the accrual it came from.
 * Idempotent: a second call returns the first reversal.
 */
export async function reverseConsumption(ctx: DmsContext, input: { consumptionKey: string; asOf: string }): Promise<RebateEntryRow> {
  return ctx.em.transactional(async (tx) => {
    const consumption = await tx.findOne(RebateEntry, { operationKey: input.consumptionKey, type: 'CONSUMPTION' });
    if (!consumption) throw new AppError('CF_ERR_NOT_FOUND', { operationKey: input.consumptionKey });
    const dealerId = consumption.dealer.id;
    const entryNo = await lockLedger(tx, dealerId);
    const operationKey = reversalKey(input.consumptionKey);
    const done = await replayed(tx, operationKey, { dealerId, type: 'REVERSAL' });
    if (done) return done;
    const sources = await tx.find(RebateEntry, { id: { $in: consumption.allocations.map((a) => a.entryId) } }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const byId = new Map(sources.map((e) => [e.id, e]));
    for (const a of consumption.allocations) {
      const source = byId.get(a.entryId)!;
      source.balance = formatMoney(new Dec(source.balance).plus(a.amount));
    }
    const entry = tx.create(RebateEntry, {
      tenant: ctx.tenantId, dealer: dealerId, entryNo, type: 'REVERSAL', status: 'AVAILABLE', amount: formatMoney(new Dec(consumption.amount).neg()),
      postedOn: input.asOf, allocations: consumption.allocations, order: consumption.order ?? null, operationKey,
      memo: `reverses #${consumption.entryNo}`,
    });
    await tx.flush();
    return entry;
  });
}

/** Writes off what is left of accruals that expired before `asOf`, one EXPIRY entry each (idempotent per accrual). */
export async function expireRebates(ctx: DmsContext, dealerId: string, asOf: string): Promise<RebateEntryRow[]> {
  return ctx.em.transactional(async (tx) => {
    let entryNo = await lockLedger(tx, dealerId);
    const expired = (await tx.find(RebateEntry, { dealer: dealerId, type: 'ACCRUAL', expiresOn: { $lt: asOf } }, { orderBy: { entryNo: 'asc' } }))
      .filter((e) => new Dec(e.balance).gt(0));
    const posted: RebateEntryRow[] = [];
    for (const e of expired) {
      const amount = e.balance;
      e.balance = '0.00';
      posted.push(tx.create(RebateEntry, {
        tenant: ctx.tenantId, dealer: dealerId, entryNo: entryNo++, type: 'EXPIRY', status: e.status, amount: formatMoney(new Dec(amount).neg()),
        postedOn: asOf, allocations: [{ entryId: e.id, entryNo: e.entryNo, amount }], operationKey: `expiry:${e.id}:${entryNo - 1}`,
      }));
    }
    await tx.flush();
    return posted;
  });
}
