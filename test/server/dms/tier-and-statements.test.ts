import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../../../rules/flow/index.js';
import { setDealerTierAction } from '../../../server/dms/actions/dealer.actions.js';
import { postRebateStatementAction, statementFacts } from '../../../server/dms/actions/rebate-statement.action.js';
import { dealerTierOn, setDealerTierFrom } from '../../../server/dms/dealer-tier.service.js';
import type { DmsContext } from '../../../server/dms/dms-context.js';
import { purchaseFigures } from '../../../server/dms/purchase-figures.service.js';
import { Dealer } from '../../../server/entities/index.js';
import { CompiledRuleSetCache } from '../../../server/rule-sets/compiled-rule-set.cache.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { createAcmeCopy } from './dms-tenant.js';
import { purchaseRecords } from './purchase-records.js';

let t: TestApp;
let copy: Awaited<ReturnType<typeof createAcmeCopy>>;
let records: ReturnType<typeof purchaseRecords>;

beforeAll(async () => {
  t = await createTestApp();
  copy = await createAcmeCopy(t.orm);
  records = purchaseRecords(t.orm, copy.tenantId);
}, 120_000);
afterAll(async () => t?.close());

const dealer = async (ctx: DmsContext, code: string) => ctx.em.findOneOrFail(Dealer, { code });
const run = (inputs: Record<string, Json>, asOf: string) => ({ instanceId: randomUUID(), callId: 'c1', nodeId: 'n1', attempt: 1, idempotencyKey: randomUUID(), inputs, asOf, now: new Date() });
/** Runs an action handler as the runtime does: in a transaction of its own. */
const act = (handler: typeof setDealerTierAction, inputs: Record<string, Json>, asOf: string) => {
  const ctx = copy.ctx();
  return ctx.em.transactional((em) => handler({ em, tenantId: ctx.tenantId, ruleCache: new CompiledRuleSetCache() }, run(inputs, asOf)));
};
const columnTier = async (code: string) => (await dealer(copy.ctx(), code)).tier;

describe('setDealerTier and the tier on a date', () => {
  it('a tier decided for a later day keeps the old tier before that day (dealerTierOn, statement facts) and reaches the dealer on its day', async () => {
    const ctx = copy.ctx();
    const d06 = await dealer(ctx, 'D06');
    const change = await setDealerTierFrom(ctx, d06, { tier: 'SILVER', effectiveFrom: '2027-01-01', reviewYear: 2027 }, '2026-12-08');
    expect(change).toEqual({ previousTier: 'GOLD', tier: 'SILVER', effectiveFrom: '2027-01-01', pending: true });
    expect(await columnTier('D06')).toBe('GOLD');
    const read = copy.ctx();
    const d06Again = await dealer(read, 'D06');
    expect(await dealerTierOn(read, d06Again, '2026-12-31', '2026-12-08')).toBe('GOLD');
    expect(await dealerTierOn(read, d06Again, '2027-01-01', '2026-12-08')).toBe('SILVER');
    expect(await dealerTierOn(read, d06Again, '2027-06-30', '2026-12-08')).toBe('SILVER');
    expect(await columnTier('D06')).toBe('GOLD');

    // A statement of 2026-Q4 made on 2027-01-10 reads the tier at the period end (GOLD); that read, on or after
    // the day, brings the dealer's column up to date. The history stays.
    expect((await statementFacts(read, d06Again, '2026-Q4', '2027-01-10')).tier).toBe('GOLD');
    expect(await columnTier('D06')).toBe('SILVER');
    expect(await dealerTierOn(copy.ctx(), await dealer(copy.ctx(), 'D06'), '2026-12-31', '2027-01-11')).toBe('GOLD');
    expect(await dealerTierOn(copy.ctx(), await dealer(copy.ctx(), 'D06'), '2027-01-11', '2027-01-11')).toBe('SILVER');
  });

  it('the setDealerTier action records a future tier without changing today’s, and refuses a tier outside the dealerTier dictionary, naming it', async () => {
    const result = await act(setDealerTierAction, { dealerCode: 'D09', tier: 'GOLD', reviewYear: '2027', effectiveFrom: '2027-02-01' }, '2026-12-08');
    expect(result).toEqual({ dealerCode: 'D09', previousTier: 'PLATINUM', tier: 'GOLD', changed: true, reviewYear: '2027', effectiveFrom: '2027-02-01', pending: true });
    expect(await columnTier('D09')).toBe('PLATINUM');

    const refused = act(setDealerTierAction, { dealerCode: 'D09', tier: 'DIAMOND', reviewYear: '2027' }, '2026-12-08');
    await expect(refused).rejects.toMatchObject({ code: 'DMS_ERR_TIER_UNKNOWN', details: { tier: 'DIAMOND', tiers: ['PLATINUM', 'GOLD', 'SILVER', 'STANDARD'], pointer: '/inputs/tier' } });
    expect(await columnTier('D09')).toBe('PLATINUM');
  });
});

