import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Dealer } from './dealer.entity.js';
import { tenantOwned } from './tenant-owned.properties.js';

/** The manager's side of the self-reference, typed by its id only (a self-referencing `defineEntity` cannot infer itself). */
type ManagerTarget = { '~entity': { id: string } };

export const User = defineEntity({
  name: 'User',
  tableName: 'app_user',
  uniques: [{ properties: ['tenant', 'login'] }],
  properties: {
    ...tenantOwned(),
    login: p.string().length(64),
    displayName: p.string().length(200),
    email: p.string().length(254).nullable(),
    passwordHash: p.string().length(255).hidden().lazy(),
    /** Platform permissions (SystemRole); tenant-defined role codes live in UserRole. */
    systemRoles: p.array().default([]),
    dealer: () => p.manyToOne(Dealer).nullable().index(),
    /** The line manager (same tenant, no cycles): what `managerChain` approvals walk up. */
    manager: () => p.manyToOne(User as unknown as ManagerTarget).nullable().index(),
    status: p.enum(['ACTIVE', 'DISABLED'] as const).default('ACTIVE'),
    locale: p.string().length(16).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export type User = InferEntity<typeof User>;
