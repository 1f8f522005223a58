import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { lifecycleStages, productStatuses } from '../../schemas/api/dms-enums.js';
import { customFields, money, rate } from './dms-columns.properties.js';
import { ProductCategory } from './product-category.entity.js';
import { tenantOwned } from './tenant-owned.properties.js';

/** A sellable SKU at its list price; tier and quantity discounts come from the pricing rule set. */
export const Product = defineEntity({
  name: 'Product',
  tableName: 'product',
  uniques: [{ properties: ['tenant', 'sku'] }],
  properties: {
    ...tenantOwned(),
    sku: p.string().length(64),
    name: p.string().length(200),
    nameEn: p.string().length(200).nullable(),
    category: () => p.manyToOne(ProductCategory).index(),
    unit: p.string().length(16).default('PCS'),
    /** Standard pack quantity (reel / tray); shown on the form, not enforced. */
    spq: p.integer().nullable(),
    listPrice: money(),
    /** A price-controlled product's ceiling on the combined discount (MCU-A100: 0.05). */
    maxDiscountRate: rate().nullable(),
    rebateEligible: p.boolean().default(true),
    status: p.enum(productStatuses).default('ACTIVE'),
    lifecycleStage: p.enum(lifecycleStages).default('MATURE'),
    position: p.integer().default(0),
    customFields: customFields(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export type Product = InferEntity<typeof Product>;
