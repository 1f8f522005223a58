import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { warehouseStatuses } from '../../schemas/api/dms-enums.js';
import { customFields } from './dms-columns.properties.js';
import { codedAndNamed } from './tenant-owned.properties.js';

/** A distribution centre: where it is, and the top region it is "nearest" to (warehouse routing). */
export const Warehouse = defineEntity({
  name: 'Warehouse',
  tableName: 'warehouse',
  uniques: [{ properties: ['tenant', 'code'] }],
  properties: {
    ...codedAndNamed(),
    locatedIn: p.string().length(64),
    servesRegion: p.string().length(64),
    status: p.enum(warehouseStatuses).default('ACTIVE'),
    customFields: customFields(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export type Warehouse = InferEntity<typeof Warehouse>;
