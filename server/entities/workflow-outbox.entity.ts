import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from './tenant-owned.properties.js';
import { WorkflowInstance } from './workflow-instance.entity.js';

export const workflowOutboxStatuses = ['PENDING', 'DELIVERED', 'FAILED'] as const;

/** One attempt of a webhook call, written in the command's transaction and delivered by a worker. */
export const WorkflowOutbox = defineEntity({
  name: 'WorkflowOutbox',
  tableName: 'workflow_outbox',
  uniques: [{ properties: ['tenant', 'idempotencyKey'] }],
  properties: {
    ...tenantOwned(),
    instance: () => p.manyToOne(WorkflowInstance),
    callKey: p.string().length(64),
    nodeId: p.string().length(64),
    attempt: p.integer(),
    url: p.string().length(2000),
    method: p.string().length(8),
    secretRef: p.string().length(128),
    body: p.json<Record<string, unknown>>(),
    idempotencyKey: p.string().length(200),
    status: p.enum(workflowOutboxStatuses).default('PENDING'),
    responseStatus: p.integer().nullable(),
    lastError: p.string().length(1000).nullable(),
    createdAt: p.datetime(),
    deliveredAt: p.datetime().nullable(),
  },
});
export type WorkflowOutbox = InferEntity<typeof WorkflowOutbox>;
