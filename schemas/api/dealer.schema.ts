export const dealerStatuses = ['PENDING_ONBOARDING', 'ACTIVE', 'SUSPENDED', 'TERMINATED'] as const;

export const DealerView = {
  $id: 'DealerView',
  type: 'object',
  required: ['id', 'code', 'name', 'homeRegion', 'status'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    code: { type: 'string' },
    name: { type: 'string' },
    nameEn: { type: ['string', 'null'] },
    homeRegion: { type: 'string' },
    authorizedRegions: { type: 'array', items: { type: 'string' } },
    status: { type: 'string', enum: dealerStatuses },
    tier: { type: 'string' },
    customFields: { type: 'object', additionalProperties: true },
    version: { type: 'integer' },
  },
} as const;

export const DealerUpdate = {
  $id: 'DealerUpdate',
  type: 'object',
  required: ['version'],
  minProperties: 2,
  additionalProperties: false,
  properties: {
    version: { type: 'integer', minimum: 1, description: 'The version read; a stale one gets 409' },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    nameEn: { type: ['string', 'null'], maxLength: 200 },
    customFields: { type: 'object', description: "Checked against the tenant manifest's customFields.dealer" },
  },
} as const;
