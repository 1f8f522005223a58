import { extensionPointKeys } from '../extension-points/registry.js';

/** Records a tenant may extend with custom fields (declared as JSON Schema in its manifest). */
export const customFieldRecords = ['dealer', 'product', 'order', 'rebateClaim', 'onboarding', 'productCategory', 'warehouse', 'orderLine', 'rebateStatement', 'diversionCase'] as const;

const code = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' } as const;
const text = { type: 'string', minLength: 1, maxLength: 200 } as const;

/** tenant.json of a bundle: who the tenant is and the master structure its rules and flows use. */
export const TenantManifest = {
  $id: 'TenantManifest',
  type: 'object',
  required: ['code', 'name', 'locale', 'currency', 'regions', 'roles'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    code: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$' },
    name: text,
    nameEn: text,
    locale: { type: 'string', enum: ['zh-CN', 'en'] },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    regions: {
      type: 'array',
      description: 'The region tree; a parent is listed before its children',
      items: {
        type: 'object',
        required: ['code', 'name', 'parent'],
        additionalProperties: false,
        properties: { code, name: text, nameEn: text, parent: { anyOf: [code, { type: 'null' }] } },
      },
    },
    roles: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'name', 'scope'],
        additionalProperties: false,
        properties: {
          code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]{1,63}$' },
          name: text,
          nameEn: text,
          scope: { type: 'string', enum: ['TENANT', 'REGION', 'DEALER'] },
        },
      },
    },
    dictionaries: {
      type: 'object',
      description: 'Code lists the forms and rules use (e.g. product categories), by dictionary key',
      propertyNames: { pattern: '^[a-z][a-zA-Z0-9-]{0,63}$' },
      additionalProperties: {
        type: 'object',
        required: ['name', 'items'],
        additionalProperties: false,
        properties: {
          name: { $ref: 'LocalizedText' },
          items: {
            type: 'array',
            items: {
              type: 'object',
              required: ['code', 'label'],
              additionalProperties: false,
              properties: { code, label: { $ref: 'LocalizedText' } },
            },
          },
        },
      },
    },
    extensionPoints: {
      type: 'object',
      description: 'Which rule set or workflow the platform calls at each extension point (point key → rule-set or workflow key)',
      propertyNames: { enum: extensionPointKeys },
      additionalProperties: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
    },
    customFields: {
      type: 'object',
      description: 'Extra fields of business records, each record declared as a JSON Schema of type object',
      propertyNames: { enum: customFieldRecords },
      additionalProperties: {
        type: 'object',
        required: ['type', 'properties'],
        properties: { type: { const: 'object' }, properties: { type: 'object' } },
      },
    },
    targets: { type: 'object', description: 'Goals the dashboards measure against', additionalProperties: false, properties: { orderCycleHours: { type: 'number', exclusiveMinimum: 0, maximum: 8760, description: 'Submit → approval goal, hours' } } },
  },
} as const;

/** forms/<key>.json: the data a form collects (JSON Schema) and how it is laid out (uiSchema). */
export const FormDefinition = {
  $id: 'FormDefinition',
  type: 'object',
  required: ['key', 'name', 'schema'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    key: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
    name: { $ref: 'LocalizedText' },
    description: { type: 'string' },
    schema: {
      type: 'object',
      required: ['type', 'properties'],
      properties: { type: { const: 'object' }, properties: { type: 'object' } },
    },
    uiSchema: { type: 'object' },
  },
} as const;
