import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from './tenant-owned.properties.js';
import { User } from './user.entity.js';

/**
 * A secret of one tenant (the HMAC key its service nodes sign webhooks with), sealed with
 * AES-256-GCM (`server/secrets/secret-cipher.ts`). Only the service that seals and opens it reads
 * `sealed`; every view of a secret shows its name and who set it when, never the value.
 */
export const TenantSecret = defineEntity({
  name: 'TenantSecret',
  tableName: 'tenant_secret',
  uniques: [{ properties: ['tenant', 'name'] }],
  properties: {
    ...tenantOwned(),
    name: p.string().length(64),
    sealed: p.text().hidden().lazy(),
    createdAt: p.datetime().onCreate(() => new Date()),
    createdBy: () => p.manyToOne(User).nullable(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    updatedBy: () => p.manyToOne(User).nullable(),
    version: p.integer().version(),
  },
});
export type TenantSecret = InferEntity<typeof TenantSecret>;
