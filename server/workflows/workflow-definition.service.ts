import { LockMode } from '@mikro-orm/core';
import { contractProblemsOf } from '../extension-points/contract.service.js';
import { summarizeVersions } from '../db/version-listing.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ValidateFunction } from 'ajv';
import { checkFlowDefinition } from '../../rules/flow/index.js';
import { allSchemas, createAjv, toProblems, type Locale } from '../../schemas/index.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { checkForm, checkRuleInputs, type BundleProblem } from '../bundle/bundle-validate.js';
import { ConfigDocumentVersion, RuleSetVersion, User, type ConfigDocumentVersion as DocumentRow } from '../entities/index.js';
import type { AuthedContext } from '../http/request-context.js';
import { unknownSecretProblemsOfWorkflow } from '../secrets/tenant-secret.service.js';

/** The kinds of configuration document authored through the API (calendars arrive only by deploys). */
export type DefinitionKind = 'workflow' | 'form';

export interface DefinitionProblem {
  pointer: string;
  code: string;
  message: string;
  nodeId?: string;
  edgeId?: string;
}

export interface DefinitionReport {
  ok: boolean;
  problems: DefinitionProblem[];
}

/** The code a refused publish answers with, per kind. */
const invalidCode = { workflow: 'FLW_ERR_INVALID_DEFINITION', form: 'CFG_ERR_INVALID_FORM' } as const;

export function toDefinitionVersionView(row: DocumentRow, withDocument = true) {
  const doc = row.document as { name?: Record<string, string>; description?: string };
  return {
    key: row.key,
    version: row.version,
    status: row.status,
    name: doc.name ?? {},
    ...(doc.description !== undefined ? { description: doc.description } : {}),
    createdAt: row.createdAt,
    createdBy: row.createdBy?.id ?? null,
    publishedAt: row.publishedAt ?? null,
    publishedBy: row.publishedBy?.id ?? null,
    rowVersion: row.rowVersion,
    ...(withDocument ? { document: { ...row.document, version: row.version } } : {}),
  };
}

function stripVersion(document: Record<string, unknown>): Record<string, unknown> {
  const { version: _ignored, ...rest } = document;
  return rest;
}

let formValidator: ValidateFunction | undefined;
const validateFormSchema = () => (formValidator ??= createAjv(allSchemas).getSchema('FormDefinition')!);

function nodeIdAt(document: Record<string, unknown>, pointer: string): string | undefined {
  const m = /^\/nodes\/(\d+)/.exec(pointer);
  const nodes = document.nodes;
  const node = m && Array.isArray(nodes) ? (nodes[Number(m[1])] as { id?: unknown } | undefined) : undefined;
  return typeof node?.id === 'string' ? node.id : undefined;
}

function fromBundleProblem(document: Record<string, unknown>, p: BundleProblem): DefinitionProblem {
  const nodeId = nodeIdAt(document, p.pointer);
  return { pointer: p.pointer, code: p.code, message: p.message, ...(nodeId ? { nodeId } : {}) };
}

/**
 * The publish checks of a workflow, the same the bundle validation runs: the schema and the graph
 * (`checkFlowDefinition`), rule sets and forms it names published in this tenant, each rule
 * node's input mapping against its rule set's declared inputs (`checkRuleInputs`), and each
 * service node's `secretRef` naming a secret of this tenant.
 */
async function checkWorkflow(em: EntityManager, tenantId: string, document: Record<string, unknown>, locale: Locale): Promise<DefinitionProblem[]> {
  const [ruleSets, forms] = await Promise.all([
    em.find(RuleSetVersion, { status: 'PUBLISHED' }, { fields: ['key', 'document'] }),
    em.find(ConfigDocumentVersion, { kind: 'form', status: 'PUBLISHED' }, { fields: ['key'] }),
  ]);
  const check = checkFlowDefinition(document, { ruleSets: new Set(ruleSets.map((r) => r.key)), forms: new Set(forms.map((f) => f.key)) }, locale);
  if (!check.ok) {
    return check.problems.map((p) => ({ pointer: p.pointer, code: p.code, message: p.message, ...(p.nodeId ? { nodeId: p.nodeId } : {}), ...(p.edgeId ? { edgeId: p.edgeId } : {}) }));
  }
  const asBundle = { path: '', kind: 'workflow' as const, key: String(document.key), document };
  const published = ruleSets.map((r) => ({ path: '', kind: 'ruleSet' as const, key: r.key, document: r.document }));
  return [
    ...checkRuleInputs(asBundle, published).map((p) => fromBundleProblem(document, p)),
    ...await unknownSecretProblemsOfWorkflow(em, document, locale),
    ...(await contractProblemsOf(em, tenantId, 'workflow', String(document.key), document)).map((p) => fromBundleProblem(document, { file: '', ...p })),
  ];
}

/** A form: its schema, then its `schema` compiled as a JSON Schema (the bundle's `checkForm`). */
function checkFormDocument(document: Record<string, unknown>, locale: Locale): DefinitionProblem[] {
  const validate = validateFormSchema();
  if (!validate(document)) return toProblems(validate.errors, locale).map((p) => ({ pointer: p.pointer, code: 'CFG_ERR_SCHEMA', message: p.message }));
  return checkForm({ path: '', kind: 'form', key: String(document.key), document }).map((p) => fromBundleProblem(document, p));
}

async function checkDocument(em: EntityManager, tenantId: string, kind: DefinitionKind, document: Record<string, unknown>, locale: Locale): Promise<DefinitionProblem[]> {
  return kind === 'workflow' ? checkWorkflow(em, tenantId, document, locale) : checkFormDocument(document, locale);
}

