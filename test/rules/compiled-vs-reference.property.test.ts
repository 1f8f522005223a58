import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompiledRuleSet, RuleSetDocument } from '../../rules/index.js';
import { compileRuleSet, evaluateReference } from '../../rules/index.js';
import { acmeRegions, loadAcmeRuleSet } from './acme-fixtures.js';

/**
 * 10,000 seeded random fact sets through the compiled path and the reference path
 * (json-rules-engine + the reference interpretation of tables, bands and formulas): the outputs,
 * or the error codes, must be identical. A quarter of the sets sit exactly on a boundary.
 */
const ctx = { regions: acmeRegions };

const money = (min: number, max: number) => fc.integer({ min: min * 100, max: max * 100 }).map((c) => (c / 100).toFixed(2));
/** A boundary value, a fen below it or a fen above it. */
const around = (bounds: string[]) => fc.tuple(fc.constantFrom(...bounds), fc.constantFrom(-1, 0, 0, 1)).map(([b, d]) => (Math.round(Number(b) * 100 + d) / 100).toFixed(2));
const withBoundary = (plain: fc.Arbitrary<string>, bounds: string[], onBoundary: boolean) => (onBoundary ? around(bounds) : plain);

const tiers = ['PLATINUM', 'GOLD', 'SILVER', 'STANDARD'];
const statuses = ['ACTIVE', 'ACTIVE', 'ACTIVE', 'SUSPENDED', 'PENDING_ONBOARDING'];

function tieringFacts(b: boolean) {
  return fc.record({
    dealerStatus: fc.constantFrom(...statuses),
    currentTier: fc.constantFrom(...tiers),
    annualNetPurchase: fc.option(withBoundary(money(0, 90_000_000), ['5000000', '20000000', '50000000'], b), { nil: null, freq: 10 }),
    onTimePaymentRatePct: fc.option(withBoundary(money(70, 100), ['85', '90', '95'], b), { nil: null, freq: 10 }),
    certifiedFaeCount: b ? fc.constantFrom(1, 2, 4, 5, 6) : fc.integer({ min: 0, max: 12 }),
    reviewRunDate: fc.constant('2025-01-01'),
  });
}

const categories = ['MCU', 'PWR', 'RF'] as const;
const breakQty = { MCU: [10000, 50000, 100000], PWR: [50000, 200000, 1000000], RF: [5000, 20000] };
function pricingFacts(b: boolean) {
  const line = fc.constantFrom(...categories).chain((category) => fc.record({
    sku: fc.constantFrom('A', 'B', 'C'),
    category: fc.constant(category),
    qty: b ? fc.tuple(fc.constantFrom(...breakQty[category]), fc.constantFrom(-1, 0, 1)).map(([q, d]) => q + d) : fc.integer({ min: 1, max: 1_200_000 }),
    listPrice: money(0, 60),
    maxDiscountRate: fc.option(fc.constantFrom('0.05', '0.10', '0.1376'), { nil: undefined, freq: 3 }),
  }, { requiredKeys: ['sku', 'category', 'qty', 'listPrice'] }));
  return fc.record({ tier: fc.constantFrom(...tiers), lines: fc.array(line, { minLength: 0, maxLength: 3 }) });
}

function rebateFacts(b: boolean) {
  return fc.record({
    tier: fc.constantFrom(...tiers),
    dealer: fc.record({ status: fc.constantFrom(...statuses) }),
    purchases: fc.record({
      eligibleAmount: withBoundary(money(-300_000, 40_000_000), ['2000000', '5000000', '10000000'], b),
      bySku: fc.array(fc.record({ sku: fc.constantFrom('RF-WIFI6', 'MCU-F103'), netAmount: money(-10_000, 2_000_000) }), { maxLength: 2 }),
    }),
    rebateOffsetsUsed: money(0, 100_000),
    lastYearPurchases: fc.record({ eligibleAmount: withBoundary(money(0, 30_000_000), ['1000000'], b) }),
    designWins: fc.integer({ min: 0, max: 14 }),
    qualifiedTickets: fc.integer({ min: 0, max: 50 }),
    confirmedDiversionCases: fc.constantFrom(0, 0, 0, 1, 2),
    baseMode: fc.constantFrom('RETROACTIVE', 'MARGINAL'),
  });
}

