import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { money } from './dms-columns.properties.js';
import { tenantOwned } from './tenant-owned.properties.js';
import { Warehouse } from './warehouse.entity.js';

/** A shipping lane: flat cost per shipment and lead time from a warehouse to a top region. Closed (no custom fields). */
export const WarehouseLane = defineEntity({
  name: 'WarehouseLane',
  tableName: 'warehouse_lane',
  uniques: [{ properties: ['warehouse', 'toRegion'] }],
  properties: {
    ...tenantOwned(),
    warehouse: () => p.manyToOne(Warehouse),
    toRegion: p.string().length(64),
    cost: money(),
    leadTimeDays: p.integer(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type WarehouseLane = InferEntity<typeof WarehouseLane>;
