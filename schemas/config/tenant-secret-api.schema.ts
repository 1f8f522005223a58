/** A secret's name: what a service node's `secretRef` says. */
export const secretNamePattern = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';

export const TenantSecretParams = {
  $id: 'TenantSecretParams',
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: { type: 'string', pattern: secretNamePattern } },
} as const;

/** The body of `PUT /api/config/secrets/:name`: the value, stored sealed and never sent back. */
export const TenantSecretPut = {
  $id: 'TenantSecretPut',
  type: 'object',
  required: ['value'],
  additionalProperties: false,
  properties: { value: { type: 'string', minLength: 16, maxLength: 4096, description: 'The secret (an HMAC key: at least 16 characters); write-only' } },
} as const;

/** What anyone sees of a secret: its name and who set it when. Never the value. */
export const TenantSecretView = {
  $id: 'TenantSecretView',
  type: 'object',
  required: ['name', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    createdBy: { type: ['string', 'null'], description: 'Login of the user who first set it' },
    updatedAt: { type: 'string', format: 'date-time' },
    updatedBy: { type: ['string', 'null'], description: 'Login of the user who last set it' },
  },
} as const;
