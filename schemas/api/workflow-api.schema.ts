const key = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' } as const;
const uuid = { type: 'string', format: 'uuid' } as const;
const comment = { type: 'string', maxLength: 2000 } as const;
const instanceStatus = { type: 'string', enum: ['NEW', 'RUNNING', 'APPROVED', 'REJECTED', 'CANCELLED'] } as const;
const taskStatus = { type: 'string', enum: ['PENDING', 'WAITING', 'APPROVED', 'REJECTED', 'RETURNED', 'TRANSFERRED', 'CANCELLED'] } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;
const localized = { type: 'object', additionalProperties: { type: 'string' } } as const;
const jsonObject = { type: 'object', additionalProperties: true } as const;

export const WorkflowKeyParams = {
  $id: 'WorkflowKeyParams', type: 'object', required: ['key'], additionalProperties: false, properties: { key },
} as const;

export const TaskIdParams = {
  $id: 'TaskIdParams', type: 'object', required: ['taskId'], additionalProperties: false, properties: { taskId: uuid },
} as const;

export const IncidentIdParams = {
  $id: 'IncidentIdParams', type: 'object', required: ['id'], additionalProperties: false, properties: { id: uuid },
} as const;

export const InstanceStartRequest = {
  $id: 'InstanceStartRequest',
  type: 'object',
  required: ['variables'],
  additionalProperties: false,
  properties: {
    variables: { type: 'object', description: 'Start variables (the start form); money as decimal strings' },
    idempotencyKey: { type: 'string', minLength: 8, maxLength: 128, description: 'Or the Idempotency-Key header: a repeated key returns the same instance' },
  },
} as const;

export const InstanceListQuery = {
  $id: 'InstanceListQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    status: instanceStatus,
    definition: key,
    mine: { type: 'string', enum: ['true', 'false'], description: 'Only instances I started' },
  },
} as const;

export const InboxQuery = {
  $id: 'InboxQuery',
  type: 'object',
  required: ['box'],
  additionalProperties: false,
  properties: { box: { type: 'string', enum: ['todo', 'done', 'started', 'cc'], description: '待办 / 已办 / 我发起的 / 抄送我' } },
} as const;

export const TaskApproveRequest = {
  $id: 'TaskApproveRequest', type: 'object', additionalProperties: false,
  properties: { comment, formPatch: { type: 'object', description: 'Fields this approver may edit' } },
} as const;

export const TaskRejectRequest = {
  $id: 'TaskRejectRequest', type: 'object', additionalProperties: false, properties: { comment },
} as const;

export const TaskReturnRequest = {
  $id: 'TaskReturnRequest', type: 'object', additionalProperties: false,
  properties: { comment, targetNodeId: { type: 'string', minLength: 1, maxLength: 64, description: 'An earlier approval or the start node; default the previous one' } },
} as const;

export const TaskTransferRequest = {
  $id: 'TaskTransferRequest', type: 'object', required: ['to'], additionalProperties: false,
  properties: { comment, to: { ...uuid, description: 'The user id who takes the task over' } },
} as const;

export const TaskAddSignerRequest = {
  $id: 'TaskAddSignerRequest', type: 'object', required: ['users', 'position'], additionalProperties: false,
  properties: {
    comment,
    users: { type: 'array', minItems: 1, maxItems: 20, uniqueItems: true, items: uuid },
    position: { type: 'string', enum: ['BEFORE', 'AFTER'], description: 'BEFORE: they sign first, then the task comes back; AFTER: approve now, they follow' },
  },
} as const;

export const InstanceWithdrawRequest = {
  $id: 'InstanceWithdrawRequest', type: 'object', additionalProperties: false, properties: { reason: comment },
} as const;

export const InstanceCommentRequest = {
  $id: 'InstanceCommentRequest', type: 'object', required: ['text'], additionalProperties: false,
  properties: { text: { type: 'string', minLength: 1, maxLength: 2000 }, attachmentIds: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 64 } } },
} as const;

export const WorkflowDefinitionSummary = {
  $id: 'WorkflowDefinitionSummary',
  type: 'object',
  required: ['key', 'version', 'status', 'name'],
  properties: {
    key: { type: 'string' }, version: { type: 'integer' }, status: { type: 'string' }, name: localized,
    description: { type: 'string' }, publishedAt: nullableDateTime, document: jsonObject,
  },
} as const;

export const WorkflowTaskView = {
  $id: 'WorkflowTaskView',
  type: 'object',
  required: ['id', 'taskKey', 'instanceId', 'nodeId', 'assignee', 'status'],
  properties: {
    id: uuid, taskKey: { type: 'string' }, instanceId: uuid, definitionKey: { type: 'string' }, nodeId: { type: 'string' },
    assignee: uuid, status: taskStatus, instanceStatus, dueAt: nullableDateTime, createdAt: dateTime, completedAt: nullableDateTime,
  },
} as const;

export const WorkflowInstanceView = {
  $id: 'WorkflowInstanceView',
  type: 'object',
  required: ['id', 'definitionKey', 'definitionVersion', 'status', 'version', 'initiator', 'createdAt'],
  properties: {
    id: uuid,
    definitionKey: { type: 'string' },
    definitionVersion: { type: 'integer' },
    status: instanceStatus,
    version: { type: 'integer' },
    initiator: uuid,
    dealerId: { type: ['string', 'null'] },
    createdAt: dateTime,
    updatedAt: dateTime,
    endedAt: nullableDateTime,
    variables: jsonObject,
    tasks: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' }, nodeId: { type: 'string' }, assignee: { type: 'string' }, status: taskStatus, stage: { type: 'integer' },
          origin: { type: 'string' }, createdAt: dateTime, decidedAt: dateTime, decidedBy: { type: 'string' }, comment: { type: 'string' },
          autoReason: { type: 'string' }, dueAt: dateTime,
        },
      },
    },
    /** The projection row ids of pending tasks (what POST /api/tasks/:taskId/* takes). */
    pendingTasks: { type: 'array', items: { $ref: 'WorkflowTaskView#' } },
    incidents: { type: 'array', items: jsonObject },
    created: { type: 'boolean', description: 'Start only: false when the idempotency key had already started this instance' },
    changed: { type: 'boolean', description: 'Actions only: false when there was nothing left to do' },
  },
} as const;

export const WorkflowEventView = {
  $id: 'WorkflowEventView',
  type: 'object',
  required: ['sequence', 'type', 'actor', 'at', 'data'],
  properties: { sequence: { type: 'integer' }, type: { type: 'string' }, actor: { type: 'string' }, at: dateTime, data: jsonObject },
} as const;

export const WorkflowIncidentView = {
  $id: 'WorkflowIncidentView',
  type: 'object',
  required: ['id', 'instanceId', 'incidentKey', 'nodeId', 'code', 'message', 'status', 'createdAt'],
  properties: {
    id: uuid, instanceId: uuid, definitionKey: { type: 'string' }, incidentKey: { type: 'string' }, nodeId: { type: 'string' },
    code: { type: 'string' }, message: { type: 'string' }, status: { type: 'string' }, createdAt: dateTime, resolvedAt: nullableDateTime,
  },
} as const;

export const NodeTypeRegistry = {
  $id: 'NodeTypeRegistry',
  type: 'object',
  description: 'The node types of the designer, keyed by type id: ports, parameter JSON Schema, display hints (zh/en)',
  additionalProperties: jsonObject,
} as const;
