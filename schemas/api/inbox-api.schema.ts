const uuid = { type: 'string', format: 'uuid' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;
const localized = { type: 'object', additionalProperties: { type: 'string' } } as const;
const money = { type: 'string', pattern: '^-?\\d+\\.\\d{2}$' } as const;
const boxes = ['todo', 'done', 'started', 'cc'] as const;

/** Bodies of the approver inbox (studio 待办中心): the list rows, one task's detail, bulk approve (批量同意). */
export const BulkApproveRequest = {
  $id: 'BulkApproveRequest',
  type: 'object',
  required: ['taskIds'],
  additionalProperties: false,
  properties: {
    taskIds: { type: 'array', minItems: 1, maxItems: 100, uniqueItems: true, items: uuid, description: 'Each task is approved by its own command' },
    comment: { type: 'string', maxLength: 2000 },
  },
} as const;

export const BulkApproveResponse = {
  $id: 'BulkApproveResponse',
  type: 'object',
  required: ['results'],
  properties: {
    results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['taskId', 'ok'],
        properties: {
          taskId: uuid,
          ok: { type: 'boolean' },
          instanceId: uuid,
          instanceStatus: { type: 'string' },
          error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
} as const;

export const InboxRowsQuery = {
  $id: 'InboxRowsQuery',
  type: 'object',
  required: ['box'],
  additionalProperties: false,
  properties: { box: { type: 'string', enum: boxes, description: '待办 / 已办 / 我发起的 / 抄送我' } },
} as const;

const slaState = { type: 'string', enum: ['NONE', 'ON_TRACK', 'DUE_SOON', 'OVERDUE', 'ESCALATED'] } as const;

const rowProperties = {
  taskId: { type: ['string', 'null'] },
  taskStatus: { type: ['string', 'null'] },
  instanceId: uuid,
  instanceStatus: { type: 'string' },
  definitionKey: { type: 'string' },
  definitionVersion: { type: 'integer' },
  flowName: localized,
  nodeId: { type: ['string', 'null'] },
  nodeName: localized,
  dealer: { type: ['object', 'null'], properties: { code: { type: 'string' }, name: { type: 'string' } } },
  order: { type: ['object', 'null'], properties: { id: { type: ['string', 'null'] }, orderNo: { type: ['string', 'null'] }, orderAmount: { type: ['string', 'null'] } } },
  initiator: { type: 'object', properties: { id: { type: 'string' }, displayName: { type: 'string' } } },
  waitingSince: dateTime,
  completedAt: nullableDateTime,
  sla: { type: 'object', required: ['state'], properties: { state: slaState, dueAt: nullableDateTime } },
} as const;

export const InboxRow = {
  $id: 'InboxRow', type: 'object', required: ['instanceId', 'instanceStatus', 'definitionKey', 'flowName', 'waitingSince', 'sla'], properties: rowProperties,
} as const;

export const InboxRowsResponse = {
  $id: 'InboxRowsResponse',
  type: 'object',
  required: ['box', 'counts', 'rows'],
  properties: {
    box: { type: 'string', enum: boxes },
    counts: { type: 'object', required: [...boxes], properties: { todo: { type: 'integer' }, done: { type: 'integer' }, started: { type: 'integer' }, cc: { type: 'integer' } } },
    rows: { type: 'array', items: { $ref: 'InboxRow#' } },
  },
} as const;

export const InboxTaskDetail = {
  $id: 'InboxTaskDetail',
  type: 'object',
  required: ['row', 'kind', 'assignee', 'fieldPermissions', 'returnTargets'],
  properties: {
    row: { $ref: 'InboxRow#' },
    /** Null when an instance is opened without a task (我发起的 / 抄送我). */
    kind: { type: ['string', 'null'], enum: ['APPROVAL', 'RESUBMIT', null] },
    assignee: { type: ['string', 'null'] },
    /** The node's field permissions (top-level variables): HIDDEN / READ / EDIT; undeclared fields are READ. */
    fieldPermissions: { type: 'object', additionalProperties: { type: 'string', enum: ['HIDDEN', 'READ', 'EDIT'] } },
    /** The start form pinned at the instance's start (null when the flow has none). */
    form: {
      type: ['object', 'null'],
      properties: { key: { type: 'string' }, version: { type: 'integer' }, schema: { type: 'object', additionalProperties: true }, uiSchema: { type: 'object', additionalProperties: true } },
    },
    /** Earlier start or approval nodes a 退回 may name, nearest last. */
    returnTargets: { type: 'array', items: { type: 'object', required: ['nodeId'], properties: { nodeId: { type: 'string' }, name: localized, type: { type: 'string' } } } },
    /** The nodes of the pinned definition, for naming the timeline's steps. */
    nodeNames: { type: 'object', additionalProperties: localized },
    order: {
      type: ['object', 'null'],
      properties: {
        id: uuid, orderNo: { type: 'string' }, status: { type: 'string' }, orderAmount: money, rebateOffset: money, payableAmount: money,
        explanation: { type: 'object', properties: { zh: { type: 'array', items: { type: 'string' } }, en: { type: 'array', items: { type: 'string' } } } },
      },
    },
  },
} as const;

export const InboxUser = {
  $id: 'InboxUser',
  type: 'object',
  required: ['id', 'login', 'displayName', 'active'],
  properties: {
    id: uuid, login: { type: 'string' }, displayName: { type: 'string' }, active: { type: 'boolean' },
    dealerCode: { type: ['string', 'null'] },
    roles: { type: 'array', items: { type: 'object', properties: { role: { type: 'string' }, region: { type: ['string', 'null'] }, name: localized } } },
  },
} as const;
