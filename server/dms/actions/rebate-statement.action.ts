import { Dec, formatMoney } from '../../../rules/money.js';
import { AppError } from '../../../schemas/errors/app-error.js';
import { Dealer, DiversionCase, RebateEntry, RebateStatement } from '../../entities/index.js';
import type { ActionHandler } from '../../workflows/workflow-runtime.js';
import { ruleSetInEffect } from '../dms-rule-sets.js';
import { creditRebate } from '../rebate-ledger.service.js';
import { MONEY, optionalCount, optionalText, requiredText } from './action-inputs.js';
import { assertDealerOfInstance } from './action-scope.js';

export const STEPPED_REBATE_RULE_SET = 'stepped-rebate';
const PERIOD = /^\d{4}-Q[1-4]$/;

const quarterStart = (period: string) => `${period.slice(0, 4)}-${String((Number(period.slice(6)) - 1) * 3 + 1).padStart(2, '0')}-01`;
const quarterEnd = (period: string) => ['03-31', '06-30', '09-30', '12-31'].map((d) => `${period.slice(0, 4)}-${d}`)[Number(period.slice(6)) - 1];

/**
 * postRebateStatement: computes a quarter's stepped rebate (RS4) with the published rule set in
 * effect on the statement date and credits the total to the ledger — PENDING until Finance
 * confirms, AVAILABLE when it already did; expiring 31 December of the following year. Once per
 * dealer and quarter: a statement already there is returned as it is.
 */
export const postRebateStatementAction: ActionHandler = async (ctx, run) => {
  const code = requiredText(run.inputs, 'dealerCode');
  const period = requiredText(run.inputs, 'period', PERIOD);
  const basis = requiredText(run.inputs, 'basis', MONEY);
  const lastYearBasis = optionalText(run.inputs, 'lastYearBasis', MONEY) ?? '0.00';
  const wifi6NetPurchase = optionalText(run.inputs, 'wifi6NetPurchase', MONEY) ?? '0.00';
  const designWins = optionalCount(run.inputs, 'designWins') ?? 0;
  const qualifiedTickets = optionalCount(run.inputs, 'qualifiedTickets') ?? 0;
  const financeConfirmed = run.inputs.financeConfirmed === true;
  if (run.asOf <= quarterEnd(period)) throw new AppError('CF_ERR_VALIDATION', { problems: [{ pointer: '/inputs/period', message: `${period} has not ended on ${run.asOf}` }] });
  await assertDealerOfInstance(ctx, code, run);
  const dealer = await ctx.em.findOne(Dealer, { code });
  if (!dealer) throw new AppError('CF_ERR_NOT_FOUND', { dealer: code });

  let statement = await ctx.em.findOne(RebateStatement, { dealer: dealer.id, period });
  if (!statement) {
    const rules = await ruleSetInEffect(ctx, STEPPED_REBATE_RULE_SET, run.asOf);
    const confirmedCases = await ctx.em.count(DiversionCase, { dealer: dealer.id, status: 'CONFIRMED', confirmedOn: { $gte: quarterStart(period), $lte: quarterEnd(period) } });
    const inputs = {
      tierAtQuarterEnd: dealer.tier, dealerStatusOnStatementDate: dealer.status, eligibleInvoiceAmount: basis, lastYearSameQuarterBasis: lastYearBasis,
      designWins, qualifiedTickets, wifi6NetPurchase, confirmedDiversionCases: confirmedCases,
    };
    const out = rules.compiled.evaluate(inputs).outputs as Record<string, string | boolean>;
    statement = ctx.em.create(RebateStatement, {
      tenant: ctx.tenantId, dealer, policyCode: optionalText(run.inputs, 'policyCode') ?? rules.key, period, statementDate: run.asOf, tierAtPeriodEnd: dealer.tier,
      basis: out.basis as string, lastYearBasis, base: out.base as string, incremental: out.incremental as string, special: out.special as string,
      forfeited: out.forfeited as string, total: out.total as string, outputs: out, inputs, ruleSetKey: rules.key, ruleSetVersion: rules.version,
      status: out.statementStatus === 'CREDITED' ? 'CREDITED' : 'HELD',
    });
    await ctx.em.flush();
    if (statement.status === 'CREDITED' && new Dec(statement.total).gt(0)) {
      await creditRebate(ctx, {
        dealerId: dealer.id, amount: formatMoney(new Dec(statement.total)), expiresOn: `${Number(period.slice(0, 4)) + 1}-12-31`, postedOn: run.asOf,
        status: financeConfirmed ? 'AVAILABLE' : 'PENDING', operationKey: `statement:${statement.id}`, statementId: statement.id, memo: `${statement.policyCode} ${period}`,
      });
    }
  }
  const entry = await ctx.em.findOne(RebateEntry, { operationKey: `statement:${statement.id}` });
  return {
    dealerCode: code, period, statementId: statement.id, status: statement.status, total: formatMoney(new Dec(statement.total)),
    base: formatMoney(new Dec(statement.base)), incremental: formatMoney(new Dec(statement.incremental)), special: formatMoney(new Dec(statement.special)),
    entryNo: entry?.entryNo ?? null, entryStatus: entry?.status ?? null, expiresOn: entry?.expiresOn ?? null,
  };
};
