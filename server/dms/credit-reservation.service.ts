import { Dec, formatMoney } from '../../rules/money.js';
import { AppError } from '../../schemas/errors/app-error.js';
import type { Order as OrderRow } from '../entities/index.js';
import { lockDealer } from './credit.service.js';
import type { DmsContext } from './dms-context.js';
import { unreservedRebate } from './rebate-ledger.service.js';

/**
 * The reservation a submit makes, in the submit's transaction and before the figures the flow reads
 * are computed: the dealer's row is locked (concurrent submits, rebate postings and approvals of one
 * dealer queue here), then the order's rebate offset must fit in what the ledger still holds after
 * the other submitted orders' reservations — else 409 DMS_ERR_REBATE_INSUFFICIENT now, rather than
 * an incident after approval. Moving the order to SUBMITTED in the same transaction is the
 * reservation of its payable amount (credit) and its offset (rebate); see creditReservingStatuses.
 */
export async function reserveAtSubmit(ctx: DmsContext, order: OrderRow, dealerId: string): Promise<void> {
  await lockDealer(ctx.em, dealerId);
  const offset = new Dec(order.rebateOffset);
  if (offset.lte(0)) return;
  const available = await unreservedRebate(ctx, dealerId, order.orderDate, { excludeOrderId: order.id });
  if (available.lt(offset)) {
    throw new AppError('DMS_ERR_REBATE_INSUFFICIENT', { requested: formatMoney(offset), available: formatMoney(available), order: order.id });
  }
}
