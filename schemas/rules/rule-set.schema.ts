/**
 * A rule set: declared inputs and outputs, steps that run in a fixed order (each may read what the
 * ones before it produced), and the author's test cases.
 */
export const ruleSetSchema = {
  $id: 'RuleSet',
  type: 'object',
  'x-label': { zh: '规则集', en: 'Rule set' },
  properties: {
    $schema: { type: 'string', description: 'The JSON Schema this document follows (…/schemas/RuleSet.json), for editors' },
    key: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
    name: { $ref: 'LocalizedText' },
    description: { type: 'string' },
    version: { type: 'integer', minimum: 1 },
    effectiveFrom: { type: 'string', format: 'date' },
    effectiveTo: { type: 'string', format: 'date' },
    inputs: { type: 'array', items: { $ref: 'FieldDeclaration' } },
    outputs: { type: 'array', minItems: 1, items: { $ref: 'FieldDeclaration' } },
    steps: { type: 'array', minItems: 1, items: { $ref: 'RuleStep' } },
    testCases: { type: 'array', items: { $ref: 'RuleTestCase' } },
  },
  required: ['key', 'name', 'inputs', 'outputs', 'steps'],
  additionalProperties: false,
} as const;

export const ruleTestCaseSchema = {
  $id: 'RuleTestCase',
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    input: { type: 'object' },
    expected: { type: 'object' },
  },
  required: ['name', 'input', 'expected'],
  additionalProperties: false,
} as const;
