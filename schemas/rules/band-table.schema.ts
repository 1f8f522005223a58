const decimal = { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' } as const;
const name = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' } as const;

/**
 * A band table: ascending inclusive lower bounds with a rate each, applied RETROACTIVE (the whole
 * basis at the rate of the highest band reached) or MARGINAL (each slice at its own rate), then an
 * optional floor and cap on the amount and an optional rounding.
 */
export const bandTableSchema = {
  $id: 'BandTable',
  type: 'object',
  properties: {
    kind: { const: 'bandTable' },
    id: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' },
    label: { $ref: 'LocalizedText' },
    description: { type: 'string' },
    basis: { anyOf: [name, { $ref: 'Expression' }] },
    mode: { anyOf: [{ type: 'string', enum: ['RETROACTIVE', 'MARGINAL'] }, { $ref: 'Expression' }] },
    bands: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', properties: { from: decimal, rate: decimal }, required: ['from', 'rate'], additionalProperties: false },
    },
    floor: { anyOf: [decimal, { $ref: 'Expression' }] },
    cap: { anyOf: [decimal, { $ref: 'Expression' }] },
    round: { type: 'string', enum: ['NONE', 'HALF_UP', 'FLOOR'] },
    scale: { type: 'integer', minimum: 0, maximum: 10 },
    into: {
      type: 'object',
      properties: { amount: name, rate: name, band: name, capApplied: name },
      minProperties: 1,
      additionalProperties: false,
    },
  },
  required: ['kind', 'id', 'basis', 'mode', 'bands', 'into'],
  additionalProperties: false,
} as const;
