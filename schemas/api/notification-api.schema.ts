const uuid = { type: 'string', format: 'uuid' } as const;

export const NotificationListQuery = {
  $id: 'NotificationListQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    unread: { type: 'string', enum: ['true', 'false'], description: 'Only unread ones' },
    limit: { type: 'string', pattern: '^(?:[1-9]|[1-9][0-9]|100)$', description: 'Page size, 1 to 100 (default 20)' },
    offset: { type: 'string', pattern: '^(?:0|[1-9][0-9]{0,5})$', description: 'Rows to skip (default 0)' },
  },
} as const;

export const NotificationView = {
  $id: 'NotificationView',
  type: 'object',
  required: ['id', 'instanceId', 'kind', 'createdAt', 'readAt'],
  properties: {
    id: uuid,
    instanceId: uuid,
    definitionKey: { type: 'string' },
    kind: { type: 'string', description: 'TASK_ASSIGNED, REMIND, ESCALATED, CC, URGED, RETURNED, RESULT' },
    taskKey: { type: ['string', 'null'] },
    nodeId: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
    readAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

export const NotificationPage = {
  $id: 'NotificationPage',
  type: 'object',
  required: ['items', 'total', 'unread'],
  properties: {
    items: { type: 'array', items: { $ref: 'NotificationView#' } },
    total: { type: 'integer', description: 'Rows matching the filter' },
    unread: { type: 'integer', description: 'All my unread notifications' },
  },
} as const;

export const NotificationReadAll = {
  $id: 'NotificationReadAll',
  type: 'object',
  required: ['marked', 'unread'],
  properties: { marked: { type: 'integer' }, unread: { type: 'integer' } },
} as const;
