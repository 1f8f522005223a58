import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { codedAndNamed } from './tenant-owned.properties.js';

/** A node of the tenant's sales-region tree (country → sales area → province or city). */
export const Region = defineEntity({
  name: 'Region',
  tableName: 'region',
  uniques: [{ properties: ['tenant', 'code'] }],
  properties: {
    ...codedAndNamed(),
    /** Order in the tenant manifest, so an export lists them as the author did. */
    position: p.integer().default(0),
    parentCode: p.string().length(64).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Region = InferEntity<typeof Region>;
