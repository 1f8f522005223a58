import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { customFields, money } from './dms-columns.properties.js';
import type { PriceAdjustment } from './order.entity.js';
import { Order } from './order.entity.js';
import { Product } from './product.entity.js';
import { tenantOwned } from './tenant-owned.properties.js';
import { Warehouse } from './warehouse.entity.js';

/**
 * One SKU of an order (duplicates merged), or a free-goods line the pricing rule set gave, priced:
 * list price, the ordered adjustments, net unit price and line amount, and the rule's whole line
 * output (its own extra figures, shown with the rule set's labels).
 */
export const OrderLine = defineEntity({
  name: 'OrderLine',
  tableName: 'order_line',
  uniques: [{ properties: ['order', 'lineNo'] }],
  properties: {
    ...tenantOwned(),
    order: () => p.manyToOne(Order),
    lineNo: p.integer(),
    product: () => p.manyToOne(Product),
    sku: p.string().length(64),
    category: p.string().length(64),
    qty: p.integer(),
    listPrice: money(),
    /** A free-goods line (line amount 0), allocated like any line. */
    free: p.boolean().default(false),
    adjustments: p.json<PriceAdjustment[]>().default('[]').onCreate(() => []),
    /** The rule's net unit price: display only, never summed. */
    netUnitPrice: p.decimal('string').precision(30).scale(12),
    lineAmount: money(),
    /** The pricing rule set's output for this line, as it gave it. */
    outputs: p.json<Record<string, unknown>>().default('{}').onCreate(() => ({})),
    allocatedWarehouse: () => p.manyToOne(Warehouse).nullable(),
    customFields: customFields(),
  },
});
export type OrderLine = InferEntity<typeof OrderLine>;
