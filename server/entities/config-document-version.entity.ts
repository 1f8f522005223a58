import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { ruleSetStatuses } from './rule-set-version.entity.js';
import { tenantOwned } from './tenant-owned.properties.js';

/** Deployed documents other than rule sets (rule sets have drafts and effective dates of their own). */
export const configDocumentKinds = ['form', 'workflow', 'calendar'] as const;
export type ConfigDocumentKind = (typeof configDocumentKinds)[number];

/** One version of a form, workflow definition or working calendar; a published version never changes. */
export const ConfigDocumentVersion = defineEntity({
  name: 'ConfigDocumentVersion',
  tableName: 'config_document_version',
  uniques: [
    { properties: ['tenant', 'kind', 'key', 'version'] },
    { name: 'config_document_version_one_published', properties: ['tenant', 'kind', 'key'], where: { status: 'PUBLISHED' } },
  ],
  properties: {
    ...tenantOwned(),
    kind: p.enum(configDocumentKinds),
    key: p.string().length(64),
    version: p.integer(),
    status: p.enum(ruleSetStatuses).default('PUBLISHED'),
    // json, not jsonb: keeps the authored key order and text.
    document: p.json<Record<string, unknown>>().columnType('json'),
    publishedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type ConfigDocumentVersion = InferEntity<typeof ConfigDocumentVersion>;
