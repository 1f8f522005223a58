import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { rebateStatementStatuses } from '../../schemas/api/dms-enums.js';
import { Dealer } from './dealer.entity.js';
import { customFields, isoDate, money } from './dms-columns.properties.js';
import { tenantOwned } from './tenant-owned.properties.js';

/** A dealer's quarterly rebate statement (返利结算单), computed by the stepped-rebate rule set; it credits one ledger entry. */
export const RebateStatement = defineEntity({
  name: 'RebateStatement',
  tableName: 'rebate_statement',
  uniques: [{ properties: ['tenant', 'dealer', 'policyCode', 'period'] }],
  properties: {
    ...tenantOwned(),
    dealer: () => p.manyToOne(Dealer),
    policyCode: p.string().length(64),
    /** Calendar quarter, "2025-Q1". */
    period: p.string().length(7),
    statementDate: isoDate(),
    tierAtPeriodEnd: p.string().length(32),
    basis: money(),
    lastYearBasis: money(),
    base: money(),
    incremental: money(),
    special: money(),
    forfeited: money(),
    total: money(),
    /** The rule set's whole output, and the inputs it was given. */
    outputs: p.json<Record<string, unknown>>().columnType('json'),
    inputs: p.json<Record<string, unknown>>().columnType('json'),
    ruleSetKey: p.string().length(64),
    ruleSetVersion: p.integer(),
    status: p.enum(rebateStatementStatuses).default('DRAFT'),
    customFields: customFields(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export type RebateStatement = InferEntity<typeof RebateStatement>;
