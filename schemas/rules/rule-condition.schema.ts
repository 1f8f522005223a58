/**
 * json-rules-engine conditions and rules, as that library accepts them: all / any / not, nesting,
 * references to shared conditions, priority, and an event with a type and params.
 */
const conditionMeta = {
  priority: { type: 'number' },
  name: { type: 'string' },
} as const;

export const ruleConditionSchema = {
  $id: 'RuleCondition',
  type: 'object',
  anyOf: [
    {
      properties: {
        fact: { type: 'string', minLength: 1 }, operator: { type: 'string', minLength: 1 }, value: {},
        path: { type: 'string' }, params: { type: 'object' }, ...conditionMeta,
        factResult: {}, valueResult: {}, result: {},
      },
      required: ['fact', 'operator', 'value'],
      additionalProperties: false,
    },
    { properties: { all: { type: 'array', items: { $ref: 'RuleCondition' } }, ...conditionMeta }, required: ['all'], additionalProperties: false },
    { properties: { any: { type: 'array', items: { $ref: 'RuleCondition' } }, ...conditionMeta }, required: ['any'], additionalProperties: false },
    { properties: { not: { $ref: 'RuleCondition' }, ...conditionMeta }, required: ['not'], additionalProperties: false },
    { properties: { condition: { type: 'string', minLength: 1 }, ...conditionMeta }, required: ['condition'], additionalProperties: false },
  ],
} as const;

/** A top-level condition: all / any / not or a condition reference (never a bare fact condition). */
export const ruleTopConditionSchema = {
  $id: 'RuleTopCondition',
  type: 'object',
  allOf: [
    { $ref: 'RuleCondition' },
    { anyOf: [{ required: ['all'] }, { required: ['any'] }, { required: ['not'] }, { required: ['condition'] }] },
  ],
} as const;

export const ruleDefinitionSchema = {
  $id: 'RuleDefinition',
  type: 'object',
  properties: {
    name: { type: 'string' },
    priority: { type: 'integer', minimum: 1 },
    conditions: { $ref: 'RuleTopCondition' },
    event: {
      type: 'object',
      properties: { type: { type: 'string', minLength: 1 }, params: { type: 'object', additionalProperties: { $ref: 'ValueSpec' } } },
      required: ['type'],
      additionalProperties: false,
    },
  },
  required: ['conditions', 'event'],
  additionalProperties: false,
} as const;
