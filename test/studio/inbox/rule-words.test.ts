import { describe, expect, it } from 'vitest';
import { describeOutputs, describeStep, explainRuleEvaluation, groupMoney, matchedRules, percent, type ResultWords } from '../../../studio/src/inbox/rule-words.js';

/** A routing rule set of another industry: its outputs, labels and value labels are all the tenant's. */
const words: ResultWords = {
  name: { zh: '特价审批路由', en: 'Special-price routing' },
  outputs: [
    { name: 'verdict', type: 'enum', values: ['AUTO', 'REVIEW'], label: { zh: '结论', en: 'Verdict' }, valueLabels: { AUTO: { zh: '自动放行', en: 'let through' }, REVIEW: { zh: '人工复核', en: 'manual review' } } },
    { name: 'chain', type: 'list', label: { zh: '复核人', en: 'Reviewers' }, items: { type: 'object', fields: [{ name: 'role', type: 'string' }, { name: 'area', type: 'region', nullable: true }] } },
    { name: 'why', type: 'list', label: { zh: '原因', en: 'Why' }, items: { type: 'enum', values: ['BIG_CASE_COUNT', 'SPECIAL_PRICE'], valueLabels: { BIG_CASE_COUNT: { zh: '箱数超过 500', en: 'over 500 cases' }, SPECIAL_PRICE: { zh: '申请特价', en: 'special price asked' } } } },
    { name: 'payable', type: 'money', label: { zh: '应付', en: 'Payable' } },
    { name: 'cashDiscount', type: 'rate', label: { zh: '现金折扣', en: 'Cash discount' } },
  ],
  roles: [{ code: 'AREA_MANAGER', name: '区域经理', nameEn: 'Area manager' }, { code: 'VP', name: '副总裁', nameEn: 'VP' }],
  regions: [{ code: 'A-EAST', name: '华东区', nameEn: 'East area' }],
};

const evaluation = {
  ruleSetKey: 'special-price-routing', version: 3, nodeId: 'route',
  outputs: { chain: [{ role: 'AREA_MANAGER', area: 'A-EAST' }, { role: 'VP', area: null }], verdict: 'REVIEW', why: ['BIG_CASE_COUNT', 'SPECIAL_PRICE'], payable: '125000.00', cashDiscount: '0.015', extra: 7 },
  trace: [
    { at: 'lines[0]', row: 'row-2', kind: 'row', step: 'lines/price', matched: true },
    { at: 'lines[0]', row: 'row-3', kind: 'row', step: 'lines/price', matched: false },
    { kind: 'rule', rule: 'R1', step: 'checks', matched: true },
  ],
};

describe('rule explanations in the rule set’s own words', () => {
  it('tells every output by its label, enum values by their valueLabels, roles and regions by the tenant’s names', () => {
    expect(describeOutputs(evaluation.outputs, 'zh', words)).toEqual([
      '结论：人工复核',
      '复核人：区域经理（华东区） → 副总裁',
      '原因：箱数超过 500、申请特价',
      '应付：125,000.00',
      '现金折扣：1.5%',
      'extra：7',
    ]);
    expect(describeOutputs(evaluation.outputs, 'en', words).slice(0, 3)).toEqual([
      'Verdict: manual review',
      'Reviewers: Area manager (East area) → VP',
      'Why: over 500 cases, special price asked',
    ]);
  });

  it('titles the run by the node or the rule set’s name, with the rows and rules that matched', () => {
    const x = explainRuleEvaluation(evaluation, 'zh', undefined, words);
    expect(x.title).toBe('特价审批路由 v3');
    expect(explainRuleEvaluation(evaluation, 'zh', '路由').title).toBe('路由 v3');
    expect(x.matched).toEqual(['row-2 (lines[0])', 'R1']);
    expect(matchedRules([])).toEqual([]);
  });

  it('keeps undeclared outputs and unknown codes readable as they are', () => {
    expect(describeOutputs({ why: ['NEW_CODE'], chain: [], score: 7, tag: 'A' }, 'en')).toEqual(['why: NEW_CODE', 'chain: none', 'score: 7', 'tag: A']);
    expect(describeStep({ role: 'AUDITOR' }, 'zh')).toBe('AUDITOR');
  });

  it('says so when the rule run is hidden from the approver', () => {
    expect(explainRuleEvaluation({ ruleSetKey: 'special-price-routing', version: 2, redacted: true }, 'zh').sentences[0]).toContain('无权查看');
  });

  it('formats money and rates from decimal strings without floating point', () => {
    expect(groupMoney('1241856.00')).toBe('1,241,856.00');
    expect(groupMoney('-1234.5')).toBe('-1,234.5');
    expect(groupMoney('abc')).toBe('abc');
    expect(['0.12', '0.1376', '0.02', '1', '0.005', '0.3'].map(percent)).toEqual(['12%', '13.76%', '2%', '100%', '0.5%', '30%']);
  });
});
