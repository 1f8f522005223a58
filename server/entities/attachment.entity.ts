import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from './tenant-owned.properties.js';
import { User } from './user.entity.js';
import { WorkflowInstance } from './workflow-instance.entity.js';

/**
 * An uploaded file, its bytes kept in Postgres. It belongs to its uploader until a comment links
 * it to an instance; from then on whoever may read that instance may download it.
 */
export const Attachment = defineEntity({
  name: 'Attachment',
  tableName: 'attachment',
  indexes: [{ properties: ['tenant', 'uploader'] }, { properties: ['instance'] }],
  properties: {
    ...tenantOwned(),
    uploader: () => p.manyToOne(User),
    filename: p.string().length(255),
    contentType: p.string().length(128),
    size: p.integer(),
    sha256: p.string().length(64),
    /** Loaded only when the file itself is asked for. */
    content: p.blob().lazy(),
    instance: () => p.manyToOne(WorkflowInstance).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Attachment = InferEntity<typeof Attachment>;
