export const TenantCreate = {
  $id: 'TenantCreate',
  type: 'object',
  required: ['code', 'name', 'admin'],
  additionalProperties: false,
  properties: {
    code: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$' },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    nameEn: { type: 'string', minLength: 1, maxLength: 200 },
    locale: { type: 'string', enum: ['zh-CN', 'en'] },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    admin: {
      type: 'object',
      required: ['login', 'displayName', 'password'],
      additionalProperties: false,
      properties: {
        login: { type: 'string', pattern: '^[a-z0-9][a-z0-9_.-]{1,63}$' },
        displayName: { type: 'string', minLength: 1, maxLength: 200 },
        password: { type: 'string', minLength: 10, maxLength: 256 },
      },
    },
  },
} as const;

export const TenantView = {
  $id: 'TenantView',
  type: 'object',
  required: ['id', 'code', 'name', 'status'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    code: { type: 'string' },
    name: { type: 'string' },
    nameEn: { type: ['string', 'null'] },
    status: { type: 'string' },
    locale: { type: 'string' },
    currency: { type: 'string' },
  },
} as const;
