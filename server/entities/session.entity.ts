import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from './tenant-owned.properties.js';
import { User } from './user.entity.js';

/** A login session; the bearer token is stored only as its SHA-256. */
export const Session = defineEntity({
  name: 'Session',
  tableName: 'session',
  properties: {
    ...tenantOwned(),
    user: () => p.manyToOne(User).index(),
    tokenHash: p.string().length(64).unique(),
    expiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
    ip: p.string().length(64).nullable(),
    userAgent: p.string().length(512).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Session = InferEntity<typeof Session>;