describe('purchase figures from the platform’s own records', () => {
  it('count fulfilled platform orders, invoices and credit notes of the period, by eligibility, category and SKU; an invoice for an order replaces it', async () => {
    await records.order('D10', '2026-04-10', 'APPROVED', [{ sku: 'MCU-H743', amount: '300000.00' }, { sku: 'MCU-A100', amount: '100000.00' }]);
    await records.order('D10', '2026-05-01', 'ALLOCATED', [{ sku: 'RF-WIFI6', amount: '50000.00' }]);
    await records.order('D10', '2026-05-02', 'SUBMITTED', [{ sku: 'PWR-LDO33', amount: '7777.00' }]);
    await records.order('D10', '2026-05-03', 'CANCELLED', [{ sku: 'PWR-LDO33', amount: '8888.00' }]);
    await records.order('D10', '2026-07-01', 'APPROVED', [{ sku: 'PWR-LDO33', amount: '9999.00' }]);
    const invoiced = await records.order('D10', '2026-06-01', 'APPROVED', [{ sku: 'PWR-DCDC5A', amount: '20000.00' }]);
    await records.invoice('D10', '2026-06-15', '21000.00', { orderId: invoiced });
    await records.invoice('D10', '2026-05-20', '10000.00');
    await records.invoice('D10', '2026-06-20', '-3000.00');

    const figures = await purchaseFigures(copy.ctx(), await records.dealerId('D10'), '2026-04-01', '2026-06-30');
    expect(figures).toEqual({
      netAmount: '478000.00', invoicedAmount: '31000.00', creditNoteAmount: '3000.00', orderAmount: '450000.00',
      // MCU-A100 is not rebate-eligible: its 100,000.00 is out of every eligible figure
      eligibleAmount: '378000.00',
      byCategory: [
        { category: 'MCU', netAmount: '400000.00', eligibleAmount: '300000.00' },
        { category: 'PWR', netAmount: '21000.00', eligibleAmount: '21000.00' },
        { category: 'RF', netAmount: '50000.00', eligibleAmount: '50000.00' },
      ],
      bySku: [
        { sku: 'MCU-A100', netAmount: '100000.00' }, { sku: 'MCU-H743', netAmount: '300000.00' },
        { sku: 'PWR-DCDC5A', netAmount: '21000.00' }, { sku: 'RF-WIFI6', netAmount: '50000.00' },
      ],
    });
  });
});

describe('postRebateStatement through the rebateStatement point', () => {
  it('leaves a non-eligible product out of the basis: D03 bought 3,000,000.00 eligible and 1,000,000.00 of MCU-A100 in 2026-Q2', async () => {
    await records.order('D03', '2026-05-10', 'APPROVED', [{ sku: 'MCU-H743', amount: '3000000.00' }, { sku: 'MCU-A100', amount: '1000000.00' }]);
    const out = await act(postRebateStatementAction, { dealerCode: 'D03', period: '2026-Q2', facts: { designWins: 1 }, financeConfirmed: true }, '2026-07-10') as Record<string, Json>;
    // SILVER: 1% of 3,000,000.00 = 30,000.00; growth over the 1,000,000.00 floor 2,000,000.00 → 10,000.00 + 20,000.00; one design win 5,000.00
    expect(out).toMatchObject({ dealerCode: 'D03', period: '2026-Q2', status: 'CREDITED', total: '65000.00', entryStatus: 'AVAILABLE', expiresOn: '2027-12-31' });
    expect(out.lines).toEqual([
      { code: 'BASE', amount: '30000.00', label: { zh: '基础返利', en: 'Base rebate' } },
      { code: 'INCREMENTAL', amount: '30000.00', label: { zh: '增量奖励', en: 'Incremental reward' } },
      { code: 'DESIGN_WIN_BONUS', amount: '5000.00', label: { zh: '客户转化奖励', en: 'Design-win bonus' } },
      { code: 'TECH_SUPPORT_BONUS', amount: '0.00', label: { zh: '技术支持奖励', en: 'Technical-support bonus' } },
      { code: 'NEW_PRODUCT_BONUS', amount: '0.00', label: { zh: '新品推广奖励（RF-WIFI6）', en: 'New-product push bonus (RF-WIFI6)' } },
    ]);
    const [row] = await t.orm.em.fork().getConnection().execute<{ inputs: { purchases: { netAmount: string; eligibleAmount: string }; tier: string } }[]>(
      `select s.inputs from rebate_statement s join dealer d on d.id = s.dealer_id where s.tenant_id = ? and d.code = 'D03' and s.period = '2026-Q2'`, [copy.tenantId]);
    expect(row.inputs).toMatchObject({ tier: 'SILVER', purchases: { netAmount: '4000000.00', eligibleAmount: '3000000.00' } });
  });

  it('takes extra facts only for rule-set inputs that have defaults, never in place of the platform’s own', async () => {
    const own = act(postRebateStatementAction, { dealerCode: 'D07', period: '2026-Q2', facts: { purchases: { eligibleAmount: '99999999.00' } } }, '2026-07-10');
    await expect(own).rejects.toMatchObject({ code: 'CF_ERR_VALIDATION', details: { problems: [{ pointer: '/inputs/facts/purchases' }] } });
    const unknown = act(postRebateStatementAction, { dealerCode: 'D07', period: '2026-Q2', facts: { bonusPoints: 3 } }, '2026-07-10');
    await expect(unknown).rejects.toMatchObject({ code: 'CF_ERR_VALIDATION', details: { point: 'rebateStatement', ruleSet: 'stepped-rebate', problems: [{ pointer: '/inputs/facts/bonusPoints' }] } });
  });
});
