import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compileRuleSet } from '../../../rules/index.js';
import { AppError } from '../../../schemas/errors/app-error.js';
import type { AuthedContext } from '../../../server/http/request-context.js';
import { CompiledRuleSetCache, type CachedRuleSet } from '../../../server/rule-sets/compiled-rule-set.cache.js';
import { BATCH_LIMITS, evaluateBatch, listItems, ruleSetWeight } from '../../../server/rule-sets/rule-set-batch.service.js';
import { loadAcmeRuleSet } from '../../rules/acme-fixtures.js';
import { bearer, createTestApp, loginAs, type TestApp } from '../../support/test-app.js';

/** The issue's batch: 1,000 orders of 8 lines each, priced with acme-chips' order-pricing. */
const SKUS = [['MCU-F103', 'MCU', '6.80'], ['MCU-H743', 'MCU', '48.00'], ['MCU-F030', 'MCU', '2.35'], ['MCU-A100', 'MCU', '36.50'], ['PWR-DCDC5A', 'PWR', '3.15'], ['RF-WIFI6', 'RF', '28.00'], ['MCU-X', 'MCU', '1.00'], ['PWR-LDO', 'PWR', '0.80']];
const TIERS = ['PLATINUM', 'GOLD', 'SILVER', 'STANDARD'];
const pricingFacts = (n: number) => Array.from({ length: n }, (_, i) => ({
  tier: TIERS[i % TIERS.length],
  lines: SKUS.map(([sku, category, listPrice], j) => ({ sku, category, qty: 1000 + ((i * 37 + j * 1013) % 90000), listPrice })),
}));

/** A tenant's heavy rule set: every line is looked up in a 400-row quantity table. */
function heavyRuleSet(key: string) {
  const rows = Array.from({ length: 400 }, (_, i) => ({ when: [{ range: `[${i * 10}..${(i + 1) * 10})` }], then: [i] }));
  return {
    key,
    name: { zh: '数量积分（400 档）', en: 'Quantity points (400 bands)' },
    inputs: [{ name: 'lines', type: 'list', items: { type: 'object', fields: [{ name: 'qty', type: 'integer' }] } }],
    outputs: [{ name: 'points', type: 'integer' }],
    steps: [{
      kind: 'forEach', id: 'each-line', list: 'lines', collect: ['linePoints'], into: 'scored', aggregate: { points: { op: 'sum', of: 'linePoints' } },
      steps: [{ kind: 'decisionTable', id: 'bands', hitPolicy: 'FIRST', inputs: [{ fact: 'qty', type: 'integer' }], outputs: [{ name: 'linePoints', type: 'integer', default: 0 }], rows }],
    }],
    testCases: [{ name: '5 → 0, 15 → 1', input: { lines: [{ qty: 5 }, { qty: 15 }] }, expected: { points: 1 } }],
  };
}

let t: TestApp;
let admin: string;
const heavyKey = `batch-heavy-${randomBytes(3).toString('hex')}`;

beforeAll(async () => {
  t = await createTestApp({}, { poolMax: 4 });
  admin = await loginAs(t.app, 'acme-chips', 'hefang');
  const created = await t.app.inject({ method: 'POST', url: '/api/rule-sets', headers: bearer(admin), payload: heavyRuleSet(heavyKey) });
  expect(created.statusCode, created.body).toBe(201);
  const published = await t.app.inject({ method: 'POST', url: `/api/rule-sets/${heavyKey}/publish`, headers: bearer(admin) });
  expect(published.statusCode, published.body).toBe(200);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await t?.close();
});

const batch = (key: string, payload: object) =>
  t.app.inject({ method: 'POST', url: `/api/rule-sets/${key}/evaluate-batch`, headers: bearer(admin), payload });

