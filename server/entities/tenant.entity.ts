import { randomUUID } from 'node:crypto';
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A customer enterprise. Not tenant-owned itself; every other row points at one. */
export const Tenant = defineEntity({
  name: 'Tenant',
  tableName: 'tenant',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    code: p.string().length(64).unique(),
    name: p.string().length(200),
    nameEn: p.string().length(200).nullable(),
    status: p.enum(['ACTIVE', 'SUSPENDED'] as const).default('ACTIVE'),
    locale: p.string().length(16).default('zh-CN'),
    currency: p.string().length(3).default('CNY'),
    isPlatform: p.boolean().default(false),
    /** The manifest's dictionaries and custom-field declarations, as last deployed. */
    settings: p.json<{ $schema?: string; dictionaries?: Record<string, unknown>; customFields?: Record<string, Record<string, unknown>>; extensionPoints?: Record<string, string>; targets?: { orderCycleHours?: number } }>().columnType('json').nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export type Tenant = InferEntity<typeof Tenant>;
