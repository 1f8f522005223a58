import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from './tenant-owned.properties.js';
import { WorkflowInstance } from './workflow-instance.entity.js';

/** One entry of an instance's timeline: who did what when, with the rule trace where a rule ran. */
export const WorkflowEvent = defineEntity({
  name: 'WorkflowEvent',
  tableName: 'workflow_event',
  uniques: [{ properties: ['instance', 'sequence'] }],
  properties: {
    ...tenantOwned(),
    instance: () => p.manyToOne(WorkflowInstance),
    sequence: p.integer(),
    type: p.string().length(64),
    /** A user id, or "system". */
    actor: p.string().length(64),
    at: p.datetime(),
    data: p.json<Record<string, unknown>>(),
  },
});
export type WorkflowEvent = InferEntity<typeof WorkflowEvent>;
