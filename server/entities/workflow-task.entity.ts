import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from './tenant-owned.properties.js';
import { User } from './user.entity.js';
import { WorkflowInstance } from './workflow-instance.entity.js';

export const workflowTaskStatuses = ['PENDING', 'WAITING', 'APPROVED', 'REJECTED', 'RETURNED', 'TRANSFERRED', 'CANCELLED'] as const;

/** A projection of one task of an instance's state, for inbox queries (待办 / 已办); the state stays the truth. */
export const WorkflowTask = defineEntity({
  name: 'WorkflowTask',
  tableName: 'workflow_task',
  uniques: [{ properties: ['instance', 'taskKey'] }],
  indexes: [{ properties: ['tenant', 'assignee', 'status'] }],
  properties: {
    ...tenantOwned(),
    instance: () => p.manyToOne(WorkflowInstance),
    /** The machine's task id within the instance (`task-3`). */
    taskKey: p.string().length(64),
    nodeId: p.string().length(64),
    assignee: () => p.manyToOne(User),
    status: p.enum(workflowTaskStatuses),
    dueAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    completedAt: p.datetime().nullable(),
  },
});
export type WorkflowTask = InferEntity<typeof WorkflowTask>;
