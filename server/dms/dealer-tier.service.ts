import { AppError } from '../../schemas/errors/app-error.js';
import { addDays } from '../../rules/shanghai-date.js';
import { Dealer, DealerTierChange, Tenant } from '../entities/index.js';
import { shanghaiToday } from '../rule-sets/rule-set.service.js';
import { tiersOf } from '../tenancy/vocabulary.service.js';
import type { DmsContext } from './dms-context.js';
import { tenantSql } from '../db/tenant-sql.js';

/**
 * 经销商等级的生效日 A dealer's tier has a timeline: the `tier` column is the tier of today, and
 * `dealer_tier_change` rows hold decisions from a day on (a review's result that takes effect on
 * 1 January, a tier decided now for next month). `dealerTierOn` is the one answer to "which tier
 * on this date": pricing asks it for the order date, statements for the period end.
 */

/** The tenant's dealerTier codes (best first); a code outside them is refused, naming it and the codes. */
export async function assertDealerTier(ctx: DmsContext, tier: string, pointer = '/inputs/tier'): Promise<void> {
  const tenant = await ctx.em.findOneOrFail(Tenant, { id: ctx.tenantId });
  const codes = tiersOf(tenant).map((t) => t.code);
  if (!codes.includes(tier)) throw new AppError('DMS_ERR_TIER_UNKNOWN', { tier, tiers: codes, pointer });
}

/**
 * The changes whose day has come (on or before `today`) that the dealer's column has not taken yet
 * are taken now: the column gets the latest of them. Written in SQL and the dealer row read back
 * (its version with it), so a read never flushes the caller's unit of work (an order half built).
 */
async function bringUpToDate(ctx: DmsContext, dealer: Dealer, changes: DealerTierChange[], today: string): Promise<void> {
  const due = changes.filter((c) => c.effectiveFrom <= today);
  const pending = due.filter((c) => !c.appliedAt);
  if (pending.length === 0) return;
  const now = new Date();
  await tenantSql(ctx)(`update dealer_tier_change set applied_at = ? where tenant_id = :tenant and id in (${pending.map(() => '?').join(', ')})`,
    [now, ...pending.map((c) => c.id)]);
  for (const c of pending) c.appliedAt = now;
  const latest = due[due.length - 1];
  if (pending.includes(latest) && dealer.tier !== latest.tier) {
    await tenantSql(ctx)('update dealer set tier = ?, version = version + 1, updated_at = ? where tenant_id = :tenant and id = ?', [latest.tier, now, dealer.id]);
    await ctx.em.refresh(dealer);
  }
}

const changesOf = (ctx: DmsContext, dealer: Dealer) =>
  ctx.em.find(DealerTierChange, { dealer: dealer.id }, { orderBy: { effectiveFrom: 'asc' } });

/**
 * The dealer's tier in effect on `date`: before a recorded change, the tier it replaces; on or
 * after the last change that has come into effect, the dealer's column (so an edit of the master
 * data after it counts); a change dated after today but on or before `date` (a quote for a later
 * day) already counts for that day. Reading on or after a change's day brings the column up to date.
 */
export async function dealerTierOn(ctx: DmsContext, dealer: Dealer, date: string, today = shanghaiToday()): Promise<string> {
  const changes = await changesOf(ctx, dealer);
  if (changes.length === 0) return dealer.tier;
  await bringUpToDate(ctx, dealer, changes, today);
  const later = changes.find((c) => c.effectiveFrom > date);
  if (later) return later.previousTier;
  const last = changes[changes.length - 1];
  return last.appliedAt ? dealer.tier : last.tier;
}

export interface TierChangeResult { previousTier: string; tier: string; effectiveFrom: string; /** Not yet in the dealer's column: it takes effect on its day. */ pending: boolean }

/**
 * Records `tier` from `effectiveFrom` on (one decision per dealer and day: a later one for the same
 * day replaces it) and brings the column up to date when the day has come. The tier must be a
 * code of the tenant's dealerTier dictionary.
 */
export async function setDealerTierFrom(
  ctx: DmsContext, dealer: Dealer, change: { tier: string; effectiveFrom: string; reviewYear?: number | null }, today = shanghaiToday(),
): Promise<TierChangeResult> {
  await assertDealerTier(ctx, change.tier);
  const previousTier = await dealerTierOn(ctx, dealer, addDays(change.effectiveFrom, -1), today);
  const changes = await changesOf(ctx, dealer);
  let row = changes.find((c) => c.effectiveFrom === change.effectiveFrom);
  if (row) {
    row.tier = change.tier;
    row.previousTier = previousTier;
    row.reviewYear = change.reviewYear ?? row.reviewYear ?? null;
    row.appliedAt = null;
  } else {
    row = ctx.em.create(DealerTierChange, {
      tenant: ctx.tenantId, dealer, tier: change.tier, previousTier, effectiveFrom: change.effectiveFrom, reviewYear: change.reviewYear ?? null, appliedAt: null,
    });
    changes.push(row);
    changes.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  }
  // The next decision replaces this one's tier, whatever was known when it was recorded.
  const next = changes.find((c) => c.effectiveFrom > change.effectiveFrom);
  if (next) next.previousTier = change.tier;
  await ctx.em.flush();
  await bringUpToDate(ctx, dealer, changes, today);
  return { previousTier, tier: change.tier, effectiveFrom: change.effectiveFrom, pending: change.effectiveFrom > today };
}

/** Brings every dealer's column up to date with the changes whose day has come (any job may run it; reads do it per dealer). */
export async function applyDueTierChanges(ctx: DmsContext, today = shanghaiToday()): Promise<number> {
  const due = await ctx.em.find(DealerTierChange, { appliedAt: null, effectiveFrom: { $lte: today } }, { populate: ['dealer'] });
  const dealers = new Map(due.map((c) => [c.dealer.id, c.dealer]));
  for (const dealer of dealers.values()) await bringUpToDate(ctx, dealer, await changesOf(ctx, dealer), today);
  return dealers.size;
}

/** The dealer as the extension points provide it: master data, the tier in effect on `date`, and its custom fields. */
export async function dealerFacts(ctx: DmsContext, dealer: Dealer, date: string, today = shanghaiToday()) {
  return {
    code: dealer.code, name: dealer.name, status: dealer.status, tier: await dealerTierOn(ctx, dealer, date, today), homeRegion: dealer.homeRegion,
    authorizedRegions: [...(dealer.authorizedRegions ?? [])] as string[], customFields: { ...(dealer.customFields ?? {}) } as Record<string, unknown>,
  };
}
