import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { tenantOwned } from './tenant-owned.properties.js';
import { User } from './user.entity.js';

export const ruleSetStatuses = ['DRAFT', 'PUBLISHED', 'SUPERSEDED'] as const;

/**
 * One version of a tenant's rule set. A DRAFT is edited in place; publishing freezes it (the
 * document is never changed again) and supersedes the version published before it.
 */
export const RuleSetVersion = defineEntity({
  name: 'RuleSetVersion',
  tableName: 'rule_set_version',
  uniques: [
    { properties: ['tenant', 'key', 'version'] },
    // At most one draft and one published version per rule set, even under concurrent publishes.
    { name: 'rule_set_version_one_draft', properties: ['tenant', 'key'], where: { status: 'DRAFT' } },
    { name: 'rule_set_version_one_published', properties: ['tenant', 'key'], where: { status: 'PUBLISHED' } },
  ],
  indexes: [{ properties: ['tenant', 'key', 'status'] }],
  properties: {
    ...tenantOwned(),
    key: p.string().length(64),
    version: p.integer(),
    status: p.enum(ruleSetStatuses).default('DRAFT'),
    // json, not jsonb: the document keeps its authored key order and text (export must round-trip).
    document: p.json<Record<string, unknown>>().columnType('json'),
    effectiveFrom: p.string().length(10).nullable(),
    effectiveTo: p.string().length(10).nullable(),
    createdBy: () => p.manyToOne(User).nullable(),
    publishedBy: () => p.manyToOne(User).nullable(),
    publishedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    rowVersion: p.integer().version(),
  },
});
export type RuleSetVersion = InferEntity<typeof RuleSetVersion>;
