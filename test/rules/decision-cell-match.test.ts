import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cell, DecisionTableStep, RuleSetDocument } from '../../rules/index.js';
import { compileRuleSet, evaluateReference } from '../../rules/index.js';

/**
 * Decision-table cells on short-decimal keys, with big.js where a value or a bound is long, and
 * the row index on a string column: the compiled path (with and without explain) must give what
 * the reference path (json-rules-engine conditions on exact decimals) gives, on seeded facts.
 */
const LONG = '9007199254740993'; // 2^53 + 1: no double holds it

function tableDoc(hitPolicy: DecisionTableStep['hitPolicy'], rows: Cell[][]): RuleSetDocument {
  const collect = hitPolicy === 'COLLECT' || hitPolicy === 'RULE_ORDER';
  return {
    key: 'cell-match',
    name: { zh: '单元格', en: 'Cells' },
    inputs: [
      { name: 'tier', type: 'string' }, { name: 'category', type: 'enum', values: ['MCU', 'PWR', 'RF'] },
      { name: 'qty', type: 'number' }, { name: 'amount', type: 'money' }, { name: 'ratio', type: 'number' },
    ],
    outputs: collect ? [{ name: 'rows', type: 'list', items: { type: 'string' } }] : [{ name: 'row', type: 'string' }],
    steps: [{
      kind: 'decisionTable', id: 't', hitPolicy, ...(collect ? { into: 'rows' } : {}),
      inputs: [{ fact: 'tier', type: 'string' }, { fact: 'category', type: 'enum' }, { fact: 'qty', type: 'number' }, { fact: 'amount', type: 'money' }, { fact: 'ratio', type: 'number' }],
      outputs: [{ name: collect ? 'rows' : 'row', type: 'string', default: 'none' }],
      rows: rows.map((when, i) => ({ id: `r${i + 1}`, when, then: [`r${i + 1}`] })),
    }],
  };
}

const rows: Cell[][] = [
  ['GOLD', 'MCU', { range: '[0..10000)' }, { '>=': '1000000000000.01' }, null],
  ['GOLD', null, { '>=': LONG }, null, null],
  ['GOLD', { in: ['PWR', 'RF'] }, { in: [9999, 10000, 50000] }, { '<': '-0.005' }, null],
  ['SILVER', { '!=': 'RF' }, { '>': 9007199254740992 }, null, { '<=': '0.3' }],
  [null, 'RF', null, { range: '(1000000000000.00..1000000000000.02]' }, null],
  [{ '!=': 'GOLD' }, null, { notIn: [0, 1] }, { '=': '58643.2' }, { '>=': '0.30000000000000004' }],
  ['STANDARD', 'MCU', { '<=': 10000 }, { range: '[-1000000.00..0.00]' }, { '=': 0.1 }],
  [{ in: ['PLATINUM', 'GOLD'] }, null, null, { '>': LONG }, null],
  ['PLATINUM', null, { '=': '50000.0' }, null, { '<': '-0.0000001' }],
];

const facts = fc.record({
  tier: fc.constantFrom('PLATINUM', 'GOLD', 'SILVER', 'STANDARD', 'gold'),
  category: fc.constantFrom('MCU', 'PWR', 'RF'),
  qty: fc.oneof(fc.integer({ min: -5, max: 200_000 }), fc.constantFrom(0, 1, 9999, 10000, 50000, 2 ** 53, 2 ** 53 - 1, -(2 ** 53))),
  amount: fc.oneof(
    fc.integer({ min: -100_000_000, max: 100_000_000 }).map((c) => (c / 100).toFixed(2)),
    fc.constantFrom('1000000000000.00', '1000000000000.01', '1000000000000.02', '58643.20', '58643.2', '-0.00', '-0.01', LONG, '9007199254740992', '9007199254740993.01', '0.005', '-0.005'),
  ),
  ratio: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1, max: 1 }), fc.constantFrom(0.1, 0.3, 0.30000000000000004, 0.1 + 0.2, -0, -1e-7)),
});

async function expectSameAsReference(doc: RuleSetDocument, seed: number): Promise<void> {
  const compiled = compileRuleSet(doc);
  await fc.assert(fc.asyncProperty(facts, async (f) => {
    const want = (await evaluateReference(doc, f)).outputs;
    expect(compiled.evaluate(f).outputs).toEqual(want);
    expect(compiled.evaluate(f, { explain: true }).outputs).toEqual(want);
  }), { numRuns: 1500, seed });
}

describe('decision-table cells on short-decimal keys', () => {
  it('FIRST: same row as the reference path, on boundaries, long values and doubles', async () => {
    await expectSameAsReference(tableDoc('FIRST', rows), 1);
  });

  it('RULE_ORDER: the same list of rows (the row index keeps every candidate, in order)', async () => {
    await expectSameAsReference(tableDoc('RULE_ORDER', rows), 2);
  });

  it('compares 2^53 + 1 with big.js: a JSON 2^53 is below it, not equal', () => {
    const compiled = compileRuleSet(tableDoc('FIRST', [[null, null, { '>=': LONG }, null, null], [null, null, { '=': 2 ** 53 }, null, null]]));
    const f = { tier: 'GOLD', category: 'MCU', qty: 2 ** 53, amount: '0.00', ratio: 0 };
    expect(compiled.evaluate(f).outputs.row).toBe('r2');
  });

  it('tells 1000000000000.00 from 1000000000000.01 and 0.1 + 0.2 from 0.3 in a number column', () => {
    const compiled = compileRuleSet(tableDoc('FIRST', [[null, null, null, { '=': '1000000000000.01' }, null], [null, null, null, null, { '=': '0.3' }]]));
    const base = { tier: 'GOLD', category: 'MCU', qty: 1 };
    expect(compiled.evaluate({ ...base, amount: '1000000000000.00', ratio: 0 }).outputs.row).toBe('none');
    expect(compiled.evaluate({ ...base, amount: '1000000000000.01', ratio: 0 }).outputs.row).toBe('r1');
    expect(compiled.evaluate({ ...base, amount: '0.00', ratio: 0.1 + 0.2 }).outputs.row).toBe('none');
    expect(compiled.evaluate({ ...base, amount: '0.00', ratio: 0.3 }).outputs.row).toBe('r2');
  });
});
