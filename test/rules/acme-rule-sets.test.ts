import { describe, expect, it } from 'vitest';
import { compileRuleSet, evaluateReference, runTestCases, validateRuleSet } from '../../rules/index.js';
import { acmeRegions, acmeRuleSetKeys, loadAcmeRuleSet } from './acme-fixtures.js';

const ctx = { regions: acmeRegions };

describe('acme-chips rule sets (section 8)', () => {
  for (const key of acmeRuleSetKeys) {
    describe(key, () => {
      const doc = loadAcmeRuleSet(key);

      it('validates', () => {
        const v = validateRuleSet(doc, ctx);
        expect(v.ok ? [] : v.problems).toEqual([]);
      });

      it('passes every test case written in the rule set', () => {
        const report = runTestCases(doc, ctx);
        expect(report.results.filter((r) => !r.ok)).toEqual([]);
        expect(report.passed).toBe(doc.testCases!.length);
        expect(report.passed).toBeGreaterThanOrEqual(4);
      });

      it('gives the same outputs on the reference path (json-rules-engine) for every test case', async () => {
        const compiled = compileRuleSet(doc, ctx);
        for (const c of doc.testCases ?? []) {
          if ('$error' in c.expected) continue;
          const ref = await evaluateReference(doc, c.input, ctx);
          expect(ref.outputs, c.name).toEqual(compiled.evaluate(c.input).outputs);
        }
      });
    });
  }
});

