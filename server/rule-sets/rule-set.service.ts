import { LockMode } from '@mikro-orm/core';
import { contractProblemsOf } from '../extension-points/contract.service.js';
import { versionInEffect } from './rule-set-in-effect.js';
import { summarizeVersions } from '../db/version-listing.js';
import { runTestCases, validateRuleSet, type RegionNode, type RuleSetDocument } from '../../rules/index.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { Region, RuleSetVersion, User, type RuleSetVersion as RuleSetVersionRow } from '../entities/index.js';
import type { AuthedContext } from '../http/request-context.js';
import type { CompiledRuleSetCache } from './compiled-rule-set.cache.js';
import { tenantSql } from '../db/tenant-sql.js';

export function toVersionView(row: RuleSetVersionRow, withDocument = false) {
  return {
    key: row.key,
    version: row.version,
    status: row.status,
    name: (row.document as { name?: Record<string, string> }).name,
    effectiveFrom: row.effectiveFrom ?? null,
    effectiveTo: row.effectiveTo ?? null,
    createdAt: row.createdAt,
    publishedAt: row.publishedAt ?? null,
    rowVersion: row.rowVersion,
    ...(withDocument ? { document: { ...row.document, version: row.version } } : {}),
  };
}

export async function loadRegions(ctx: AuthedContext): Promise<RegionNode[]> {
  const rows = await ctx.em.find(Region, {}, { orderBy: { code: 'asc' } });
  return rows.map((r) => ({ code: r.code, parent: r.parentCode ?? null }));
}

/** The deep check (formulas, references, tables) after the schema; problems point into the request body. */
async function checkDocument(ctx: AuthedContext, document: unknown, pointerPrefix: string): Promise<RuleSetDocument> {
  const result = validateRuleSet(document, { regions: await loadRegions(ctx), locale: ctx.locale });
  if (!result.ok) {
    throw new AppError('RUL_ERR_INVALID_RULE_SET', {
      problems: result.problems.map((p) => ({ in: 'body' as const, pointer: pointerPrefix + p.pointer, code: p.code, message: p.message })),
    });
  }
  return result.ruleSet;
}

function stripVersion(document: RuleSetDocument): Record<string, unknown> {
  const { version: _ignored, ...rest } = document as RuleSetDocument & { version?: number };
  return rest;
}

export async function listRuleSets(ctx: AuthedContext) {
  const rows = await ctx.em.find(RuleSetVersion, { status: { $in: ['DRAFT', 'PUBLISHED'] } }, { orderBy: { key: 'asc', version: 'asc' } });
  return summarizeVersions(rows);
}

export async function listVersions(ctx: AuthedContext, key: string) {
  const rows = await ctx.em.find(RuleSetVersion, { key }, { orderBy: { version: 'desc' } });
  if (!rows.length) throw new AppError('CF_ERR_NOT_FOUND');
  return rows.map((r) => toVersionView(r));
}

export async function getVersion(ctx: AuthedContext, key: string, version: number) {
  const row = await ctx.em.findOne(RuleSetVersion, { key, version });
  if (!row) throw new AppError('CF_ERR_NOT_FOUND');
  return row;
}

/** A new rule set: its first version, as a draft. */
export async function createRuleSet(ctx: AuthedContext, document: unknown) {
  const ruleSet = await checkDocument(ctx, document, '');
  if (await ctx.em.findOne(RuleSetVersion, { key: ruleSet.key })) throw new AppError('CF_ERR_CONFLICT', { key: ruleSet.key });
  const row = ctx.em.create(RuleSetVersion, {
    tenant: ctx.tenantId, key: ruleSet.key, version: 1, status: 'DRAFT', document: stripVersion(ruleSet),
    effectiveFrom: ruleSet.effectiveFrom ?? null, effectiveTo: ruleSet.effectiveTo ?? null, createdBy: ctx.user.id,
  });
  await ctx.em.flush();
  return row;
}

/** Replaces the draft, or opens a new one after the latest version. Published versions are never touched. */
export async function saveDraft(ctx: AuthedContext, key: string, document: unknown, rowVersion?: number) {
  const ruleSet = await checkDocument(ctx, document, '/document');
  if (ruleSet.key !== key) {
    throw new AppError('CF_ERR_VALIDATION', { problems: [{ in: 'body', pointer: '/document/key', message: `must be '${key}', the rule set in the URL` }] });
  }
  const latest = await ctx.em.findOne(RuleSetVersion, { key }, { orderBy: { version: 'desc' } });
  if (!latest) throw new AppError('CF_ERR_NOT_FOUND');
  const fields = { document: stripVersion(ruleSet), effectiveFrom: ruleSet.effectiveFrom ?? null, effectiveTo: ruleSet.effectiveTo ?? null };
  if (latest.status === 'DRAFT') {
    if (rowVersion !== undefined) await ctx.em.lock(latest, LockMode.OPTIMISTIC, rowVersion);
    ctx.em.assign(latest, fields);
    await ctx.em.flush();
    return latest;
  }
  const row = ctx.em.create(RuleSetVersion, { tenant: ctx.tenantId, key, version: latest.version + 1, status: 'DRAFT', createdBy: ctx.user.id, ...fields });
  await ctx.em.flush();
  return row;
}

