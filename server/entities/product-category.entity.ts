import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { customFields } from './dms-columns.properties.js';
import { codedAndNamed } from './tenant-owned.properties.js';

/** A product line (MCU / PWR / RF); pricing tables key on its code. */
export const ProductCategory = defineEntity({
  name: 'ProductCategory',
  tableName: 'product_category',
  uniques: [{ properties: ['tenant', 'code'] }],
  properties: {
    ...codedAndNamed(),
    parentCode: p.string().length(64).nullable(),
    position: p.integer().default(0),
    customFields: customFields(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export type ProductCategory = InferEntity<typeof ProductCategory>;