function offsetFacts(b: boolean) {
  const entry = fc.record({ entryNo: fc.integer({ min: 1, max: 99 }), status: fc.constantFrom('PENDING', 'AVAILABLE', 'AVAILABLE', 'EXPIRED'), remaining: money(0, 80_000), expiresOn: fc.constantFrom('2025-06-09', '2025-06-10', '2025-12-31') });
  return fc.record({ orderAmount: withBoundary(money(0, 2_000_000), ['100000', '250000'], b), requestedOffset: money(0, 100_000), orderDate: fc.constant('2025-06-10'), entries: fc.array(entry, { maxLength: 4 }) });
}

const leaves = ['EAST-SH', 'EAST-JS', 'EAST-ZJ', 'SOUTH-SZ', 'SOUTH-GZ', 'SOUTH-FJ', 'NORTH-BJ', 'NORTH-TJ', 'NORTH-SD'];
function approvalFacts(b: boolean) {
  return fc.record({
    dealerStatus: fc.constantFrom(...statuses),
    tier: fc.constantFrom(...tiers),
    orderAmount: withBoundary(money(0, 6_000_000), ['200000', '500000', '1000000', '5000000'], b),
    appliedOffset: money(0, 50_000),
    creditLimit: money(0, 5_000_000),
    prepaidBalance: money(0, 200_000),
    arOutstanding: money(0, 5_000_000),
    openOrderAmount: money(0, 1_000_000),
    maxDaysOverdue: b ? fc.constantFrom(0, 1, 90, 91) : fc.integer({ min: 0, max: 120 }),
    homeRegion: fc.constantFrom('R-EAST', 'R-SOUTH', 'R-NORTH'),
    authorizedRegions: fc.subarray(['R-EAST', ...leaves], { minLength: 1, maxLength: 3 }),
    shipToRegion: fc.constantFrom(...leaves),
  });
}

async function outcome(run: () => Promise<unknown> | unknown): Promise<unknown> {
  try {
    return { outputs: await run() };
  } catch (e) {
    return { error: (e as { code?: string }).code ?? String(e) };
  }
}

const suites: { key: Parameters<typeof loadAcmeRuleSet>[0]; runs: number; facts: (b: boolean) => fc.Arbitrary<Record<string, unknown>> }[] = [
  { key: 'tiering', runs: 3000, facts: tieringFacts },
  { key: 'order-pricing', runs: 2000, facts: pricingFacts },
  { key: 'stepped-rebate', runs: 2000, facts: rebateFacts },
  { key: 'rebate-offset', runs: 1000, facts: offsetFacts },
  { key: 'order-approval-routing', runs: 2000, facts: approvalFacts },
];

describe('compiled path = reference path on 10,000 random fact sets', () => {
  expect(suites.reduce((n, s) => n + s.runs, 0)).toBe(10_000);
  for (const [i, suite] of suites.entries()) {
    it(`${suite.key}: ${suite.runs} fact sets, a quarter on boundaries`, async () => {
      const doc: RuleSetDocument = loadAcmeRuleSet(suite.key);
      const compiled: CompiledRuleSet = compileRuleSet(doc, ctx);
      const boundary = fc.sample(suite.facts(true), { numRuns: suite.runs / 4, seed: 1000 + i });
      const plain = fc.sample(suite.facts(false), { numRuns: suite.runs - suite.runs / 4, seed: 2000 + i });
      let errors = 0;
      for (const facts of [...boundary, ...plain]) {
        const fast = await outcome(() => compiled.evaluate(facts).outputs);
        const ref = await outcome(async () => (await evaluateReference(doc, facts, ctx)).outputs);
        if ('error' in (fast as object)) errors++;
        expect(fast, JSON.stringify(facts)).toEqual(ref);
      }
      expect(errors).toBeLessThan(suite.runs); // the generators mostly produce valid facts
    });
  }
});
