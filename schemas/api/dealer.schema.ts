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
  },
} as const;
