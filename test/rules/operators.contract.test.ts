import { describe, expect, it } from 'vitest';
import type { RuleSetDocument } from '../../rules/index.js';
import { compileRuleSet, evaluateReference, operatorDecorators, operators, resolveOperator } from '../../rules/index.js';
import { acmeRegions } from './acme-fixtures.js';

/** Facts and values each operator is exercised with (true and false cases, nulls, wrong types). */
const samples: Record<string, [unknown, unknown][]> = {
  decimal: [['100.00', '100'], ['99.99', '100.00'], ['100.01', '100'], [null, '1'], ['abc', '1'], [5, '5.0']],
  number: [[5, 5], [4, 5], [6, 5], ['5', 5], [null, 0]],
  any: [['A', 'A'], ['A', 'B'], [1, 1], [1, '1'], [null, null]],
  list: [['A', ['A', 'B']], ['C', ['A', 'B']], [1, [1, 2]]],
  'decimal-list': [['1.0', ['1', '2']], ['3', ['1', '2']], [null, ['1']]],
  region: [['EAST-SH', 'R-EAST'], ['EAST-SH', ['R-NORTH', 'R-EAST']], ['R-EAST', 'EAST-SH'], ['NORTH-SD', 'R-EAST'], ['EAST-SH', 'EAST-SH']],
  date: [['2025-06-10', '2025-06-10'], ['2025-06-09', '2025-06-10'], ['2025-06-11', '2025-06-10'], ['2025-03-31T16:30:00Z', '2025-04-01']],
  period: [['2025-06-10', '2025-Q2'], ['2025-07-01', '2025-Q2'], ['2025-06-10', '2025-06'], ['2025-12-31', '2025'], ['2025-01-05', { from: '2025-01-01', to: '2025-01-05' }]],
  string: [['ACME-2025', 'ACME'], ['acme', 'ACME'], ['X-2025', '2025'], [null, 'a']],
};

function samplesFor(name: string): [unknown, unknown][] {
  const op = resolveOperator(name)!.base;
  if (op.group === 'region') return samples.region.map(([a, b]) => (op.factType === 'region-list' ? [[a], b] : [a, b]));
  if (op.valueType === 'period') return samples.period;
  if (op.group === 'date') return samples.date;
  if (op.group === 'string') return samples.string;
  if (op.valueType === 'decimal-list') return samples['decimal-list'];
  if (op.valueType === 'list') return samples.list;
  if (op.factType === 'list') return samples.list.map(([a, b]) => [b, a]);
  if (op.group === 'decimal') return samples.decimal;
  if (op.factType === 'number') return samples.number;
  return samples.any;
}

function oneOperatorDoc(name: string, value: unknown): RuleSetDocument {
  return {
    key: 'op', name: { zh: '运算符', en: 'Operator' },
    inputs: [{ name: 'f', type: 'object' }], outputs: [{ name: 'hit', type: 'boolean' }],
    steps: [{ kind: 'rules', id: 'r', defaults: { hit: false }, rules: [{ conditions: { all: [{ fact: 'f', path: '$.v', operator: name, value }] }, event: { type: 'hit', params: { hit: true } } }] }],
  };
}

describe('operators as data', () => {
  it('every operator has a unique name, labels in both languages and value types', () => {
    expect(new Set(operators.map((o) => o.name)).size).toBe(operators.length);
    for (const o of [...operators, ...operatorDecorators]) {
      expect(o.label.zh.length, o.name).toBeGreaterThan(0);
      expect(o.label.en.length, o.name).toBeGreaterThan(0);
      expect(o.label.zh).not.toBe(o.label.en);
    }
    for (const o of operators) {
      expect(o.factType).toBeTruthy();
      expect(o.valueType).toBeTruthy();
    }
    expect(operators.map((o) => o.name)).toEqual(expect.arrayContaining(['equal', 'in', 'notIn', 'decimalGreaterThanInclusive', 'covers', 'topRegion', 'dateWithin', 'startsWith']));
  });

  for (const o of operators) {
    it(`${o.name}: the compiled path and json-rules-engine agree`, async () => {
      const ctx = { regions: acmeRegions };
      const outcomes: boolean[] = [];
      for (const [fact, value] of samplesFor(o.name)) {
        const doc = oneOperatorDoc(o.name, value);
        const facts = { f: { v: fact } };
        const compiled = compileRuleSet(doc, ctx).evaluate(facts).outputs.hit;
        const reference = (await evaluateReference(doc, facts, ctx)).outputs.hit;
        expect(compiled, `${o.name}(${JSON.stringify(fact)}, ${JSON.stringify(value)})`).toBe(reference);
        outcomes.push(compiled as boolean);
      }
      // each operator is seen both passing and failing
      expect(outcomes).toContain(true);
      expect(outcomes).toContain(false);
    });
  }

  it('region operators follow the tenant tree: covers, topRegion', () => {
    const topOf = (code: string) => resolveOperator('topRegion')!.test(code, 'R-SOUTH', { regions: { covers: () => false, topRegion: () => (code.startsWith('SOUTH') ? 'R-SOUTH' : null), has: () => true } });
    expect([topOf('SOUTH-SZ'), topOf('EAST-SH')]).toEqual([true, false]);
  });
});
