import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from './tenant-owned.properties.js';
import { User } from './user.entity.js';

/** A long-lived token for pipelines (IT deployers). Shown once, stored as SHA-256, revocable. */
export const ApiToken = defineEntity({
  name: 'ApiToken',
  tableName: 'api_token',
  properties: {
    ...tenantOwned(),
    user: () => p.manyToOne(User).index(),
    name: p.string().length(200),
    tokenHash: p.string().length(64).unique(),
    /** First characters of the token, so a person can tell tokens apart in a list. */
    prefix: p.string().length(16),
    expiresAt: p.datetime().nullable(),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type ApiToken = InferEntity<typeof ApiToken>;
