import { systemRoles } from './system-roles.js';

const login = { type: 'string', pattern: '^[a-z0-9][a-z0-9_.-]{1,63}$' } as const;

export const UserCreate = {
  $id: 'UserCreate',
  type: 'object',
  required: ['login', 'displayName', 'password', 'systemRoles'],
  additionalProperties: false,
  properties: {
    login,
    displayName: { type: 'string', minLength: 1, maxLength: 200 },
    email: { type: 'string', format: 'email', maxLength: 254 },
    password: { type: 'string', minLength: 10, maxLength: 256 },
    systemRoles: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: systemRoles } },
    dealerCode: { type: 'string', minLength: 1, maxLength: 64, description: 'Required for DEALER_USER: the one dealer the user acts for' },
    locale: { type: 'string', enum: ['zh-CN', 'en'] },
    managerId: { type: 'string', format: 'uuid', description: 'The line manager (a user of the same tenant): what managerChain approvals walk up' },
  },
} as const;

export const UserUpdate = {
  $id: 'UserUpdate',
  type: 'object',
  required: ['version'],
  additionalProperties: false,
  minProperties: 2,
  properties: {
    version: { type: 'integer', minimum: 1, description: 'The version read; a stale one gets 409' },
    displayName: { type: 'string', minLength: 1, maxLength: 200 },
    email: { type: ['string', 'null'], format: 'email', maxLength: 254 },
    status: { type: 'string', enum: ['ACTIVE', 'DISABLED'] },
    locale: { type: ['string', 'null'], enum: ['zh-CN', 'en', null] },
    password: { type: 'string', minLength: 10, maxLength: 256 },
    managerId: { type: ['string', 'null'], format: 'uuid', description: 'The line manager, or null for none; a cycle is refused' },
  },
} as const;

export const UserView = {
  $id: 'UserView',
  type: 'object',
  required: ['id', 'login', 'displayName', 'systemRoles', 'status', 'version'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    login: { type: 'string' },
    displayName: { type: 'string' },
    email: { type: ['string', 'null'] },
    systemRoles: { type: 'array', items: { type: 'string' } },
    roles: { type: 'array', items: { $ref: 'RoleHolding#' } },
    dealerId: { type: ['string', 'null'] },
    managerId: { type: ['string', 'null'] },
    status: { type: 'string' },
    locale: { type: ['string', 'null'] },
    version: { type: 'integer' },
  },
} as const;
