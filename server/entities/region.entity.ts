import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Tenant } from './tenant.entity.js';

/** A node of the tenant's sales-region tree (CN → R-EAST → EAST-SH). */
export const Region = defineEntity({
  name: 'Region',
  tableName: 'region',
  uniques: [{ properties: ['tenant', 'code'] }],
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    tenant: () => p.manyToOne(Tenant).index(),
    code: p.string().length(64),
    name: p.string().length(200),
    nameEn: p.string().length(200).nullable(),
    parentCode: p.string().length(64).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Region = InferEntity<typeof Region>;
