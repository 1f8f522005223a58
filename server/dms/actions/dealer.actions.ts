import { LockMode } from '@mikro-orm/core';
import { AppError } from '../../../schemas/errors/app-error.js';
import { Dealer } from '../../entities/index.js';
import type { ActionHandler, ActionRunInput } from '../../workflows/workflow-runtime.js';
import type { DmsContext } from '../dms-context.js';
import { optionalText, requiredText } from './action-inputs.js';
import { setDealerTierFrom } from '../dealer-tier.service.js';
import { assertDealerOfInstance } from './action-scope.js';

const YEAR = /^\d{4}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The dealer an action changes, locked: only the instance's own dealer (see action-scope). */
async function lockedDealer(ctx: DmsContext, code: string, run: ActionRunInput) {
  await assertDealerOfInstance(ctx, code, run);
  const dealer = await ctx.em.findOne(Dealer, { code }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!dealer) throw new AppError('CF_ERR_NOT_FOUND', { dealer: code });
  return dealer;
}

/**
 * setDealerTier: records a tier review's result on the dealer (the tenant's review flow decides
 * it; this only writes it). The tier must be a code of the tenant's dealerTier dictionary; it takes
 * effect on `effectiveFrom` (default 1 January of the review year): before that day the old tier
 * still prices (dealerTierOn). One review per dealer and year is the flow's start key.
 */
export const setDealerTierAction: ActionHandler = async (ctx, run) => {
  const dealer = await lockedDealer(ctx, requiredText(run.inputs, 'dealerCode'), run);
  const tier = requiredText(run.inputs, 'tier');
  const reviewYear = requiredText(run.inputs, 'reviewYear', YEAR);
  const effectiveFrom = optionalText(run.inputs, 'effectiveFrom', DATE) ?? `${reviewYear}-01-01`;
  const change = await setDealerTierFrom(ctx, dealer, { tier, effectiveFrom, reviewYear: Number(reviewYear) }, run.asOf);
  return {
    dealerCode: dealer.code, previousTier: change.previousTier, tier, changed: change.previousTier !== tier, reviewYear, effectiveFrom, pending: change.pending,
  };
};

/** activateDealer: the end of onboarding — PENDING_ONBOARDING → ACTIVE (an active dealer stays as it is; a suspended or terminated one is refused). */
export const activateDealerAction: ActionHandler = async (ctx, run) => {
  const dealer = await lockedDealer(ctx, requiredText(run.inputs, 'dealerCode'), run);
  const previousStatus = dealer.status;
  if (previousStatus !== 'ACTIVE' && previousStatus !== 'PENDING_ONBOARDING') throw new AppError('DMS_ERR_DEALER_STATE', { dealer: dealer.code, status: previousStatus });
  dealer.status = 'ACTIVE';
  await ctx.em.flush();
  return { dealerCode: dealer.code, previousStatus, status: dealer.status, changed: previousStatus !== 'ACTIVE' };
};
