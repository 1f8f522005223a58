/** Bodies of the authoring API of workflow definitions and forms, and of moving running instances between versions. */
const key = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' } as const;
const nodeId = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' } as const;
const rowVersion = { type: 'integer', minimum: 1, description: 'The draft row version read; a stale one gets 409' } as const;

export const DefinitionKeyParams = {
  $id: 'DefinitionKeyParams', type: 'object', required: ['key'], additionalProperties: false, properties: { key },
} as const;

export const DefinitionVersionParams = {
  $id: 'DefinitionVersionParams',
  type: 'object',
  required: ['key', 'version'],
  additionalProperties: false,
  properties: { key, version: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' } },
} as const;

export const WorkflowDefinitionCreate = {
  $id: 'WorkflowDefinitionCreate', type: 'object', required: ['document'], additionalProperties: false,
  properties: { document: { $ref: 'FlowDefinition#' } },
} as const;

/**
 * A draft is work in progress: it must hold together as a graph (key, nodes and edges with their ids)
 * but a node's parameters may still be incomplete — an approval without approvers yet. Publishing
 * runs the whole FlowDefinition schema and the graph checks.
 */
export const WorkflowDraftDocument = {
  $id: 'WorkflowDraftDocument',
  type: 'object',
  required: ['key', 'nodes', 'edges'],
  properties: {
    key: { type: 'string', minLength: 1, maxLength: 64 },
    nodes: {
      type: 'array', maxItems: 5000,
      items: { type: 'object', required: ['id', 'type'], properties: { id: { type: 'string', minLength: 1, maxLength: 64 }, type: { type: 'string', minLength: 1, maxLength: 64 } } },
    },
    edges: {
      type: 'array', maxItems: 20000,
      items: { type: 'object', required: ['id', 'from', 'to'], properties: { id: { type: 'string', minLength: 1, maxLength: 64 }, from: { type: 'string' }, to: { type: 'string' } } },
    },
  },
} as const;

export const WorkflowDraftUpdate = {
  $id: 'WorkflowDraftUpdate', type: 'object', required: ['document'], additionalProperties: false,
  properties: { document: { $ref: 'WorkflowDraftDocument#' }, rowVersion },
} as const;

export const FormDefinitionCreate = {
  $id: 'FormDefinitionCreate', type: 'object', required: ['document'], additionalProperties: false,
  properties: { document: { $ref: 'FormDefinition#' } },
} as const;

export const FormDraftUpdate = {
  $id: 'FormDraftUpdate', type: 'object', required: ['document'], additionalProperties: false,
  properties: { document: { $ref: 'FormDefinition#' }, rowVersion },
} as const;

/** An unsaved document to check: any object; what is wrong with it comes back in the report, not as a 400. */
export const DefinitionDocumentCheck = {
  $id: 'DefinitionDocumentCheck', type: 'object', required: ['document'], additionalProperties: false,
  properties: { document: { type: 'object' } },
} as const;

export const DefinitionVersionView = {
  $id: 'DefinitionVersionView',
  type: 'object',
  required: ['key', 'version', 'status', 'name', 'rowVersion'],
  properties: {
    key: { type: 'string' },
    version: { type: 'integer' },
    status: { type: 'string', enum: ['DRAFT', 'PUBLISHED', 'SUPERSEDED'] },
    name: { type: 'object', additionalProperties: { type: 'string' } },
    description: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    createdBy: { type: ['string', 'null'] },
    publishedAt: { type: ['string', 'null'], format: 'date-time' },
    publishedBy: { type: ['string', 'null'] },
    rowVersion: { type: 'integer', description: 'Send back as `rowVersion` when replacing the draft' },
    document: { type: 'object', additionalProperties: true },
  },
} as const;

export const DefinitionListEntry = {
  $id: 'DefinitionListEntry',
  type: 'object',
  required: ['key', 'published', 'draft'],
  properties: {
    key: { type: 'string' },
    name: { type: 'object', additionalProperties: { type: 'string' } },
    published: { type: ['integer', 'null'] },
    draft: { type: ['integer', 'null'] },
  },
} as const;

const problem = {
  type: 'object',
  required: ['pointer', 'code', 'message'],
  properties: {
    pointer: { type: 'string', description: 'JSON pointer into the document' },
    code: { type: 'string' },
    message: { type: 'string' },
    nodeId: { type: 'string', description: 'The node the problem is about (workflows)' },
    edgeId: { type: 'string' },
  },
} as const;

export const DefinitionValidationReport = {
  $id: 'DefinitionValidationReport',
  type: 'object',
  required: ['ok', 'problems'],
  properties: { ok: { type: 'boolean' }, problems: { type: 'array', items: problem } },
} as const;

export const InstanceMigrationRequest = {
  $id: 'InstanceMigrationRequest',
  type: 'object',
  required: ['fromVersion', 'toVersion', 'nodeMapping'],
  additionalProperties: false,
  properties: {
    fromVersion: { type: 'integer', minimum: 1 },
    toVersion: { type: 'integer', minimum: 1 },
    nodeMapping: {
      type: 'object', maxProperties: 500, propertyNames: nodeId, additionalProperties: nodeId,
      description: 'Old node id → new node id; a node left out keeps its id if the target version has it',
    },
    instanceIds: { type: 'array', minItems: 1, maxItems: 1000, uniqueItems: true, items: { type: 'string', format: 'uuid' }, description: 'Only these instances; default every running instance of fromVersion' },
    skipBlocked: { type: 'boolean', description: 'Apply only: move the movable instances and leave the blocked ones; otherwise any blocked instance refuses the whole request' },
  },
} as const;

const move = {
  type: 'object',
  required: ['kind', 'id', 'from', 'to', 'status'],
  properties: {
    kind: { type: 'string', enum: ['token', 'task'] }, id: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
    status: { type: 'string' }, assignee: { type: 'string' },
  },
} as const;

const block = {
  type: 'object',
  required: ['code', 'message'],
  properties: { code: { type: 'string' }, nodeId: { type: 'string' }, message: { type: 'string' } },
} as const;

export const InstanceMigrationReport = {
  $id: 'InstanceMigrationReport',
  type: 'object',
  required: ['workflowKey', 'fromVersion', 'toVersion', 'dryRun', 'movable', 'blocked', 'migrated'],
  properties: {
    workflowKey: { type: 'string' },
    fromVersion: { type: 'integer' },
    toVersion: { type: 'integer' },
    dryRun: { type: 'boolean' },
    movable: {
      type: 'array',
      items: { type: 'object', required: ['instanceId', 'moves'], properties: { instanceId: { type: 'string' }, moves: { type: 'array', items: move } } },
    },
    blocked: {
      type: 'array',
      items: {
        type: 'object',
        required: ['instanceId', 'status', 'code', 'reason', 'problems'],
        properties: {
          instanceId: { type: 'string' }, status: { type: 'string' }, definitionVersion: { type: 'integer' },
          code: { type: 'string', description: 'The first problem' }, reason: { type: 'string' }, nodeId: { type: 'string' },
          problems: { type: 'array', items: block },
        },
      },
    },
    migrated: { type: 'array', items: { type: 'string' }, description: 'Instances moved by this request (empty on a dry run)' },
  },
} as const;
