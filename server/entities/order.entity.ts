import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { orderStatuses } from '../../schemas/api/dms-enums.js';
import { Dealer } from './dealer.entity.js';
import { customFields, isoDate, money } from './dms-columns.properties.js';
import { tenantOwned } from './tenant-owned.properties.js';
import { User } from './user.entity.js';
import { WorkflowInstance } from './workflow-instance.entity.js';

export interface RuleVersionUsed { key: string; version: number }
export interface PlainExplanation { zh: string[]; en: string[] }

/**
 * A dealer's order (订货单). Pricing is stored as it was computed: the amounts, the rule-set keys and
 * versions, the rule trace and its plain-words explanation, so the dealer and an auditor see why.
 * Table `dealer_order` because `order` is an SQL keyword.
 */
export const Order = defineEntity({
  name: 'Order',
  tableName: 'dealer_order',
  uniques: [{ properties: ['tenant', 'orderNo'] }],
  indexes: [{ properties: ['tenant', 'dealer', 'status'] }, { properties: ['tenant', 'status'] }],
  properties: {
    ...tenantOwned(),
    orderNo: p.string().length(32),
    dealer: () => p.manyToOne(Dealer),
    createdBy: () => p.manyToOne(User).nullable(),
    status: p.enum(orderStatuses).default('DRAFT'),
    orderDate: isoDate(),
    /** The dealer's tier on the order date, the one pricing used. */
    tierAtOrder: p.string().length(32),
    /** The ship-to resolved to a leaf region of the tenant's tree. */
    shipToRegion: p.string().length(64),
    shipToAddress: p.string().length(500).nullable(),
    currency: p.string().length(3).default('CNY'),
    orderAmount: money(),
    requestedOffset: money().default('0.00'),
    /** Rebate applied against this order (RS4 usage): min(requested, usable balance, 10% floored). */
    rebateOffset: money().default('0.00'),
    payableAmount: money(),
    ruleVersions: p.json<RuleVersionUsed[]>().columnType('json'),
    pricingTrace: p.json<unknown[]>().columnType('json'),
    explanation: p.json<PlainExplanation>().columnType('json'),
    workflowInstance: () => p.manyToOne(WorkflowInstance).nullable(),
    /** Warehouse routing result once allocated (RS6 output). */
    allocation: p.json<Record<string, unknown>>().columnType('json').nullable(),
    shippingCost: money().nullable(),
    customFields: customFields(),
    submittedAt: p.datetime().nullable(),
    decidedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export type Order = InferEntity<typeof Order>;