describe('evaluate-batch is bounded: explain, work and answer size (the 54 MB answer that stalled /health for 2.6 s)', () => {
  it('explain over more than 50 fact sets is refused with 422 RUL_ERR_BATCH_EXPLAIN_LIMIT before any work; 50 are explained', async () => {
    const refused = await batch('order-pricing', { factSets: pricingFacts(51), explain: true });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'RUL_ERR_BATCH_EXPLAIN_LIMIT', details: { factSets: 51, limit: 50 } });

    const explained = await batch('order-pricing', { factSets: pricingFacts(50), explain: true });
    expect(explained.statusCode, explained.body.slice(0, 500)).toBe(200);
    const results = explained.json().results as { index: number; ok: boolean; trace?: unknown[] }[];
    expect(results.map((r) => r.index)).toEqual([...Array(50).keys()]);
    expect(results.every((r) => r.ok && (r.trace?.length ?? 0) > 0)).toBe(true);
  });

  it("a batch whose work (fact sets × lines × the rule set's steps and rows) is over the budget is refused with 413 RUL_ERR_BATCH_TOO_LARGE; under it, it runs", async () => {
    const lines = Array.from({ length: 10 }, (_, i) => ({ qty: i * 397 }));
    const perFactSet = (1 + listItems({ lines })) * ruleSetWeight(heavyRuleSet(heavyKey) as never);
    const over = Math.floor(BATCH_LIMITS.maxUnits / perFactSet) + 1;
    const refused = await batch(heavyKey, { factSets: Array.from({ length: over }, () => ({ lines })) });
    expect(refused.statusCode, refused.body).toBe(413);
    expect(refused.json()).toMatchObject({ code: 'RUL_ERR_BATCH_TOO_LARGE', details: { limit: BATCH_LIMITS.maxUnits, factSets: over } });
    expect(refused.json().details.units).toBe(over * perFactSet);

    const within = await batch(heavyKey, { factSets: Array.from({ length: over - 1 }, () => ({ lines })) });
    expect(within.statusCode, within.body.slice(0, 500)).toBe(200);
    const expected = lines.reduce((sum, l) => sum + Math.floor(l.qty / 10), 0);
    expect((within.json().results as { outputs: { points: number } }[]).every((r) => r.outputs.points === expected)).toBe(true);
  });

  it('an answer growing past its cap stops the batch with RUL_ERR_BATCH_RESPONSE_TOO_LARGE (413)', async () => {
    const doc = loadAcmeRuleSet('order-pricing');
    const target = { key: doc.key, version: 1, compiled: compileRuleSet(doc, { version: 1 }), weight: ruleSetWeight(doc) };
    const ctx = { locale: 'en' } as AuthedContext;
    const small = await evaluateBatch(ctx, target, pricingFacts(3), true);
    const cap = Buffer.byteLength(small) - 1;
    const err = await evaluateBatch(ctx, target, pricingFacts(3), true, { ...BATCH_LIMITS, maxResponseBytes: cap }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'RUL_ERR_BATCH_RESPONSE_TOO_LARGE', details: { limit: cap, evaluated: 3, factSets: 3 } });
  });

  it('1,000 fact sets × 8 lines complete while /health keeps answering: a /health sent after the first fact set was evaluated answers before the last one is', async () => {
    // Count the evaluations of this process's compiled rule sets, to tell where the batch stands.
    let evaluated = 0;
    const entry = CompiledRuleSetCache.prototype.entry;
    vi.spyOn(CompiledRuleSetCache.prototype, 'entry').mockImplementation(async function (this: CompiledRuleSetCache, ...args: Parameters<typeof entry>): Promise<CachedRuleSet> {
      const real = await entry.apply(this, args);
      return { ...real, compiled: { ...real.compiled, evaluate: (facts, opts) => { evaluated++; return real.compiled.evaluate(facts, opts); } } };
    });

    const factSets = pricingFacts(1000);
    let batchDone = false;
    const running = batch('order-pricing', { factSets }).then((res) => { batchDone = true; return res; });
    // until the batch has begun evaluating (the loop only gets a turn when the batch yields)
    while (evaluated === 0 && !batchDone) await new Promise((r) => setImmediate(r));

    const health: { status: number; evaluatedWhenAnswered: number }[] = [];
    // inject() answers without a socket, in promise jobs only: each round then gives the event loop a
    // turn (setImmediate), as requests arriving on sockets would
    while (!batchDone && health.length < 30_000) {
      const answers = await Promise.all([1, 2, 3].map(() => t.app.inject({ method: 'GET', url: '/health' })));
      for (const a of answers) health.push({ status: a.statusCode, evaluatedWhenAnswered: evaluated });
      await new Promise((r) => setImmediate(r));
    }
    const res = await running;
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    const results = res.json().results as { index: number; ok: boolean; outputs: { lines: unknown[] } }[];
    expect(results).toHaveLength(1000);
    expect(results.every((r, i) => r.index === i && r.ok && r.outputs.lines.length === 8)).toBe(true);

    expect(health.length).toBeGreaterThan(0);
    expect(health.every((h) => h.status === 200)).toBe(true);
    // the batch yielded: /health requests were answered part-way through it, not only after it
    expect(health.some((h) => h.evaluatedWhenAnswered > 0 && h.evaluatedWhenAnswered < factSets.length)).toBe(true);
  });
});
