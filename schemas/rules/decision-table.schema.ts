const literal = { type: ['string', 'number', 'boolean', 'null'] } as const;
const bound = { type: ['string', 'number'], pattern: '^-?\\d+(\\.\\d+)?$' } as const;
const single = (key: string, value: object) => ({ type: 'object', properties: { [key]: value }, required: [key], additionalProperties: false }) as const;

/**
 * A decision-table cell (a unary test on its column's value): a literal (equals), { "any": true },
 * an explicit comparison ({ ">=": "50000000" } is inclusive, { ">": … } strict), a range
 * ("[10000..60000000)": brackets inclusive, parentheses strict), a set, or any operator by name.
 */
export const decisionCellSchema = {
  $id: 'DecisionCell',
  anyOf: [
    literal,
    single('any', { const: true }),
    single('=', literal),
    single('!=', literal),
    single('<', bound),
    single('<=', bound),
    single('>', bound),
    single('>=', bound),
    single('range', { type: 'string', pattern: '^[\\[(]\\s*-?\\d+(\\.\\d+)?\\s*\\.\\.\\s*-?\\d+(\\.\\d+)?\\s*[\\])]$' }),
    single('in', { type: 'array', items: literal, minItems: 1 }),
    single('notIn', { type: 'array', items: literal, minItems: 1 }),
    { type: 'object', properties: { op: { type: 'string', minLength: 1 }, value: {} }, required: ['op', 'value'], additionalProperties: false },
  ],
} as const;

export const decisionTableSchema = {
  $id: 'DecisionTable',
  type: 'object',
  properties: {
    kind: { const: 'decisionTable' },
    id: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' },
    label: { $ref: 'LocalizedText' },
    description: { type: 'string' },
    hitPolicy: { type: 'string', enum: ['FIRST', 'UNIQUE', 'PRIORITY', 'COLLECT', 'RULE_ORDER'] },
    aggregation: { type: 'string', enum: ['SUM', 'MIN', 'MAX', 'COUNT'] },
    inputs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: { fact: { type: 'string', minLength: 1 }, path: { type: 'string' }, type: { type: 'string' }, label: { $ref: 'LocalizedText' } },
        required: ['fact', 'type'],
        additionalProperties: false,
      },
    },
    outputs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: { name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' }, type: { type: 'string' }, default: literal, label: { $ref: 'LocalizedText' } },
        required: ['name', 'type'],
        additionalProperties: false,
      },
    },
    rows: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          when: { type: 'array', items: { $ref: 'DecisionCell' } },
          then: { type: 'array', items: { $ref: 'ValueSpec' } },
          priority: { type: 'number' },
          description: { type: 'string' },
        },
        required: ['when', 'then'],
        additionalProperties: false,
      },
    },
    into: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' },
  },
  required: ['kind', 'id', 'hitPolicy', 'inputs', 'outputs', 'rows'],
  additionalProperties: false,
} as const;
