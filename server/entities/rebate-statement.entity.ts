import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { rebateStatementStatuses } from '../../schemas/api/dms-enums.js';
import { Dealer } from './dealer.entity.js';
import { customFields, isoDate, money } from './dms-columns.properties.js';
import { tenantOwned } from './tenant-owned.properties.js';

/** One line of a statement as the rule set gave it, with the words it is shown in (its own label, else the declared valueLabels of its code, else the code). */
export interface StatementLine { code: string; amount: string; label: { zh: string; en: string } }

/** A dealer's rebate statement of a period (返利结算单), computed by the rule set bound to the rebateStatement point; it credits one ledger entry. */
export const RebateStatement = defineEntity({
  name: 'RebateStatement',
  tableName: 'rebate_statement',
  uniques: [{ properties: ['tenant', 'dealer', 'policyCode', 'period'] }],
  properties: {
    ...tenantOwned(),
    dealer: () => p.manyToOne(Dealer),
    policyCode: p.string().length(64),
    /** The period, e.g. a calendar quarter "2025-Q1". */
    period: p.string().length(7),
    statementDate: isoDate(),
    tierAtPeriodEnd: p.string().length(32),
    /** The rule set's lines, in its order; their amounts are what the total is made of. */
    lines: p.json<StatementLine[]>().default('[]').onCreate(() => []),
    total: money(),
    /** The rule set's whole output, and the facts it was given (the purchase figures among them). */
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
