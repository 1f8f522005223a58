/** TENANT: one holder set for the whole tenant; REGION: held per region; DEALER: held inside one dealer. */
export const roleScopes = ['TENANT', 'REGION', 'DEALER'] as const;

export const RoleCreate = {
  $id: 'RoleCreate',
  type: 'object',
  required: ['code', 'name', 'scope'],
  additionalProperties: false,
  properties: {
    code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]{1,63}$' },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    nameEn: { type: 'string', minLength: 1, maxLength: 200 },
    scope: { type: 'string', enum: roleScopes },
  },
} as const;

export const RoleView = {
  $id: 'RoleView',
  type: 'object',
  required: ['id', 'code', 'name', 'scope'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    code: { type: 'string' },
    name: { type: 'string' },
    nameEn: { type: ['string', 'null'] },
    scope: { type: 'string', enum: roleScopes },
  },
} as const;

export const RoleAssignment = {
  $id: 'RoleAssignment',
  type: 'object',
  required: ['roleCode'],
  additionalProperties: false,
  properties: {
    roleCode: { type: 'string', pattern: '^[A-Z][A-Z0-9_]{1,63}$' },
    regionCode: { type: 'string', minLength: 1, maxLength: 64 },
  },
} as const;

/** A tenant role a user holds, with its region when the role is region-scoped. */
export const RoleHolding = {
  $id: 'RoleHolding',
  type: 'object',
  required: ['code', 'regionCode'],
  properties: { code: { type: 'string' }, regionCode: { type: ['string', 'null'] } },
} as const;
