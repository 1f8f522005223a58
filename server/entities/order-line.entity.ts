import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { customFields, money, rate } from './dms-columns.properties.js';
import { Order } from './order.entity.js';
import { Product } from './product.entity.js';
import { tenantOwned } from './tenant-owned.properties.js';
import { Warehouse } from './warehouse.entity.js';

/** One SKU of an order (duplicates merged), priced: rates, the exact amount and the amount rounded to the fen. */
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
    tierRate: rate(),
    breakRate: rate(),
    effectiveDiscountRate: rate(),
    capApplied: p.boolean().default(false),
    /** listPrice × (1 − rate) to 4 decimals: display only, never summed. */
    netUnitPrice: p.decimal('string').precision(18).scale(4),
    /** qty × listPrice × (1 − rate), unrounded. */
    exactAmount: p.decimal('string').precision(30).scale(12),
    lineAmount: money(),
    allocatedWarehouse: () => p.manyToOne(Warehouse).nullable(),
    customFields: customFields(),
  },
});
export type OrderLine = InferEntity<typeof OrderLine>;
