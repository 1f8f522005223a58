import { roleScopes } from './role.schema.js';

const words = { type: 'object', required: ['zh', 'en'], properties: { zh: { type: 'string' }, en: { type: 'string' } } } as const;
const open = { type: 'object', additionalProperties: true } as const;

/**
 * GET /api/tenant/vocabulary: the tenant's own words, as last deployed — tiers (best first), roles,
 * dictionaries, custom-field declarations, extension-point bindings and targets — so every screen
 * labels, orders and checks with them instead of names written into the platform.
 */
export const TenantVocabulary = {
  $id: 'TenantVocabulary',
  type: 'object',
  required: ['tenant', 'tiers', 'roles', 'dictionaries', 'customFields', 'extensionPoints', 'startForms', 'targets', 'ruleSets'],
  properties: {
    tenant: {
      type: 'object', required: ['code', 'name', 'locale', 'currency'],
      properties: { code: { type: 'string' }, name: { type: 'string' }, nameEn: { type: ['string', 'null'] }, locale: { type: 'string' }, currency: { type: 'string' } },
    },
    tiers: { type: 'array', description: 'dictionaries.dealerTier, best first', items: { type: 'object', required: ['code', 'label'], properties: { code: { type: 'string' }, label: words } } },
    roles: {
      type: 'array', description: 'The manifest roles, in its order',
      items: { type: 'object', required: ['code', 'name', 'nameEn', 'scope'], properties: { code: { type: 'string' }, name: { type: 'string' }, nameEn: { type: ['string', 'null'] }, scope: { type: 'string', enum: roleScopes } } },
    },
    dictionaries: { type: 'object', additionalProperties: open },
    customFields: { type: 'object', description: 'JSON Schema per record (dealer, order, …)', additionalProperties: open },
    extensionPoints: { type: 'object', description: 'Extension point → bound rule-set or workflow key', additionalProperties: { type: 'string' } },
    startForms: { type: 'object', description: 'Extension point bound to a workflow → the form key of its start node (the order form, the onboarding form)', additionalProperties: { type: 'string' } },
    targets: { type: 'object', properties: { orderCycleHours: { type: 'number' } }, additionalProperties: true },
    ruleSets: {
      type: 'array',
      description: "Staff only (empty for a dealer): each published rule set's declared outputs with their labels and valueLabels, to word its results",
      items: {
        type: 'object', required: ['key', 'version', 'outputs'],
        properties: { key: { type: 'string' }, version: { type: 'integer' }, name: open, outputs: { type: 'array', items: open } },
      },
    },
  },
} as const;
