import { systemRoles } from './system-roles.js';

export const LoginRequest = {
  $id: 'LoginRequest',
  type: 'object',
  required: ['tenant', 'login', 'password'],
  additionalProperties: false,
  properties: {
    tenant: { type: 'string', minLength: 1, maxLength: 64, description: 'Tenant (company) code' },
    login: { type: 'string', minLength: 1, maxLength: 64 },
    password: { type: 'string', minLength: 1, maxLength: 256 },
  },
} as const;

export const PasswordChange = {
  $id: 'PasswordChange',
  type: 'object',
  required: ['currentPassword', 'newPassword'],
  additionalProperties: false,
  properties: {
    currentPassword: { type: 'string', minLength: 1, maxLength: 256 },
    newPassword: { type: 'string', minLength: 10, maxLength: 256, description: 'At least 10 characters from 3 of: upper case, lower case, digits, symbols; not common, not the login or tenant code' },
  },
} as const;

export const CurrentUser = {
  $id: 'CurrentUser',
  type: 'object',
  required: ['id', 'tenant', 'login', 'displayName', 'systemRoles', 'roles'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    tenant: {
      type: 'object',
      required: ['id', 'code', 'name'],
      properties: { id: { type: 'string' }, code: { type: 'string' }, name: { type: 'string' } },
    },
    login: { type: 'string' },
    displayName: { type: 'string' },
    systemRoles: { type: 'array', items: { type: 'string', enum: systemRoles } },
    roles: { type: 'array', items: { $ref: 'RoleHolding#' } },
    dealerId: { type: ['string', 'null'] },
    locale: { type: ['string', 'null'] },
  },
} as const;

export const LoginResponse = {
  $id: 'LoginResponse',
  type: 'object',
  required: ['token', 'expiresAt', 'user'],
  properties: {
    token: { type: 'string' },
    expiresAt: { type: 'string', format: 'date-time' },
    user: { $ref: 'CurrentUser#' },
  },
} as const;

export const ApiTokenCreate = {
  $id: 'ApiTokenCreate',
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    expiresAt: { type: 'string', format: 'date-time', description: 'Optional; a token without it lives until revoked' },
  },
} as const;

export const ApiTokenView = {
  $id: 'ApiTokenView',
  type: 'object',
  required: ['id', 'name', 'prefix', 'createdAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    prefix: { type: 'string' },
    userId: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: ['string', 'null'], format: 'date-time' },
    lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

export const ApiTokenCreated = {
  $id: 'ApiTokenCreated',
  type: 'object',
  required: ['token', 'apiToken'],
  properties: {
    token: { type: 'string', description: 'The secret; shown this once and never again' },
    apiToken: { $ref: 'ApiTokenView#' },
  },
} as const;
