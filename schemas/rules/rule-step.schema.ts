const id = { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' } as const;
const name = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' } as const;
const common = { id, label: { $ref: 'LocalizedText' }, description: { type: 'string' } } as const;
const assignments = { type: 'object', propertyNames: name, additionalProperties: { $ref: 'ValueSpec' } } as const;

export const assignStepSchema = {
  $id: 'AssignStep',
  type: 'object',
  properties: { kind: { const: 'assign' }, ...common, set: { ...assignments, minProperties: 1 } },
  required: ['kind', 'id', 'set'],
  additionalProperties: false,
} as const;

export const rulesStepSchema = {
  $id: 'RulesStep',
  type: 'object',
  properties: {
    kind: { const: 'rules' },
    ...common,
    rules: { type: 'array', items: { $ref: 'RuleDefinition' } },
    conditions: { type: 'object', additionalProperties: { $ref: 'RuleTopCondition' } },
    emit: { type: 'string', enum: ['first', 'all'] },
    defaults: assignments,
    eventsInto: name,
  },
  required: ['kind', 'id', 'rules'],
  additionalProperties: false,
} as const;

export const forEachStepSchema = {
  $id: 'ForEachStep',
  type: 'object',
  properties: {
    kind: { const: 'forEach' },
    ...common,
    list: name,
    as: name,
    steps: { type: 'array', items: { $ref: 'RuleStep' } },
    collect: { type: 'array', items: name, uniqueItems: true },
    into: name,
    aggregate: {
      type: 'object',
      propertyNames: name,
      additionalProperties: {
        type: 'object',
        properties: { op: { type: 'string', enum: ['sum', 'min', 'max', 'count', 'all', 'any'] }, of: name },
        required: ['op'],
        additionalProperties: false,
      },
    },
  },
  required: ['kind', 'id', 'list', 'steps'],
  additionalProperties: false,
} as const;

export const selectStepSchema = {
  $id: 'SelectStep',
  type: 'object',
  properties: {
    kind: { const: 'select' },
    ...common,
    from: name,
    match: assignments,
    where: { $ref: 'Expression' },
    orderBy: {
      type: 'array',
      items: { type: 'object', properties: { field: name, direction: { type: 'string', enum: ['asc', 'desc'] } }, required: ['field'], additionalProperties: false },
    },
    take: { type: 'string', enum: ['first', 'all'] },
    set: { type: 'object', propertyNames: name, additionalProperties: name },
    into: name,
    defaults: assignments,
  },
  required: ['kind', 'id', 'from', 'take'],
  additionalProperties: false,
} as const;

export const buildListStepSchema = {
  $id: 'BuildListStep',
  type: 'object',
  properties: {
    kind: { const: 'buildList' },
    ...common,
    into: name,
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: { when: { $ref: 'Expression' }, value: { $ref: 'ValueSpec' }, spread: { type: 'boolean' } },
        required: ['value'],
        additionalProperties: false,
      },
    },
  },
  required: ['kind', 'id', 'into', 'items'],
  additionalProperties: false,
} as const;

/** One step of a rule set, discriminated by `kind`. */
export const ruleStepSchema = {
  $id: 'RuleStep',
  type: 'object',
  discriminator: { propertyName: 'kind' },
  required: ['kind'],
  oneOf: [
    { $ref: 'AssignStep' },
    { $ref: 'RulesStep' },
    { $ref: 'DecisionTable' },
    { $ref: 'BandTable' },
    { $ref: 'ForEachStep' },
    { $ref: 'SelectStep' },
    { $ref: 'BuildListStep' },
  ],
} as const;