export async function validateDraft(ctx: AuthedContext, key: string) {
  const draft = await ctx.em.findOne(RuleSetVersion, { key, status: 'DRAFT' });
  if (!draft) throw new AppError('CF_ERR_NOT_FOUND');
  const regions = await loadRegions(ctx);
  const result = validateRuleSet(draft.document, { regions, locale: ctx.locale });
  if (!result.ok) return { ok: false, problems: result.problems };
  const contract = await contractProblemsOf(ctx.em, ctx.tenantId, 'ruleSet', key, draft.document);
  const testCases = runTestCases(result.ruleSet, { regions, locale: ctx.locale, version: draft.version });
  return { ok: testCases.failed === 0 && contract.length === 0, problems: contract, testCases };
}

/**
 * Publishes the draft in one transaction: it must validate and pass every test case; the version
 * published before it becomes SUPERSEDED. Partial unique indexes keep one draft and one published
 * version per key even when two admins publish at once.
 */
export async function publishDraft(ctx: AuthedContext, key: string) {
  const regions = await loadRegions(ctx);
  return ctx.em.transactional(async (tx) => {
    const draft = await tx.findOne(RuleSetVersion, { key, status: 'DRAFT' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!draft) throw new AppError('CF_ERR_NOT_FOUND');
    const result = validateRuleSet(draft.document, { regions, locale: ctx.locale });
    if (!result.ok) throw new AppError('RUL_ERR_INVALID_RULE_SET', { problems: result.problems });
    // Bound to an extension point: the draft keeps the point's contract, or the DMS would fail on it.
    const contract = await contractProblemsOf(tx, ctx.tenantId, 'ruleSet', key, draft.document);
    if (contract.length) throw new AppError('RUL_ERR_INVALID_RULE_SET', { problems: contract });
    const report = runTestCases(result.ruleSet, { regions, locale: ctx.locale, version: draft.version });
    if (report.failed > 0) {
      throw new AppError('RUL_ERR_TEST_CASES_FAILED', { passed: report.passed, failed: report.failed, results: report.results.filter((r) => !r.ok) });
    }
    await tx.nativeUpdate(RuleSetVersion, { key, status: 'PUBLISHED' }, { status: 'SUPERSEDED' });
    draft.status = 'PUBLISHED';
    draft.publishedAt = new Date();
    draft.publishedBy = tx.getReference(User, ctx.user.id);
    await tx.flush();
    return draft;
  });
}

/** Today in Asia/Shanghai, as an ISO date: the default moment a rule set is evaluated at. */
export function shanghaiToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export interface EvaluationTarget { key: string; version: number }

/**
 * The version to evaluate: the one asked for (published or superseded), else the newest
 * non-draft version whose effective dates cover `asOf`. On the hot path, so one light query
 * (raw SQL, hence the explicit tenant condition) instead of loading entities.
 */
export async function resolveEvaluationVersion(ctx: AuthedContext, key: string, version: number | undefined, asOf: string): Promise<EvaluationTarget> {
  const rows = await tenantSql(ctx)<{ version: number; effective_from: string | null; effective_to: string | null }[]>(
    `select version, effective_from, effective_to from rule_set_version
      where tenant_id = :tenant and key = ? and status <> 'DRAFT' ${version !== undefined ? 'and version = ?' : ''}
      order by version desc`,
    version !== undefined ? [key, version] : [key],
  );
  const inEffect = version !== undefined
    ? rows[0]
    : versionInEffect(rows.map((r) => ({ version: r.version, effectiveFrom: r.effective_from, effectiveTo: r.effective_to })), asOf);
  if (!inEffect) throw new AppError('CF_ERR_NOT_FOUND', rows.length ? { reason: 'no version in effect', asOf } : undefined);
  return { key, version: inEffect.version };
}

/** The target compiled, with its weight (a batch's budget counts it per fact set and list item). */
export async function compiledFor(ctx: AuthedContext, cache: CompiledRuleSetCache, target: EvaluationTarget) {
  return cache.entry(ctx.tenantId, target.key, target.version, async () => {
    const row = await getVersion(ctx, target.key, target.version);
    return { document: row.document as unknown as RuleSetDocument, regions: await loadRegions(ctx) };
  });
}
