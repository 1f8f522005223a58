import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { rebateEntryStatuses, rebateEntryTypes } from '../../schemas/api/dms-enums.js';
import { Dealer } from './dealer.entity.js';
import { isoDate, money } from './dms-columns.properties.js';
import { Order } from './order.entity.js';
import { RebateStatement } from './rebate-statement.entity.js';
import { tenantOwned } from './tenant-owned.properties.js';

/** Which accruals a consumption, expiry or reversal touched, and by how much. */
export interface RebateAllocation { entryId: string; entryNo: number; amount: string }

/**
 * One line of a dealer's rebate account (返利账户流水). An ACCRUAL carries the remaining `balance`
 * consumptions draw from (earliest expiry first, then lowest `entryNo`); CONSUMPTION, REVERSAL and
 * EXPIRY record their `allocations`. `operationKey` makes each posting idempotent. Closed (no custom fields).
 */
export const RebateEntry = defineEntity({
  name: 'RebateEntry',
  tableName: 'rebate_entry',
  uniques: [{ properties: ['dealer', 'entryNo'] }, { properties: ['tenant', 'operationKey'] }],
  properties: {
    ...tenantOwned(),
    dealer: () => p.manyToOne(Dealer),
    /** Per-dealer sequence: the tie-break "lower entry id first" of RS4. */
    entryNo: p.integer(),
    type: p.enum(rebateEntryTypes),
    status: p.enum(rebateEntryStatuses).default('AVAILABLE'),
    /** Signed: + for accruals and reversals, − for consumptions and expiries. */
    amount: money(),
    /** What is left of an accrual; 0.00 on other types. */
    balance: money().default('0.00'),
    expiresOn: isoDate().nullable(),
    postedOn: isoDate(),
    allocations: p.json<RebateAllocation[]>().columnType('json').default('[]'),
    statement: () => p.manyToOne(RebateStatement).nullable(),
    order: () => p.manyToOne(Order).nullable(),
    operationKey: p.string().length(128),
    memo: p.string().length(200).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    version: p.integer().version(),
  },
});
export type RebateEntry = InferEntity<typeof RebateEntry>;
