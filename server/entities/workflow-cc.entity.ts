import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from './tenant-owned.properties.js';
import { User } from './user.entity.js';
import { WorkflowInstance } from './workflow-instance.entity.js';

/** 抄送: a user copied on an instance by a notify node (the 抄送我 inbox). */
export const WorkflowCc = defineEntity({
  name: 'WorkflowCc',
  tableName: 'workflow_cc',
  uniques: [{ properties: ['instance', 'user', 'nodeId'] }],
  indexes: [{ properties: ['tenant', 'user'] }],
  properties: {
    ...tenantOwned(),
    instance: () => p.manyToOne(WorkflowInstance),
    user: () => p.manyToOne(User),
    nodeId: p.string().length(64),
    createdAt: p.datetime(),
  },
});
export type WorkflowCc = InferEntity<typeof WorkflowCc>;
