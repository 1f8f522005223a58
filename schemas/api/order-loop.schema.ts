/** The order loop: submit a draft into its approval flow, cancel it, read its timeline in plain words. */

export const OrderSubmitRequest = {
  $id: 'OrderSubmitRequest',
  type: 'object',
  additionalProperties: false,
  properties: {
    /** The same key answers the same submission again (default: one submission per order); at most 128 characters, as stored. */
    idempotencyKey: { type: 'string', minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' },
  },
} as const;

export const OrderCancelRequest = {
  $id: 'OrderCancelRequest',
  type: 'object',
  additionalProperties: false,
  properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } },
} as const;

const localized = { type: 'object', required: ['zh', 'en'], additionalProperties: false, properties: { zh: { type: 'string' }, en: { type: 'string' } } } as const;

export const OrderTimeline = {
  $id: 'OrderTimeline',
  type: 'object',
  required: ['items'],
  additionalProperties: false,
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['at', 'kind', 'label', 'actorName', 'comment'],
        additionalProperties: false,
        properties: {
          at: { type: 'string', format: 'date-time' },
          kind: { type: 'string' },
          label: localized,
          actorName: { type: ['string', 'null'] },
          comment: { type: ['string', 'null'] },
        },
      },
    },
  },
} as const;

export const TierReviewRequest = {
  $id: 'TierReviewRequest',
  type: 'object',
  additionalProperties: false,
  properties: {
    /** The year whose tiers are set (the review uses the year before's KPIs); default: this year in Asia/Shanghai. */
    year: { type: 'integer', minimum: 2000, maximum: 2100 },
  },
} as const;

export const TierReviewReport = {
  $id: 'TierReviewReport',
  type: 'object',
  required: ['year', 'started', 'existing', 'instances'],
  additionalProperties: false,
  properties: {
    year: { type: 'integer' },
    started: { type: 'integer' },
    existing: { type: 'integer' },
    instances: {
      type: 'array',
      items: {
        type: 'object', required: ['dealerCode', 'instanceId', 'created', 'status'], additionalProperties: false,
        properties: { dealerCode: { type: 'string' }, instanceId: { type: 'string' }, created: { type: 'boolean' }, status: { type: 'string' } },
      },
    },
  },
} as const;
