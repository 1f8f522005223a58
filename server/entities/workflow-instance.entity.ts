import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { FlowState } from '../../rules/flow/index.js';
import { Dealer } from './dealer.entity.js';
import { tenantOwned } from './tenant-owned.properties.js';
import { User } from './user.entity.js';

export const workflowInstanceStatuses = ['NEW', 'RUNNING', 'APPROVED', 'REJECTED', 'CANCELLED'] as const;

/**
 * One run of a published workflow definition, pinned to its version. `state` is the pure
 * machine's whole state (rules/flow); `version` mirrors `state.version` and is bumped by every
 * accepted command, under a row lock.
 */
export const WorkflowInstance = defineEntity({
  name: 'WorkflowInstance',
  tableName: 'workflow_instance',
  /** An idempotency key is the caller's, for one workflow: another caller's identical key is another scope (no key can be squatted). */
  uniques: [{ name: 'workflow_instance_idempotency_scope_unique', properties: ['tenant', 'initiator', 'definitionKey', 'idempotencyKey'] }],
  indexes: [{ properties: ['tenant', 'status'] }, { properties: ['tenant', 'initiator'] }],
  properties: {
    ...tenantOwned(),
    definitionKey: p.string().length(64),
    definitionVersion: p.integer(),
    status: p.enum(workflowInstanceStatuses).default('NEW'),
    state: p.json<FlowState>(),
    version: p.integer().default(0),
    /** Timeline events written so far (the next event's sequence is this + 1). */
    eventCount: p.integer().default(0),
    initiator: () => p.manyToOne(User),
    dealer: () => p.manyToOne(Dealer).nullable().index(),
    idempotencyKey: p.string().length(128),
    /** sha256 (hex) of what the start asked for: workflow key, business object, normalized request. A replayed key must match it. */
    requestHash: p.string().length(64).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()),
    endedAt: p.datetime().nullable(),
  },
});
export type WorkflowInstance = InferEntity<typeof WorkflowInstance>;
