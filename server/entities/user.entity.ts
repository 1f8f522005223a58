import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Dealer } from './dealer.entity.js';
import { tenantOwned } from './tenant-owned.properties.js';

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
    status: p.enum(['ACTIVE', 'DISABLED'] as const).default('ACTIVE'),
    locale: p.string().length(16).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export type User = InferEntity<typeof User>;
