import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { dealerStatuses } from '../../schemas/api/dealer.schema.js';
import { money } from './dms-columns.properties.js';
import { codedAndNamed } from './tenant-owned.properties.js';

export const Dealer = defineEntity({
  name: 'Dealer',
  tableName: 'dealer',
  uniques: [{ properties: ['tenant', 'code'] }],
  properties: {
    ...codedAndNamed(),
    homeRegion: p.string().length(64),
    authorizedRegions: p.array().default([]),
    status: p.enum(dealerStatuses).default('ACTIVE'),
    /** A code of the tenant's `dealerTier` dictionary. */
    tier: p.string().length(32),
    /** Credit (RS5): limit + prepaid balance − open receivables − approved unpaid orders. */
    creditLimit: money().default('0.00'),
    prepaidBalance: money().default('0.00'),
    /** Days from invoice to due date; null for prepay-only dealers. */
    paymentTermDays: p.integer().nullable(),
    /** Fields the tenant declares in its manifest (customFields.dealer), validated on every write. */
    customFields: p.json<Record<string, unknown>>().default('{}').onCreate(() => ({})),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export type Dealer = InferEntity<typeof Dealer>;
