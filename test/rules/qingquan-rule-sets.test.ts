import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileRuleSet, evaluateReference, runTestCases, validateRuleSet } from '../../rules/index.js';
import type { RuleSetDocument } from '../../rules/rule-set.types.js';
import { readBundleDir } from '../../server/bundle/bundle-files.js';
import { validateBundle } from '../../server/bundle/bundle-validate.js';
import { seedBundleDir } from '../../server/seed/seed-files.js';

/** The second demo tenant's bundle: validated like any tenant's, its rule sets' own cases passing on both paths. */
const dir = seedBundleDir('qingquan-beverage');
const read = <T>(file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as T;
const manifest = read<{ regions: { code: string; parent: string | null }[]; extensionPoints: Record<string, string> }>('tenant.json');
const ctx = { regions: manifest.regions.map((r) => ({ code: r.code, parent: r.parent })) };
const keys = ['qingquan-pricing', 'qingquan-rebate-offset', 'qingquan-warehouse-routing', 'qingquan-quarterly-rebate', 'qingquan-approval-routing', 'qingquan-tiering', 'qingquan-area-of-province'];
const load = (key: string) => read<RuleSetDocument>(`rule-sets/${key}.json`);

describe('the qingquan-beverage bundle', () => {
  it('validates with no problem (the extension-point contracts included), and channelflow validate says so', () => {
    const result = validateBundle(readBundleDir(dir), { locale: 'en' });
    expect(result.problems).toEqual([]);
    const out = execFileSync(process.execPath, ['server/cli/channelflow.mjs', 'validate', dir], { encoding: 'utf8' });
    expect(out).toMatch(/no problems/);
  });

  it('binds every extension point to a document of its own', () => {
    expect(manifest.extensionPoints).toEqual({
      orderPricing: 'qingquan-pricing', rebateOffset: 'qingquan-rebate-offset', warehouseRouting: 'qingquan-warehouse-routing',
      rebateStatement: 'qingquan-quarterly-rebate', orderApproval: 'qingquan-order-approval', tierReview: 'qingquan-tier-review',
      dealerOnboarding: 'qingquan-dealer-onboarding',
    });
  });

  for (const key of keys) {
    describe(key, () => {
      const doc = load(key);
      it('validates and passes every test case written in it', () => {
        const v = validateRuleSet(doc, ctx);
        expect(v.ok ? [] : v.problems).toEqual([]);
        const report = runTestCases(doc, ctx);
        expect(report.results.filter((r) => !r.ok)).toEqual([]);
        expect(report.passed).toBe(doc.testCases!.length);
        expect(report.passed).toBeGreaterThanOrEqual(2);
      });

      it('gives the same outputs on the reference path (json-rules-engine)', async () => {
        const compiled = compileRuleSet(doc, ctx);
        for (const c of doc.testCases ?? []) {
          const ref = await evaluateReference(doc, c.input, ctx);
          expect(ref.outputs, c.name).toEqual(compiled.evaluate(c.input).outputs);
        }
      });

      it('labels every input and output (zh and en), and every table and list step', () => {
        for (const f of [...doc.inputs, ...doc.outputs]) expect(f.label, f.name).toMatchObject({ zh: expect.any(String), en: expect.any(String) });
        const steps = (s: RuleSetDocument['steps']): RuleSetDocument['steps'] => s.flatMap((x) => (x.kind === 'forEach' ? [x, ...steps(x.steps)] : [x]));
        for (const s of steps(doc.steps).filter((x) => x.kind === 'decisionTable')) expect(s.label, s.id).toBeDefined();
      });
    });
  }
});

/** The bundle with one file changed by `edit` (a parsed copy), validated as `channelflow validate` would. */
function validateEdited(file: string, edit: (doc: any) => void) {
  const files = readBundleDir(dir).map((f) => {
    if (f.path !== file) return f;
    const doc = JSON.parse(typeof f.content === 'string' ? f.content : new TextDecoder().decode(f.content));
    edit(doc);
    return { path: f.path, content: JSON.stringify(doc) };
  });
  return validateBundle(files, { locale: 'en' }).problems;
}

describe('the qingquan-beverage bundle broken one way at a time is refused, naming the file and the pointer', () => {
  it('pricing without orderAmount: the orderPricing point requires it', () => {
    const problems = validateEdited('rule-sets/qingquan-pricing.json', (d) => {
      d.outputs = d.outputs.filter((o: { name: string }) => o.name !== 'orderAmount');
      d.testCases = [];
    });
    expect(problems).toContainEqual(expect.objectContaining({ file: 'rule-sets/qingquan-pricing.json', pointer: '/outputs', code: 'CFG_ERR_POINT_OUTPUT_MISSING' }));
  });

  it('pricing reading a fact the point does not provide (a warehouse code on the order)', () => {
    const problems = validateEdited('rule-sets/qingquan-pricing.json', (d) => { d.inputs.push({ name: 'warehouseCode', type: 'string' }); });
    expect(problems).toContainEqual(expect.objectContaining({ file: 'rule-sets/qingquan-pricing.json', pointer: '/inputs/3', code: 'CFG_ERR_POINT_FACT_NOT_PROVIDED' }));
  });

  it('a tier outside the dealerTier dictionary in the rebate statement', () => {
    const problems = validateEdited('rule-sets/qingquan-quarterly-rebate.json', (d) => { d.inputs[0].values = [...d.inputs[0].values, 'VIP']; });
    expect(problems).toContainEqual(expect.objectContaining({ file: 'rule-sets/qingquan-quarterly-rebate.json', pointer: '/inputs/0/values', code: 'CFG_ERR_UNKNOWN_CODE' }));
  });

  it('an adjustment kind the price model does not know', () => {
    const problems = validateEdited('rule-sets/qingquan-pricing.json', (d) => {
      const adjustments = d.outputs.find((o: { name: string }) => o.name === 'orderAdjustments');
      adjustments.items.fields[1].values = ['percentage', 'amount', 'coupon'];
    });
    expect(problems.some((p) => p.file === 'rule-sets/qingquan-pricing.json' && p.code === 'CFG_ERR_POINT_OUTPUT_TYPE' && p.pointer.endsWith('/fields/1/values'))).toBe(true);
  });

  it('a role the manifest lacks in the approval routing and in the order flow', () => {
    const routing = validateEdited('rule-sets/qingquan-approval-routing.json', (d) => { d.steps[1].items[2].value.role = 'CFO'; });
    expect(routing).toContainEqual(expect.objectContaining({ file: 'rule-sets/qingquan-approval-routing.json', code: 'CFG_ERR_UNKNOWN_ROLE' }));
    const flow = validateEdited('workflows/qingquan-order-approval.json', (d) => {
      d.nodes.find((n: { id: string }) => n.id === 'tradeMarketing').params.assignees = [{ kind: 'role', role: 'KEY_ACCOUNT_MANAGER' }];
    });
    expect(flow).toContainEqual(expect.objectContaining({ file: 'workflows/qingquan-order-approval.json', code: 'CFG_ERR_UNKNOWN_ROLE' }));
  });

  it('a binding to a rule set the bundle does not hold', () => {
    const problems = validateEdited('tenant.json', (d) => { d.extensionPoints.rebateOffset = 'rebate-offset'; });
    expect(problems).toContainEqual(expect.objectContaining({ file: 'tenant.json', pointer: '/extensionPoints/rebateOffset', code: 'CFG_ERR_DANGLING_REFERENCE' }));
  });
});

describe('qingquan-pricing by hand, to the fen', () => {
  const pricing = compileRuleSet(load('qingquan-pricing'), ctx);
  const line = (sku: string, category: string, qty: number, listPrice: string) => ({ sku, category, qty, listPrice });

  it('the demo order: Q01 (KA, Zhejiang) is charged 101,880.00 with 300 free cases', () => {
    const out = pricing.evaluate({ tier: 'KA', shipToRegion: 'P-ZJ', lines: [line('QQ-W550', 'WATER', 2000, '30.00'), line('QQ-T500G', 'TEA', 1000, '45.00'), line('QQ-J1000', 'JUICE', 300, '96.00')] }).outputs;
    // 25.50 × 2,000 = 51,000.00; 38.25 × 1,000 = 38,250.00; 84.00 × 300 = 25,200.00 → 114,450.00
    expect((out.lines as { lineAmount: string }[]).map((l) => l.lineAmount)).toEqual(['51000.00', '38250.00', '25200.00']);
    // 3,300 paid cases: 33 × −500; KA 1.5 % of 97,950.00 = 1,469.25; freight 1.50 × (3,300 + 300); 101,880.75 → 101,880.00
    expect((out.orderAdjustments as { code: string; amount: string }[]).map((a) => [a.code, a.amount]))
      .toEqual([['VOLUME_PER_100', '-16500.00'], ['KA_CASH_DISCOUNT', '-1469.25'], ['FREIGHT', '5400.00'], ['ROUND_DOWN_YUAN', '-0.75']]);
    expect(out.freeGoods).toEqual([{ sku: 'QQ-W550', qty: 200, code: 'BUY10_GET1' }, { sku: 'QQ-T500G', qty: 100, code: 'BUY10_GET1' }]);
    expect(out.orderAmount).toBe('101880.00');
  });

  it('the same lines cost another price in Hubei and at another tier; the Southwest pays list price', () => {
    const lines = [line('QQ-W550', 'WATER', 10, '30.00')];
    // Central A: 26.30 × 10 = 263.00; 1 free; freight 2.00 × 11 = 22.00 → 285.00
    expect(pricing.evaluate({ tier: 'A', shipToRegion: 'P-HB', lines }).outputs).toMatchObject({ goodsAmount: '263.00', orderAmount: '285.00' });
    // East A: 26.80 × 10 = 268.00; freight 1.50 × 11 = 16.50 → 284.50 → 284.00
    expect(pricing.evaluate({ tier: 'A', shipToRegion: 'P-ZJ', lines }).outputs).toMatchObject({ goodsAmount: '268.00', orderAmount: '284.00' });
    // Southwest: 30.00 × 10 = 300.00, no PRICE_LIST adjustment; freight 3.00 × 11 = 33.00 → 333.00
    const west = pricing.evaluate({ tier: 'A', shipToRegion: 'P-CQ', lines }).outputs;
    expect(west).toMatchObject({ goodsAmount: '300.00', orderAmount: '333.00', lines: [{ netUnitPrice: '30.00', adjustments: [] }] });
  });
});
