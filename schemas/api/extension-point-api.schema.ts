const localized = { type: 'object', required: ['zh', 'en'], properties: { zh: { type: 'string' }, en: { type: 'string' } } } as const;
const schemaObject = { type: 'object', additionalProperties: true } as const;

/** The extension points with their contracts, and what this tenant binds to each. */
export const ExtensionPointList = {
  $id: 'ExtensionPointList',
  type: 'object',
  required: ['points'],
  properties: {
    points: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'kind', 'label', 'description', 'calledAt', 'required', 'provides', 'binding'],
        properties: {
          key: { type: 'string' },
          kind: { type: 'string', enum: ['ruleSet', 'workflow'] },
          label: localized,
          description: localized,
          calledAt: localized,
          whenUnbound: localized,
          required: { type: 'boolean' },
          provides: schemaObject,
          requires: schemaObject,
          binding: {
            type: ['object', 'null'],
            required: ['key', 'published'],
            properties: {
              key: { type: 'string' },
              name: { anyOf: [localized, { type: 'null' }] },
              published: { type: 'boolean', description: 'A published version of the bound document exists' },
              version: { type: ['integer', 'null'] },
            },
          },
        },
      },
    },
  },
} as const;
