/** A formula is a tagged value: { "$expr": "qty * listPrice" }, never a bare string. */
export const expressionSchema = {
  $id: 'Expression',
  type: 'object',
  'x-label': { zh: '公式', en: 'Formula' },
  properties: { $expr: { type: 'string', minLength: 1, maxLength: 2000 } },
  required: ['$expr'],
  additionalProperties: false,
} as const;

/** A JSON literal or a formula; arrays and objects may nest formulas (object keys never start with "$"). */
export const valueSpecSchema = {
  $id: 'ValueSpec',
  anyOf: [
    { type: ['string', 'number', 'boolean', 'null'] },
    { $ref: 'Expression' },
    { type: 'array', items: { $ref: 'ValueSpec' } },
    { type: 'object', propertyNames: { pattern: '^[^$]' }, additionalProperties: { $ref: 'ValueSpec' } },
  ],
} as const;

export const localizedTextSchema = {
  $id: 'LocalizedText',
  type: 'object',
  properties: { zh: { type: 'string', minLength: 1 }, en: { type: 'string', minLength: 1 } },
  required: ['zh', 'en'],
  additionalProperties: false,
} as const;

const valueTypes = ['decimal', 'money', 'rate', 'integer', 'number', 'string', 'boolean', 'date', 'enum', 'region', 'list', 'object'] as const;

/** The type of an input, output, field or list item. */
export const fieldDeclarationSchema = {
  $id: 'FieldDeclaration',
  type: 'object',
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' },
    type: { type: 'string', enum: valueTypes },
    label: { $ref: 'LocalizedText' },
    description: { type: 'string' },
    values: { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true },
    valueLabels: { type: 'object', description: 'zh/en words of each enum value (reason, decision and adjustment codes)', additionalProperties: { $ref: 'LocalizedText' } },
    items: { $ref: 'FieldDeclaration' },
    fields: { type: 'array', items: { $ref: 'FieldDeclaration' } },
    nullable: { type: 'boolean' },
    default: {},
  },
  required: ['type'],
  additionalProperties: false,
} as const;
