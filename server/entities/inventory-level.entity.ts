import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Product } from './product.entity.js';
import { tenantOwned } from './tenant-owned.properties.js';
import { Warehouse } from './warehouse.entity.js';

/**
 * Stock of one SKU in one warehouse. ATP = onHand − allocated; safety stock is not reserved, it only
 * raises alerts (RS6). Allocation locks the row (SELECT … FOR UPDATE); `version` counts every change.
 */
export const InventoryLevel = defineEntity({
  name: 'InventoryLevel',
  tableName: 'inventory_level',
  uniques: [{ properties: ['warehouse', 'product'] }],
  properties: {
    ...tenantOwned(),
    warehouse: () => p.manyToOne(Warehouse),
    product: () => p.manyToOne(Product).index(),
    onHand: p.integer().default(0),
    allocated: p.integer().default(0),
    safetyStock: p.integer().default(0),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export type InventoryLevel = InferEntity<typeof InventoryLevel>;
