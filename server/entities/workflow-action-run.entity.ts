import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from './tenant-owned.properties.js';
import { WorkflowInstance } from './workflow-instance.entity.js';

/**
 * One committed run of an action node (a change to the DMS records), written in the same
 * transaction as the change: a retried or redelivered attempt of the same call finds it and gets
 * the first result back instead of applying the change again.
 */
export const WorkflowActionRun = defineEntity({
  name: 'WorkflowActionRun',
  tableName: 'workflow_action_run',
  uniques: [{ properties: ['tenant', 'instance', 'callKey'] }],
  properties: {
    ...tenantOwned(),
    instance: () => p.manyToOne(WorkflowInstance),
    callKey: p.string().length(64),
    nodeId: p.string().length(64),
    action: p.string().length(64),
    attempt: p.integer(),
    inputs: p.json<Record<string, unknown>>(),
    result: p.json<unknown>(),
    createdAt: p.datetime(),
  },
});
export type WorkflowActionRun = InferEntity<typeof WorkflowActionRun>;
