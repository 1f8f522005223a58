import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { ruleSetStatuses } from './rule-set-version.entity.js';
import { tenantOwned } from './tenant-owned.properties.js';
import { User } from './user.entity.js';

/** Deployed documents other than rule sets (rule sets have drafts and effective dates of their own). */
export const configDocumentKinds = ['form', 'workflow', 'calendar'] as const;
export type ConfigDocumentKind = (typeof configDocumentKinds)[number];

/**
 * One version of a form, workflow definition or working calendar; a published version never changes.
 * Forms and workflows may also have one DRAFT, edited in place through the API (under `rowVersion`).
 */
export const ConfigDocumentVersion = defineEntity({
  name: 'ConfigDocumentVersion',
  tableName: 'config_document_version',
  uniques: [
    { properties: ['tenant', 'kind', 'key', 'version'] },
    { name: 'config_document_version_one_published', properties: ['tenant', 'kind', 'key'], where: { status: 'PUBLISHED' } },
    // Forms and workflows authored through the API: at most one draft per key.
    { name: 'config_document_version_one_draft', properties: ['tenant', 'kind', 'key'], where: { status: 'DRAFT' } },
  ],
  properties: {
    ...tenantOwned(),
    kind: p.enum(configDocumentKinds),
    key: p.string().length(64),
    version: p.integer(),
    status: p.enum(ruleSetStatuses).default('PUBLISHED'),
    // json, not jsonb: keeps the authored key order and text.
    document: p.json<Record<string, unknown>>().columnType('json'),
    createdBy: () => p.manyToOne(User).nullable(),
    publishedBy: () => p.manyToOne(User).nullable(),
    publishedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    rowVersion: p.integer().version(),
  },
});
export type ConfigDocumentVersion = InferEntity<typeof ConfigDocumentVersion>;
