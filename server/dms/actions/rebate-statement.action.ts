import type { Json } from '../../../rules/flow/index.js';
import { Dec, formatMoney } from '../../../rules/money.js';
import type { FieldDecl, LocalizedText, RuleSetDocument } from '../../../rules/rule-set.types.js';
import { AppError } from '../../../schemas/errors/app-error.js';
import { extensionPoint } from '../../../schemas/extension-points/registry.js';
import { Dealer, DiversionCase, RebateEntry, RebateStatement, type Dealer as DealerRow } from '../../entities/index.js';
import type { StatementLine } from '../../entities/rebate-statement.entity.js';
import { evaluatePoint } from '../../extension-points/extension-point.service.js';
import type { ActionHandler } from '../../workflows/workflow-runtime.js';
import { dealerFacts } from '../dealer-tier.service.js';
import type { DmsContext } from '../dms-context.js';
import { purchaseFigures } from '../purchase-figures.service.js';
import { creditRebate } from '../rebate-ledger.service.js';
import { optionalText, requiredText } from './action-inputs.js';
import { assertDealerOfInstance } from './action-scope.js';
import { codeWords } from '../../../rules/explain/output-words.js';

const PERIOD = /^\d{4}-Q[1-4]$/;

export const quarterStart = (period: string) => `${period.slice(0, 4)}-${String((Number(period.slice(6)) - 1) * 3 + 1).padStart(2, '0')}-01`;
export const quarterEnd = (period: string) => ['03-31', '06-30', '09-30', '12-31'].map((d) => `${period.slice(0, 4)}-${d}`)[Number(period.slice(6)) - 1];
const yearEarlier = (period: string) => `${Number(period.slice(0, 4)) - 1}${period.slice(4)}`;

/** What the rebateStatement point requires of the rule set's outputs. */
export interface StatementOutputs { total: string; expiresOn: string; lines: { code: string; amount: string; label?: LocalizedText }[]; hold?: boolean }

/** The facts the platform provides to the rebateStatement point (registry: `provides`), by name. */
const providedFacts = Object.keys((extensionPoint('rebateStatement').provides.properties ?? {}) as Record<string, unknown>);

/**
 * The facts of a dealer's statement for a quarter (the rebateStatement point's contract): the
 * dealer and its tier at the period end, the purchase figures of the period and of the same
 * period a year earlier, the diversion cases confirmed in it — plus `extra` facts the flow node
 * supplies for rule-set inputs that have defaults (checked against the rule set after it ran).
 */
export async function statementFacts(ctx: DmsContext, dealer: DealerRow, period: string, statementDate: string, extra: Record<string, Json> = {}): Promise<Record<string, unknown>> {
  const periodStart = quarterStart(period);
  const periodEnd = quarterEnd(period);
  const before = yearEarlier(period);
  const confirmedDiversionCases = await ctx.em.count(DiversionCase, { dealer: dealer.id, status: 'CONFIRMED', confirmedOn: { $gte: periodStart, $lte: periodEnd } });
  const dealerOnPeriodEnd = await dealerFacts(ctx, dealer, periodEnd, statementDate);
  return {
    ...extra,
    period, periodStart, periodEnd, statementDate, tier: dealerOnPeriodEnd.tier, dealer: dealerOnPeriodEnd,
    purchases: await purchaseFigures(ctx, dealer.id, periodStart, periodEnd),
    lastYearPurchases: await purchaseFigures(ctx, dealer.id, quarterStart(before), quarterEnd(before)),
    confirmedDiversionCases,
  };
}

/** The extra facts a flow node passes (`facts` input): an object whose names are not the platform's own facts. */
function extraFacts(inputs: Record<string, Json>): Record<string, Json> {
  const v = inputs.facts;
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new AppError('CF_ERR_VALIDATION', { problems: [{ pointer: '/inputs/facts', message: 'must be an object of rule-set inputs' }] });
  const own = Object.keys(v).filter((k) => providedFacts.includes(k));
  if (own.length) {
    throw new AppError('CF_ERR_VALIDATION', { problems: own.map((k) => ({ pointer: `/inputs/facts/${k}`, message: `${k} is a fact the platform provides to the rebateStatement point; it cannot be supplied` })) });
  }
  return v as Record<string, Json>;
}

/** Each extra fact must be an input of the rule set that has a default (what the contract lets a flow supply). */
function assertExtraFactsDeclared(extra: Record<string, Json>, document: RuleSetDocument, ruleSet: { key: string; version: number }): void {
  const problems = Object.keys(extra).flatMap((k) => {
    const input = document.inputs.find((i) => i.name === k);
    return input && input.default !== undefined ? [] : [{ pointer: `/inputs/facts/${k}`, message: `${k} is not an input with a default of rule set ${ruleSet.key} v${ruleSet.version}` }];
  });
  if (problems.length) throw new AppError('CF_ERR_VALIDATION', { point: 'rebateStatement', ruleSet: ruleSet.key, version: ruleSet.version, problems });
}

