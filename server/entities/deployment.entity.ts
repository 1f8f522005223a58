import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from './tenant-owned.properties.js';
import { User } from './user.entity.js';

/**
 * A configuration deploy (or rollback) of a tenant: who, when, what changed, and the whole bundle
 * as deployed, so a later rollback can bring exactly that configuration back.
 */
export const Deployment = defineEntity({
  name: 'Deployment',
  tableName: 'deployment',
  uniques: [{ properties: ['tenant', 'number'] }],
  properties: {
    ...tenantOwned(),
    number: p.integer(),
    kind: p.enum(['DEPLOY', 'ROLLBACK'] as const),
    rollbackOf: p.integer().nullable(),
    message: p.string().length(500).nullable(),
    deployedBy: () => p.manyToOne(User).nullable(),
    diff: p.json<{ added: unknown[]; changed: unknown[]; removed: unknown[]; unchanged: number }>(),
    /** The bundle's files as deployed: path → text. */
    files: p.json<Record<string, string>>().lazy(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Deployment = InferEntity<typeof Deployment>;
