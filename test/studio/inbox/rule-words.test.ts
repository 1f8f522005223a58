import { describe, expect, it } from 'vitest';
import { describeOutputs, describeStep, explainRuleEvaluation, groupMoney, matchedRules, percent } from '../../../studio/src/inbox/rule-words.js';

/** The three rule evaluations of a D05 order of 30,000 × MCU-F103 (as the timeline records them). */
const pricing = {
  ruleSetKey: 'order-pricing', version: 1, nodeId: 'pricing',
  outputs: { lines: [{ qty: 30000, sku: 'MCU-F103', tierRate: '0.12', breakRate: '0.02', capApplied: false, lineAmount: '1241856.00', netUnitPrice: '41.3952', effectiveDiscountRate: '0.1376' }], orderAmount: '1241856.00' },
  trace: [
    { at: 'lines[0]', row: 'PLATINUM-MCU', kind: 'row', step: 'price-lines/tier-price-discount', matched: true },
    { at: 'lines[0]', row: 'PLATINUM-PWR', kind: 'row', step: 'price-lines/tier-price-discount', matched: false },
  ],
};
const routing = {
  ruleSetKey: 'order-approval-routing', version: 1, nodeId: 'routing',
  outputs: {
    steps: [{ role: 'REGIONAL_SALES_MANAGER', region: 'R-SOUTH' }, { role: 'SALES_DIRECTOR' }], decision: 'PENDING_APPROVAL', reasonCodes: ['AMOUNT_OVER_1M'],
    creditExcess: '0.00', payableAmount: '1241856.00', availableCredit: '10000000.00',
  },
  trace: [{ kind: 'rule', rule: 'P1', step: 'pre-checks', matched: false }],
};
const roles = [{ role: 'REGIONAL_SALES_MANAGER', region: 'R-SOUTH', name: { zh: '大区经理', en: 'Regional sales manager' } }, { role: 'SALES_DIRECTOR', name: { zh: '销售总监', en: 'Sales director' } }];

describe('rule explanations in plain words', () => {
  it('says why an order needs approval and who approves, in order', () => {
    expect(describeOutputs(routing.outputs, 'zh', roles)).toEqual([
      '审批结论：需要人工审批',
      '原因：订单金额超过 1,000,000.00',
      '审批人（依次）：大区经理（R-SOUTH） → 销售总监',
      '应付金额：1,241,856.00',
      '可用信用额度：10,000,000.00',
      '超出信用额度：0.00',
    ]);
    expect(describeOutputs(routing.outputs, 'en', roles).slice(0, 3)).toEqual([
      'Decision: needs approval',
      'Because the order amount exceeds 1,000,000.00',
      'Approvers, in order: Regional sales manager (R-SOUTH) → Sales director',
    ]);
  });

  it('describes each priced line with its discounts, exactly', () => {
    const x = explainRuleEvaluation(pricing, 'zh', '计算价格');
    expect(x.title).toBe('计算价格 v1');
    expect(x.sentences).toEqual(['MCU-F103 × 30,000：等级折扣 12%，量折 2%，实际折扣 13.76%，净单价 41.3952，行金额 1,241,856.00', '订单金额：1,241,856.00']);
    expect(x.matched).toEqual(['PLATINUM-MCU (lines[0])']);
    expect(matchedRules(routing.trace)).toEqual([]);
  });

  it('keeps unknown codes, roles and outputs readable as they are', () => {
    expect(describeOutputs({ reasonCodes: ['NEW_CODE'], steps: [], score: 7, tag: 'A' }, 'en')).toEqual(['Because NEW_CODE', 'No approver needed', 'score = 7', 'tag = A']);
    expect(describeStep({ role: 'AUDITOR' }, 'zh')).toBe('AUDITOR');
  });

  it('says so when the rule run is hidden from the approver', () => {
    expect(explainRuleEvaluation({ ruleSetKey: 'order-pricing', version: 2, redacted: true }, 'zh').sentences[0]).toContain('无权查看');
  });

  it('formats money and rates from decimal strings without floating point', () => {
    expect(groupMoney('1241856.00')).toBe('1,241,856.00');
    expect(groupMoney('-1234.5')).toBe('-1,234.5');
    expect(groupMoney('abc')).toBe('abc');
    expect(['0.12', '0.1376', '0.02', '1', '0.005', '0.3'].map(percent)).toEqual(['12%', '13.76%', '2%', '100%', '0.5%', '30%']);
  });
});