/** A line's words: its own label, else the valueLabels the rule set declares for its code, else the code. */
export function statementLines(outputs: StatementOutputs, document: RuleSetDocument): StatementLine[] {
  const linesDecl = document.outputs.find((o) => o.name === 'lines');
  const codeDecl: FieldDecl | undefined = linesDecl?.items?.fields?.find((f) => f.name === 'code');
  return outputs.lines.map((l) => ({
    code: l.code, amount: formatMoney(new Dec(l.amount)), label: codeWords(l.code, codeDecl, l.label),
  }));
}

/**
 * Computes a dealer's statement with the rule set bound to the rebateStatement point (the version
 * in effect on the statement date) and records it: HELD when the rule set says `hold`, else
 * CREDITED. Does not credit the ledger (the caller does, see postRebateStatementAction).
 */
export async function computeStatement(
  ctx: DmsContext, dealer: DealerRow, args: { period: string; statementDate: string; policyCode?: string; facts?: Record<string, unknown>; extra?: Record<string, Json> },
) {
  const facts = args.facts ?? await statementFacts(ctx, dealer, args.period, args.statementDate, args.extra);
  const result = await evaluatePoint<StatementOutputs>(ctx, 'rebateStatement', facts, args.statementDate);
  assertExtraFactsDeclared(args.extra ?? {}, result.document, result.ruleSet);
  const out = result.outputs;
  return ctx.em.create(RebateStatement, {
    tenant: ctx.tenantId, dealer, policyCode: args.policyCode ?? result.ruleSet.key, period: args.period, statementDate: args.statementDate,
    tierAtPeriodEnd: facts.tier as string, lines: statementLines(out, result.document), total: formatMoney(new Dec(out.total)),
    outputs: out as unknown as Record<string, unknown>, inputs: facts, ruleSetKey: result.ruleSet.key, ruleSetVersion: result.ruleSet.version,
    status: out.hold === true ? 'HELD' : 'CREDITED',
  });
}

/** Credits a CREDITED statement's positive total to the ledger: PENDING until Finance confirms, AVAILABLE when it did. */
export async function creditStatement(ctx: DmsContext, statement: RebateStatement, dealer: DealerRow, args: { postedOn: string; expiresOn: string; financeConfirmed: boolean }): Promise<void> {
  if (statement.status !== 'CREDITED' || !new Dec(statement.total).gt(0)) return;
  await creditRebate(ctx, {
    dealerId: dealer.id, amount: formatMoney(new Dec(statement.total)), expiresOn: args.expiresOn, postedOn: args.postedOn,
    status: args.financeConfirmed ? 'AVAILABLE' : 'PENDING', operationKey: `statement:${statement.id}`, statementId: statement.id, memo: `${statement.policyCode} ${statement.period}`,
  });
}

/**
 * postRebateStatement: computes a quarter's statement through the rebateStatement point from the
 * platform's purchase figures, on the statement date (the engine's date), and credits the total to
 * the ledger — PENDING until Finance confirms, AVAILABLE when it already did; expiring on the date
 * the rule set gives (`expiresOn`). Once per dealer and quarter: a statement already there is returned as it is.
 * The node's `facts` input supplies rule-set inputs that have defaults (e.g. counts kept outside the platform).
 */
export const postRebateStatementAction: ActionHandler = async (ctx, run) => {
  const code = requiredText(run.inputs, 'dealerCode');
  const period = requiredText(run.inputs, 'period', PERIOD);
  const extra = extraFacts(run.inputs);
  const financeConfirmed = run.inputs.financeConfirmed === true;
  if (run.asOf <= quarterEnd(period)) throw new AppError('CF_ERR_VALIDATION', { problems: [{ pointer: '/inputs/period', message: `${period} has not ended on ${run.asOf}` }] });
  await assertDealerOfInstance(ctx, code, run);
  const dealer = await ctx.em.findOne(Dealer, { code });
  if (!dealer) throw new AppError('CF_ERR_NOT_FOUND', { dealer: code });

  let statement = await ctx.em.findOne(RebateStatement, { dealer: dealer.id, period });
  if (!statement) {
    statement = await computeStatement(ctx, dealer, { period, statementDate: run.asOf, policyCode: optionalText(run.inputs, 'policyCode'), extra });
    await ctx.em.flush();
    await creditStatement(ctx, statement, dealer, { postedOn: run.asOf, expiresOn: (statement.outputs as unknown as StatementOutputs).expiresOn, financeConfirmed });
  }
  const entry = await ctx.em.findOne(RebateEntry, { operationKey: `statement:${statement.id}` });
  return {
    dealerCode: code, period, statementId: statement.id, status: statement.status, total: formatMoney(new Dec(statement.total)),
    lines: statement.lines as unknown as Json, entryNo: entry?.entryNo ?? null, entryStatus: entry?.status ?? null, expiresOn: entry?.expiresOn ?? null,
  };
};
