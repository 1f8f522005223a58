import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Dealer } from './dealer.entity.js';
import { isoDate } from './dms-columns.properties.js';
import { tenantOwned } from './tenant-owned.properties.js';

/**
 * 等级变更 A dealer's tier from a date on (the tier review's result, or any later decision). The
 * dealer's `tier` column is the tier of today; a change dated in the future waits here until its
 * day (dealer-tier.service.ts reads both). One change per dealer and date: a later decision for the
 * same day replaces it.
 */
export const DealerTierChange = defineEntity({
  name: 'DealerTierChange',
  tableName: 'dealer_tier_change',
  uniques: [{ properties: ['dealer', 'effectiveFrom'] }],
  properties: {
    ...tenantOwned(),
    dealer: () => p.manyToOne(Dealer),
    /** A code of the tenant's dealerTier dictionary. */
    tier: p.string().length(32),
    /** The tier the day before `effectiveFrom`, as known when the change was recorded. */
    previousTier: p.string().length(32),
    effectiveFrom: isoDate(),
    reviewYear: p.integer().nullable(),
    /** When the dealer's tier column took it (null while it waits for its day). */
    appliedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type DealerTierChange = InferEntity<typeof DealerTierChange>;