describe('section 8 by hand, to the fen', () => {
  const pricing = compileRuleSet(loadAcmeRuleSet('order-pricing'), ctx);
  const rebate = compileRuleSet(loadAcmeRuleSet('stepped-rebate'), ctx);
  const offset = compileRuleSet(loadAcmeRuleSet('rebate-offset'), ctx);
  const tiering = compileRuleSet(loadAcmeRuleSet('tiering'), ctx);
  const approval = compileRuleSet(loadAcmeRuleSet('order-approval-routing'), ctx);

  it('D02: 60,000,000.00 / 94.99% / 6 FAEs is GOLD, not PLATINUM', () => {
    const r = tiering.evaluate({ dealerStatus: 'ACTIVE', currentTier: 'GOLD', annualNetPurchase: '60000000.00', onTimePaymentRatePct: '94.99', certifiedFaeCount: 6, reviewRunDate: '2025-01-01' });
    expect(r.outputs).toMatchObject({ kpiTier: 'GOLD', newTier: 'GOLD', changed: false });
  });

  it('the twelve dealers of section 5 get the 2025 tiers of the table', () => {
    const rows: [string, string, string | null, string | null, number, string][] = [
      ['ACTIVE', 'PLATINUM', '68500000.00', '97.20', 8, 'PLATINUM'], ['ACTIVE', 'GOLD', '60000000.00', '94.99', 6, 'GOLD'],
      ['ACTIVE', 'SILVER', '19999999.99', '95.00', 5, 'SILVER'], ['ACTIVE', 'STANDARD', '3200000.00', '91.00', 0, 'STANDARD'],
      ['ACTIVE', 'PLATINUM', '82000000.00', '95.00', 12, 'PLATINUM'], ['ACTIVE', 'GOLD', '20000000.00', '90.00', 2, 'GOLD'],
      ['ACTIVE', 'SILVER', '5000000.00', '85.00', 0, 'SILVER'], ['SUSPENDED', 'GOLD', '21000000.00', '82.00', 2, 'GOLD'],
      ['ACTIVE', 'PLATINUM', '55200000.00', '96.10', 6, 'PLATINUM'], ['ACTIVE', 'GOLD', '31000000.00', '89.90', 4, 'SILVER'],
      ['ACTIVE', 'PLATINUM', '4100000.00', '80.00', 1, 'GOLD'], ['PENDING_ONBOARDING', 'STANDARD', null, null, 0, 'STANDARD'],
    ];
    const tiers = rows.map(([dealerStatus, currentTier, annualNetPurchase, onTimePaymentRatePct, certifiedFaeCount]) =>
      tiering.evaluate({ dealerStatus, currentTier, annualNetPurchase, onTimePaymentRatePct, certifiedFaeCount, reviewRunDate: '2025-01-01' }).outputs.newTier);
    expect(tiers).toEqual(rows.map((r) => r[5]));
    // "3 PLATINUM, 4 GOLD (one suspended), 3 SILVER and 2 STANDARD"
    const count = (t: string) => tiers.filter((x) => x === t).length;
    expect([count('PLATINUM'), count('GOLD'), count('SILVER'), count('STANDARD')]).toEqual([3, 4, 3, 2]);
  });

  it('line amounts: 13.76% from 12% x 2%, rounded half-up only at the line', () => {
    const r = pricing.evaluate({ tier: 'PLATINUM', lines: [
      { sku: 'MCU-H743', category: 'MCU', qty: 10000, listPrice: '48.00' },
      { sku: 'PWR-DCDC5A', category: 'PWR', qty: 50150, listPrice: '3.15' },
    ] });
    const lines = r.outputs.lines as { effectiveDiscountRate: string; lineAmount: string }[];
    expect(lines.map((l) => l.effectiveDiscountRate)).toEqual(['0.1376', '0.118']);
    // 480,000 x 0.8624 = 413,952.00; 157,972.50 x 0.882 = 139,331.745 -> .75 (half-even would give .74)
    expect(lines.map((l) => l.lineAmount)).toEqual(['413952.00', '139331.75']);
    expect(r.outputs.orderAmount).toBe('553283.75');
  });

  it('D01 Q1 basis 12,345,678.90: retroactive base 246,913.58, marginal 151,913.58', () => {
    const input = { tier: 'PLATINUM', dealer: { status: 'ACTIVE' }, purchases: { eligibleAmount: '12345678.90' }, lastYearPurchases: { eligibleAmount: '13000000.00' } };
    expect(rebate.evaluate(input).outputs).toMatchObject({ base: '246913.58', incremental: '0.00', total: '246913.58', baseRate: '0.02', hold: false });
    expect(rebate.evaluate({ ...input, baseMode: 'MARGINAL' }).outputs).toMatchObject({ base: '151913.58' });
  });

  it('D05 Q2 as statement lines: base, incremental and the three bonuses add up to 882,345.68 (RF-WIFI6 read from the purchase figures by SKU)', () => {
    const out = rebate.evaluate({
      tier: 'PLATINUM', dealer: { status: 'ACTIVE' }, designWins: 12, qualifiedTickets: 45,
      purchases: { eligibleAmount: '30000000.00', bySku: [{ sku: 'MCU-F103', netAmount: '100.00' }, { sku: 'RF-WIFI6', netAmount: '1234567.85' }] },
      lastYearPurchases: { eligibleAmount: '18000000.00' },
    }).outputs as { lines: { code: string; amount: string }[]; total: string };
    expect(out.lines).toEqual([
      { code: 'BASE', amount: '600000.00' }, { code: 'INCREMENTAL', amount: '200000.00' }, { code: 'DESIGN_WIN_BONUS', amount: '50000.00' },
      { code: 'TECH_SUPPORT_BONUS', amount: '20000.00' }, { code: 'NEW_PRODUCT_BONUS', amount: '12345.68' },
    ]);
    expect(out.lines.reduce((a, l) => a + Math.round(Number(l.amount) * 100), 0)).toBe(Math.round(Number(out.total) * 100));
    expect(out.total).toBe('882345.68');
  });

  it('the offset cap floors: 10% of 256,863.65 is 25,686.36', () => {
    const r = offset.evaluate({ orderAmount: '256863.65', requestedOffset: '99999.00', orderDate: '2025-06-10', entries: [{ entryNo: 1, status: 'AVAILABLE', remaining: '90000.00', expiresOn: '2025-06-10' }] });
    expect(r.outputs).toEqual({ usableBalance: '90000.00', maxOffset: '25686.36', appliedOffset: '25686.36', payableAmount: '231177.29' });
  });

  it('pricing → offset → approval chain for a GOLD order', () => {
    const priced = pricing.evaluate({ tier: 'GOLD', lines: [
      { sku: 'MCU-F103', category: 'MCU', qty: 20000, listPrice: '6.80' },
      { sku: 'RF-WIFI6', category: 'RF', qty: 5000, listPrice: '28.00' },
      { sku: 'PWR-LDO33', category: 'PWR', qty: 10000, listPrice: '0.42' },
    ] }).outputs;
    expect(priced.orderAmount).toBe('256863.60');
    const off = offset.evaluate({ orderAmount: priced.orderAmount, requestedOffset: '30000.00', orderDate: '2025-06-10', entries: [{ entryNo: 7, status: 'AVAILABLE', remaining: '40000.00', expiresOn: '2026-12-31' }] }).outputs;
    expect(off).toMatchObject({ maxOffset: '25686.36', appliedOffset: '25686.36', payableAmount: '231177.24' });
    const ap = approval.evaluate({ dealerStatus: 'ACTIVE', tier: 'GOLD', orderAmount: priced.orderAmount, appliedOffset: off.appliedOffset, creditLimit: '3000000.00', arOutstanding: '2800000.00',
      homeRegion: 'R-EAST', authorizedRegions: ['EAST-JS'], shipToRegion: 'EAST-JS' }).outputs;
    // available 200,000.00; payable 231,177.24 → excess 31,177.24 ≤ 600,000 (20%): finance only
    expect(ap).toMatchObject({ decision: 'PENDING_APPROVAL', availableCredit: '200000.00', creditExcess: '31177.24', reasonCodes: ['AMOUNT_OVER_200K', 'CREDIT_EXCEEDED'] });
    expect(ap.steps).toEqual([{ role: 'REGIONAL_SALES_MANAGER', region: 'R-EAST' }, { role: 'FINANCE_MANAGER' }]);
  });
});
