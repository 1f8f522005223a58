import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { roleScopes } from '../../schemas/api/role.schema.js';
import { Tenant } from './tenant.entity.js';

/**
 * A role code the tenant defines (REGIONAL_SALES_MANAGER, DEALER_PURCHASER…). Approval routing
 * resolves assignees through these; platform permissions come from the user's system roles.
 */
export const Role = defineEntity({
  name: 'Role',
  tableName: 'role',
  uniques: [{ properties: ['tenant', 'code'] }],
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    tenant: () => p.manyToOne(Tenant).index(),
    code: p.string().length(64),
    name: p.string().length(200),
    nameEn: p.string().length(200).nullable(),
    scope: p.enum(roleScopes),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Role = InferEntity<typeof Role>;
