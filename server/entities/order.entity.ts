import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { orderStatuses } from '../../schemas/api/dms-enums.js';
import { Dealer } from './dealer.entity.js';
import { customFields, isoDate, money } from './dms-columns.properties.js';
import { tenantOwned } from './tenant-owned.properties.js';
import { User } from './user.entity.js';
import { WorkflowInstance } from './workflow-instance.entity.js';

export interface RuleVersionUsed { key: string; version: number }
export interface PlainExplanation { zh: string[]; en: string[] }
export interface LocalizedLabel { zh: string; en: string }

/** One step from list price to amount, as the pricing rule set gave it (amount signed: a discount is negative). */
export interface PriceAdjustment { code: string; label: LocalizedLabel; kind: 'percentage' | 'amount' | 'freeGoods'; rate: string | null; amount: string }

/** A figure a rule set gives beyond the contract, with its declared label and type. */
export interface PricingDetail { name: string; label: LocalizedLabel; type: string; value: unknown; valueLabels?: Record<string, LocalizedLabel> }

/** What pricing gave, as stored on the order (the flow reads `outputs` and `rebate.outputs`). */
export interface StoredPricing {
  ruleSet: RuleVersionUsed;
  outputs: Record<string, unknown>;
  /** The order-level figures beyond the contract. */
  details: PricingDetail[];
  /** Declarations of the line figures beyond the contract (values are on each line's `outputs`). */
  lineFields: Omit<PricingDetail, 'value'>[];
  rebate: { ruleSet: RuleVersionUsed | null; outputs: Record<string, unknown>; details: PricingDetail[] };
}

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
    /** Rebate applied against this order, as the rebateOffset point decided. */
    rebateOffset: money().default('0.00'),
    /** Order-level adjustments (promotions, freight, cash discount, rounding) in the rule set's order. */
    adjustments: p.json<PriceAdjustment[]>().default('[]').onCreate(() => []),
    /** The orderPricing and rebateOffset outputs with the labels to show them. */
    pricing: p.json<StoredPricing | Record<string, never>>().default('{}').onCreate(() => ({})),
    payableAmount: money(),
    ruleVersions: p.json<RuleVersionUsed[]>().columnType('json'),
    pricingTrace: p.json<unknown[]>().columnType('json'),
    explanation: p.json<PlainExplanation>().columnType('json'),
    workflowInstance: () => p.manyToOne(WorkflowInstance).nullable(),
    /** Warehouse routing result once allocated (the warehouseRouting point's output). */
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
