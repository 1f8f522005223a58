import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { FromSchema } from 'json-schema-to-ts';
import type { SavedViewState } from '../../schemas/api/saved-view.schema.js';
import { tenantOwned } from './tenant-owned.properties.js';
import { User } from './user.entity.js';

export type SavedViewStateValue = FromSchema<typeof SavedViewState>;

/** A user's named filter, columns and sort of an admin table; shared ones are visible to the whole tenant, changed only by the owner. */
export const SavedView = defineEntity({
  name: 'SavedView',
  tableName: 'saved_view',
  uniques: [{ properties: ['tenant', 'owner', 'tableKey', 'name'] }],
  indexes: [{ properties: ['tenant', 'tableKey'] }],
  properties: {
    ...tenantOwned(),
    owner: () => p.manyToOne(User),
    tableKey: p.string().length(32),
    name: p.string().length(100),
    shared: p.boolean().default(false),
    state: p.json<SavedViewStateValue>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export type SavedView = InferEntity<typeof SavedView>;
