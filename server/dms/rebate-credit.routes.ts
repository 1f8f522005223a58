import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { DealerScopeQuery } from '../../schemas/api/dms-finance.schema.js';
import { Dec, formatMoney } from '../../rules/money.js';
import { RebateStatement } from '../entities/index.js';
import { shanghaiToday } from '../rule-sets/rule-set.service.js';
import { creditOf } from './credit.service.js';
import { dmsErrors, dmsReaders, type DmsContextOf } from './dms.routes.js';
import { dealerFor } from './order.service.js';
import { rebateAccount } from './rebate-ledger.service.js';

const inQuery = { in: 'querystring', pointer: '/dealer' } as const;
const m = (v: string) => formatMoney(new Dec(v));

export async function rebateAndCreditRoutes(app: FastifyInstance, contextOf: DmsContextOf): Promise<void> {
  app.get<{ Querystring: FromSchema<typeof DealerScopeQuery> }>('/api/rebates/account', {
    config: { roles: dmsReaders },
    schema: {
      tags: ['dms-rebates'], summary: 'Rebate account: balances and entries / 返利账户',
      querystring: { $ref: 'DealerScopeQuery#' }, response: { 200: { $ref: 'RebateAccountView#' }, ...dmsErrors },
    },
  }, async (request) => {
    const ctx = contextOf(request);
    const dealer = await dealerFor(ctx, request.query.dealer, inQuery);
    const account = await rebateAccount(ctx, dealer.id, shanghaiToday());
    return {
      dealerCode: dealer.code, asOf: account.asOf, available: account.available, pending: account.pending, expiredUnposted: account.expiredUnposted,
      entries: account.entries.map((e) => ({
        id: e.id, entryNo: e.entryNo, type: e.type, status: e.status, amount: m(e.amount), balance: m(e.balance), expiresOn: e.expiresOn ?? null,
        postedOn: e.postedOn, memo: e.memo ?? null, orderId: e.order?.id ?? null, statementId: e.statement?.id ?? null, allocations: e.allocations,
      })),
    };
  });

  app.get<{ Querystring: FromSchema<typeof DealerScopeQuery> }>('/api/rebates/statements', {
    config: { roles: dmsReaders },
    schema: {
      tags: ['dms-rebates'], summary: 'Quarterly rebate statements / 返利结算单',
      querystring: { $ref: 'DealerScopeQuery#' }, response: { 200: { type: 'array', items: { $ref: 'RebateStatementView#' } }, ...dmsErrors },
    },
  }, async (request) => {
    const ctx = contextOf(request);
    const dealer = request.query.dealer !== undefined || ctx.user.dealerId ? await dealerFor(ctx, request.query.dealer, inQuery) : null;
    const rows = await ctx.em.find(RebateStatement, dealer ? { dealer: dealer.id } : {}, { populate: ['dealer'], orderBy: { period: 'desc', dealer: { code: 'asc' } } });
    return rows.map((s) => ({
      id: s.id, dealerCode: s.dealer.code, policyCode: s.policyCode, period: s.period, statementDate: s.statementDate, tierAtPeriodEnd: s.tierAtPeriodEnd,
      lines: s.lines.map((l) => ({ code: l.code, amount: m(l.amount), label: l.label })), total: m(s.total), status: s.status, ruleSetKey: s.ruleSetKey, ruleSetVersion: s.ruleSetVersion, outputs: s.outputs,
    }));
  });

  app.get<{ Querystring: FromSchema<typeof DealerScopeQuery> }>('/api/credit', {
    config: { roles: dmsReaders },
    schema: {
      tags: ['dms-credit'], summary: 'Credit: limit, exposure, available, overdue / 信用额度',
      querystring: { $ref: 'DealerScopeQuery#' }, response: { 200: { $ref: 'CreditView#' }, ...dmsErrors },
    },
  }, async (request) => {
    const ctx = contextOf(request);
    const dealer = await dealerFor(ctx, request.query.dealer, inQuery);
    return creditOf(ctx, dealer.id, shanghaiToday());
  });
}