export async function listDefinitionKeys(ctx: AuthedContext, kind: DefinitionKind) {
  const rows = await ctx.em.find(ConfigDocumentVersion, { kind, status: { $in: ['DRAFT', 'PUBLISHED'] } }, { orderBy: { key: 'asc', version: 'asc' } });
  return summarizeVersions(rows);
}

export async function listDefinitionVersions(ctx: AuthedContext, kind: DefinitionKind, key: string) {
  const rows = await ctx.em.find(ConfigDocumentVersion, { kind, key }, { orderBy: { version: 'desc' } });
  if (!rows.length) throw new AppError('CF_ERR_NOT_FOUND');
  return rows.map((r) => toDefinitionVersionView(r, false));
}

export async function getDefinitionVersion(ctx: AuthedContext, kind: DefinitionKind, key: string, version: number) {
  const row = await ctx.em.findOne(ConfigDocumentVersion, { kind, key, version });
  if (!row) throw new AppError('CF_ERR_NOT_FOUND');
  return row;
}

/** A new definition: version 1, a draft. The schema was checked by the route; the graph is checked at publish. */
export async function createDefinition(ctx: AuthedContext, kind: DefinitionKind, document: Record<string, unknown>) {
  const key = String(document.key);
  if (await ctx.em.findOne(ConfigDocumentVersion, { kind, key }, { fields: ['id'] })) throw new AppError('CF_ERR_CONFLICT', { key });
  const row = ctx.em.create(ConfigDocumentVersion, {
    tenant: ctx.tenantId, kind, key, version: 1, status: 'DRAFT', document: stripVersion(document), createdBy: ctx.user.id,
  });
  await ctx.em.flush();
  return row;
}

/**
 * A draft a deploy has overtaken (it published a newer version after the draft was opened) moves
 * past it, so versions keep growing in the order they are published.
 */
async function renumberIfOvertaken(em: EntityManager, draft: DocumentRow): Promise<void> {
  const newest = await em.findOne(ConfigDocumentVersion, { kind: draft.kind, key: draft.key }, { orderBy: { version: 'desc' }, fields: ['version'] });
  if (newest && newest.version > draft.version) draft.version = newest.version + 1;
}

/** Replaces the draft (under `rowVersion` when given), or opens a new one after a published version. */
export async function saveDraft(ctx: AuthedContext, kind: DefinitionKind, key: string, document: Record<string, unknown>, rowVersion?: number) {
  if (document.key !== key) {
    throw new AppError('CF_ERR_VALIDATION', { problems: [{ in: 'body', pointer: '/document/key', message: `must be '${key}', the key in the URL` }] });
  }
  const latest = await ctx.em.findOne(ConfigDocumentVersion, { kind, key }, { orderBy: { version: 'desc' } });
  if (!latest) throw new AppError('CF_ERR_NOT_FOUND');
  const draft = latest.status === 'DRAFT' ? latest : await ctx.em.findOne(ConfigDocumentVersion, { kind, key, status: 'DRAFT' });
  if (draft) {
    if (rowVersion !== undefined) await ctx.em.lock(draft, LockMode.OPTIMISTIC, rowVersion);
    draft.document = stripVersion(document);
    await renumberIfOvertaken(ctx.em, draft);
    await ctx.em.flush();
    return draft;
  }
  const row = ctx.em.create(ConfigDocumentVersion, {
    tenant: ctx.tenantId, kind, key, version: latest.version + 1, status: 'DRAFT', document: stripVersion(document), createdBy: ctx.user.id,
  });
  await ctx.em.flush();
  return row;
}

export async function discardDraft(ctx: AuthedContext, kind: DefinitionKind, key: string): Promise<void> {
  const draft = await ctx.em.findOne(ConfigDocumentVersion, { kind, key, status: 'DRAFT' });
  if (!draft) throw new AppError('CF_ERR_NOT_FOUND', { reason: 'no draft' });
  ctx.em.remove(draft);
  await ctx.em.flush();
}

/** The publish checks of an unsaved document (the studio asks before saving). */
export async function validateDocument(ctx: AuthedContext, kind: DefinitionKind, document: Record<string, unknown>): Promise<DefinitionReport> {
  const problems = await checkDocument(ctx.em, ctx.tenantId, kind, document, ctx.locale);
  return { ok: problems.length === 0, problems };
}

export async function validateDraft(ctx: AuthedContext, kind: DefinitionKind, key: string): Promise<DefinitionReport> {
  const draft = await ctx.em.findOne(ConfigDocumentVersion, { kind, key, status: 'DRAFT' });
  if (!draft) throw new AppError('CF_ERR_NOT_FOUND', { reason: 'no draft' });
  return validateDocument(ctx, kind, draft.document);
}

/**
 * Publishes the draft in one transaction, refused (422, every problem with its pointer and node)
 * while a check fails. The version published before becomes SUPERSEDED; running instances stay
 * pinned to theirs. Partial unique indexes keep one draft and one published version per key.
 */
export async function publishDraft(ctx: AuthedContext, kind: DefinitionKind, key: string) {
  return ctx.em.transactional(async (tx) => {
    const draft = await tx.findOne(ConfigDocumentVersion, { kind, key, status: 'DRAFT' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!draft) throw new AppError('CF_ERR_NOT_FOUND', { reason: 'no draft' });
    const problems = await checkDocument(tx, ctx.tenantId, kind, draft.document, ctx.locale);
    if (problems.length > 0) throw new AppError(invalidCode[kind], { problems });
    await renumberIfOvertaken(tx, draft);
    await tx.nativeUpdate(ConfigDocumentVersion, { kind, key, status: 'PUBLISHED' }, { status: 'SUPERSEDED' });
    draft.status = 'PUBLISHED';
    draft.publishedAt = new Date();
    draft.publishedBy = tx.getReference(User, ctx.user.id);
    await tx.flush();
    return draft;
  });
}
