import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { roleScopes } from '../../schemas/api/role.schema.js';
import { codedAndNamed } from './tenant-owned.properties.js';

/**
 * A role code the tenant's manifest defines (e.g. an area manager, a dealer's buyer). Approval routing
 * resolves assignees through these; platform permissions come from the user's system roles.
 */
export const Role = defineEntity({
  name: 'Role',
  tableName: 'role',
  uniques: [{ properties: ['tenant', 'code'] }],
  properties: {
    ...codedAndNamed(),
    /** Order in the tenant manifest, so an export lists them as the author did. */
    position: p.integer().default(0),
    scope: p.enum(roleScopes),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Role = InferEntity<typeof Role>;
