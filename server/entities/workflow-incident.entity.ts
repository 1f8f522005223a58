import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from './tenant-owned.properties.js';
import { WorkflowInstance } from './workflow-instance.entity.js';

export const workflowIncidentStatuses = ['OPEN', 'RETRIED', 'SKIPPED'] as const;

/** A node that failed (a rule, a webhook after its last try…) and waits for an admin's retry or skip. */
export const WorkflowIncident = defineEntity({
  name: 'WorkflowIncident',
  tableName: 'workflow_incident',
  uniques: [{ properties: ['instance', 'incidentKey'] }],
  indexes: [{ properties: ['tenant', 'status'] }],
  properties: {
    ...tenantOwned(),
    instance: () => p.manyToOne(WorkflowInstance),
    /** The machine's incident id within the instance. */
    incidentKey: p.string().length(64),
    nodeId: p.string().length(64),
    code: p.string().length(64),
    message: p.string().length(1000),
    status: p.enum(workflowIncidentStatuses).default('OPEN'),
    createdAt: p.datetime(),
    resolvedAt: p.datetime().nullable(),
  },
});
export type WorkflowIncident = InferEntity<typeof WorkflowIncident>;
