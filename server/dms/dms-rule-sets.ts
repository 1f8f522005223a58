import { compileRuleSet, type CompiledRuleSet, type RuleSetDocument } from '../../rules/index.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { Region, RuleSetVersion } from '../entities/index.js';
import type { RuleVersionUsed } from '../entities/order.entity.js';
import type { DmsContext } from './dms-context.js';
import { versionInEffect } from '../rule-sets/rule-set-in-effect.js';

export interface RuleSetInEffect extends RuleVersionUsed {
  compiled: CompiledRuleSet;
  document: RuleSetDocument;
}

/**
 * The published (or superseded) version of `key` in effect on `asOf`, compiled. Reads through the
 * context's entity manager, so it is safe inside a transaction (no second connection).
 */
export async function ruleSetInEffect(ctx: DmsContext, key: string, asOf: string): Promise<RuleSetInEffect> {
  const rows = await ctx.em.find(RuleSetVersion, { key, status: { $ne: 'DRAFT' } }, { orderBy: { version: 'desc' } });
  const row = versionInEffect(rows.map((r) => ({ ...r, effectiveFrom: r.effectiveFrom ?? null, effectiveTo: r.effectiveTo ?? null, row: r })), asOf)?.row;
  if (!row) throw new AppError('DMS_ERR_NO_RULE_SET', { ruleSet: key, asOf });
  const document = row.document as unknown as RuleSetDocument;
  const load = async () => ({ document, regions: (await ctx.em.find(Region, {}, { orderBy: { code: 'asc' } })).map((r) => ({ code: r.code, parent: r.parentCode ?? null })) });
  const compiled = ctx.ruleCache
    ? await ctx.ruleCache.get(ctx.tenantId, key, row.version, load)
    : compileRuleSet(document, { ...(await load()), version: row.version });
  return { key, version: row.version, compiled, document };
}
