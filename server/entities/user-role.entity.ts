import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Role } from './role.entity.js';
import { tenantOwned } from './tenant-owned.properties.js';
import { User } from './user.entity.js';

/** A user holds a tenant role, optionally scoped to one region (an area manager of one area). */
export const UserRole = defineEntity({
  name: 'UserRole',
  tableName: 'user_role',
  uniques: [{ properties: ['user', 'role', 'regionCode'] }],
  properties: {
    ...tenantOwned(),
    user: () => p.manyToOne(User).index(),
    role: () => p.manyToOne(Role),
    regionCode: p.string().length(64).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type UserRole = InferEntity<typeof UserRole>;
