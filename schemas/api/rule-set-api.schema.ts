const key = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' } as const;

export const RuleSetKeyParams = {
  $id: 'RuleSetKeyParams',
  type: 'object',
  required: ['key'],
  additionalProperties: false,
  properties: { key },
} as const;

export const RuleSetVersionParams = {
  $id: 'RuleSetVersionParams',
  type: 'object',
  required: ['key', 'version'],
  additionalProperties: false,
  properties: { key, version: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' } },
} as const;

export const RuleSetEvaluateRequest = {
  $id: 'RuleSetEvaluateRequest',
  type: 'object',
  required: ['facts'],
  additionalProperties: false,
  properties: {
    facts: { type: 'object', description: 'Input facts; money as decimal strings ("58643.20")' },
    version: { type: 'integer', minimum: 1, description: 'A published or superseded version; default: the one in effect' },
    explain: { type: 'boolean', description: 'Return a trace of every rule, row and output' },
  },
} as const;

/** A batch explains at most this many fact sets (a trace is many times the outputs); more is refused with RUL_ERR_BATCH_EXPLAIN_LIMIT. */
export const BATCH_EXPLAIN_MAX_FACT_SETS = 50;

export const RuleSetBatchRequest = {
  $id: 'RuleSetBatchRequest',
  type: 'object',
  required: ['factSets'],
  additionalProperties: false,
  description: 'Refused up front when its work (fact sets × their list items × the rule set\'s steps and rows) is over the budget (413 RUL_ERR_BATCH_TOO_LARGE); stopped when the answer grows past 8 MiB (413 RUL_ERR_BATCH_RESPONSE_TOO_LARGE)',
  properties: {
    factSets: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'object' } },
    version: { type: 'integer', minimum: 1 },
    explain: { type: 'boolean', description: `A trace per fact set; only for batches of up to ${BATCH_EXPLAIN_MAX_FACT_SETS} fact sets (else 422 RUL_ERR_BATCH_EXPLAIN_LIMIT)` },
  },
} as const;

const evaluation = {
  type: 'object',
  required: ['ruleSetKey', 'version', 'outputs'],
  properties: {
    ruleSetKey: { type: 'string' },
    version: { type: 'integer' },
    outputs: { type: 'object', additionalProperties: true },
    trace: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
} as const;

export const RuleSetEvaluation = { $id: 'RuleSetEvaluation', ...evaluation } as const;

export const RuleSetBatchResult = {
  $id: 'RuleSetBatchResult',
  type: 'object',
  required: ['ruleSetKey', 'version', 'results'],
  properties: {
    ruleSetKey: { type: 'string' },
    version: { type: 'integer' },
    results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['index', 'ok'],
        properties: {
          index: { type: 'integer' },
          ok: { type: 'boolean' },
          outputs: { type: 'object', additionalProperties: true },
          trace: { type: 'array', items: { type: 'object', additionalProperties: true } },
          error: {
            type: 'object',
            properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object', additionalProperties: true } },
          },
        },
      },
    },
  },
} as const;

export const RuleSetVersionView = {
  $id: 'RuleSetVersionView',
  type: 'object',
  required: ['key', 'version', 'status'],
  properties: {
    key: { type: 'string' },
    version: { type: 'integer' },
    status: { type: 'string', enum: ['DRAFT', 'PUBLISHED', 'SUPERSEDED'] },
    name: { type: 'object', additionalProperties: { type: 'string' } },
    effectiveFrom: { type: ['string', 'null'] },
    effectiveTo: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
    publishedAt: { type: ['string', 'null'], format: 'date-time' },
    rowVersion: { type: 'integer', description: 'Send back as If-Match-like `rowVersion` when replacing a draft' },
    document: { type: 'object', additionalProperties: true },
  },
} as const;

export const RuleSetDraftUpdate = {
  $id: 'RuleSetDraftUpdate',
  type: 'object',
  required: ['document'],
  additionalProperties: false,
  properties: {
    document: { $ref: 'RuleSet#' },
    rowVersion: { type: 'integer', minimum: 1, description: 'The draft row version read; a stale one gets 409' },
  },
} as const;

export const RuleSetValidationReport = {
  $id: 'RuleSetValidationReport',
  type: 'object',
  required: ['ok', 'problems'],
  properties: {
    ok: { type: 'boolean' },
    problems: {
      type: 'array',
      items: { type: 'object', required: ['pointer', 'code', 'message'], properties: { pointer: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } },
    },
    testCases: {
      type: 'object',
      properties: {
        passed: { type: 'integer' },
        failed: { type: 'integer' },
        results: { type: 'array', items: { type: 'object', additionalProperties: true } },
      },
    },
  },
} as const;
