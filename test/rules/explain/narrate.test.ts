import { describe, expect, it } from 'vitest';
import { compileRuleSet, type RuleSetDocument } from '../../../rules/index.js';
import { formulaInWords, narrateTrace } from '../../../rules/explain/narrate.js';

const L = (zh: string, en: string) => ({ zh, en });

/** A rule set in made-up words: the narrator may only use these. */
const doc: RuleSetDocument = {
  key: 'bonus', name: L('奖励', 'Bonus'),
  inputs: [
    { name: 'band', type: 'enum', values: ['X', 'Y'], label: L('档次', 'Band'), valueLabels: { X: L('甲档', 'Band X'), Y: L('乙档', 'Band Y') } },
    { name: 'items', type: 'list', label: L('明细', 'Items'), items: { type: 'object', fields: [{ name: 'units', type: 'integer', label: L('件数', 'Units') }, { name: 'price', type: 'money', label: L('单价', 'Price') }] } },
  ],
  outputs: [
    { name: 'items', type: 'list', items: { type: 'object', fields: [{ name: 'share', type: 'rate', label: L('比例', 'Share') }, { name: 'amount', type: 'money', label: L('金额', 'Amount') }] } },
    { name: 'total', type: 'money', label: L('合计', 'Total') },
    { name: 'verdict', type: 'enum', values: ['OK', 'NO'], label: L('结论', 'Verdict'), valueLabels: { OK: L('通过', 'Passed'), NO: L('不通过', 'Failed') } },
  ],
  steps: [
    {
      kind: 'forEach', id: 'each', list: 'items',
      steps: [
        {
          kind: 'decisionTable', id: 'share-table', label: L('比例表', 'Share table'), hitPolicy: 'FIRST',
          inputs: [{ fact: 'band', type: 'enum' }, { fact: 'units', type: 'integer' }], outputs: [{ name: 'share', type: 'rate' }],
          rows: [{ id: 'big', description: '大单', when: ['X', { '>=': 10 }], then: ['0.25'] }, { id: 'rest', when: [{ any: true }, { any: true }], then: ['0.1'] }],
        },
        { kind: 'assign', id: 'line', label: L('金额', 'Amount'), set: { amount: { $expr: 'round(units * price * share, 2)' } } },
      ],
      collect: ['share', 'amount'], into: 'items', aggregate: { total: { op: 'sum', of: 'amount' } },
    },
    { kind: 'assign', id: 'end', set: { verdict: { $expr: 'total > 10 ? "OK" : "NO"' } } },
  ],
};

describe('narrateTrace: a trace told in the rule set’s own words', () => {
  const run = compileRuleSet(doc, {}).evaluate({ band: 'X', items: [{ units: 12, price: '5.00' }, { units: 3, price: '2.50' }] }, { explain: true });
  const zh = narrateTrace({ document: doc, trace: run.trace!, lang: 'zh' });
  const en = narrateTrace({ document: doc, trace: run.trace!, lang: 'en', itemTitle: (at) => (at === 'items[0]' ? 'First item' : undefined) });

  it('tells each position its table row (by description), the values seen with their labels, and its formulas with labels', () => {
    expect(zh).toEqual([
      '明细 1',
      '  · 比例表：命中「大单」（档次 甲档，件数 12）→ 比例 = 25%',
      '  · 金额：金额 = round(件数 * 单价 * 比例, 2) = 15.00',
      '明细 2',
      '  · 比例表：命中「rest」→ 比例 = 10%',
      '  · 金额：金额 = round(件数 * 单价 * 比例, 2) = 0.75',
      '结论 = 合计 > 10 ? "OK" : "NO" = 通过',
      '合计 = 15.75',
    ]);
    expect(en[0]).toBe('First item');
    expect(en[1]).toBe('  · Share table: "大单" matched (Band Band X, Units 12) → Share = 25%');
    expect(en[3]).toBe('Items 2');
  });

  it('writes formulas with labels, leaving strings and function names alone', () => {
    const names = new Map([['units', { label: L('件数', 'Units') }], ['round', { label: L('四舍五入', 'Round') }]]);
    expect(formulaInWords('round(units * 2, 2) + ifNull(x, "units")', names, 'zh')).toBe('round(件数 * 2, 2) + ifNull(x, "units")');
  });
});
