import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from './tenant-owned.properties.js';
import { User } from './user.entity.js';
import { WorkflowInstance } from './workflow-instance.entity.js';

/** A message for one user (task assigned, reminder, urge, result…), written in the command's transaction. */
export const WorkflowNotification = defineEntity({
  name: 'WorkflowNotification',
  tableName: 'workflow_notification',
  indexes: [{ properties: ['tenant', 'user'] }],
  properties: {
    ...tenantOwned(),
    instance: () => p.manyToOne(WorkflowInstance),
    user: () => p.manyToOne(User),
    kind: p.string().length(32),
    taskKey: p.string().length(64).nullable(),
    nodeId: p.string().length(64).nullable(),
    createdAt: p.datetime(),
    readAt: p.datetime().nullable(),
  },
});
export type WorkflowNotification = InferEntity<typeof WorkflowNotification>;
