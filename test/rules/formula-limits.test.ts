import { describe, expect, it } from 'vitest';
import type { RuleSetDocument } from '../../rules/index.js';
import { compileRuleSet, parseFormula, validateRuleSet } from '../../rules/index.js';
import { DAY_OFFSET, DECIMAL_PLACES } from '../../rules/formula-functions.js';

const known = (n: string) => ['a', 'd'].includes(n);

function formulaDoc(expr: string, outType: 'decimal' | 'date' = 'decimal'): RuleSetDocument {
  return {
    key: 'limits', name: { zh: '限制', en: 'Limits' },
    inputs: [{ name: 'a', type: 'decimal' }, { name: 'd', type: 'date', default: '2026-01-01' }],
    outputs: [{ name: 'r', type: outType }],
    steps: [{ kind: 'assign', id: 'calc', set: { r: { $expr: expr } } }],
  };
}

describe('formulas that used to pass validation and fail only when evaluated are refused at save', () => {
  const refused: [string, string][] = [
    ['1e999', 'RUL_ERR_FORMULA_OUT_OF_RANGE'],
    ['a * 1e999', 'RUL_ERR_FORMULA_OUT_OF_RANGE'],
    ['-1e31', 'RUL_ERR_FORMULA_OUT_OF_RANGE'],
    ['1e-999', 'RUL_ERR_FORMULA_OUT_OF_RANGE'],
    ['a + 0.00000000000000000000000000001', 'RUL_ERR_FORMULA_OUT_OF_RANGE'],
    ['1e9999999999999999999', 'RUL_ERR_FORMULA_OUT_OF_RANGE'],
    ['round(a, 1000000)', 'RUL_ERR_FORMULA_OUT_OF_RANGE'],
    ['round(a, -1)', 'RUL_ERR_FORMULA_OUT_OF_RANGE'],
    ['round(a, 1.5)', 'RUL_ERR_FORMULA_OUT_OF_RANGE'],
    ['floor(a, 21)', 'RUL_ERR_FORMULA_OUT_OF_RANGE'],
    ['ceil(a, 10 * 10)', 'RUL_ERR_FORMULA_OUT_OF_RANGE'],
    ['addDays(d, 1e20)', 'RUL_ERR_FORMULA_OUT_OF_RANGE'],
    ['1e20 * 1e20', 'RUL_ERR_FORMULA_OUT_OF_RANGE'],
    ['a + 1e30 * 10 * 10', 'RUL_ERR_FORMULA_OUT_OF_RANGE'],
    ['a / 0', 'RUL_ERR_DIVISION_BY_ZERO'],
    ['a / (2 - 2)', 'RUL_ERR_DIVISION_BY_ZERO'],
  ];
  for (const [source, code] of refused) {
    it(`refuses ${JSON.stringify(source)} with ${code}`, () => {
      const r = parseFormula(source, known);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problem.code).toBe(code);
    });
  }

  it('names the offending formula with its JSON pointer in a rule set (1e999, round(x, 1000000))', () => {
    for (const expr of ['1e999', 'round(a, 1000000)']) {
      const v = validateRuleSet(formulaDoc(expr), { locale: 'zh-CN' });
      expect(v.ok).toBe(false);
      if (!v.ok) {
        expect(v.problems).toHaveLength(1);
        expect(v.problems[0]).toMatchObject({ pointer: '/steps/0/set/r/$expr', code: 'RUL_ERR_FORMULA_OUT_OF_RANGE' });
        expect(v.problems[0].message).toContain('超出允许范围');
      }
    }
  });

  it('accepts the edges of each range, and the same edges evaluate', () => {
    const accepted = ['1e30', '-999999999999999999999999999999', '0.0000000000000000000000000001', `round(a, ${DECIMAL_PLACES.max})`, 'round(a, 0)', 'round(a)', 'floor(a, 2)', 'a / 0.5', '2 * 3 - 6', `addDays(d, ${DAY_OFFSET.min})`];
    for (const source of accepted) expect(parseFormula(source, known), source).toMatchObject({ ok: true });
    expect(compileRuleSet(formulaDoc(`round(a, ${DECIMAL_PLACES.max})`)).evaluate({ a: '1.5' }).outputs.r).toBe('1.5');
    expect(compileRuleSet(formulaDoc(`addDays(d, ${DAY_OFFSET.max})`, 'date')).evaluate({ a: '1' }).outputs.r).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('a variable argument out of range fails at evaluation with the same range, as a code and never a crash', () => {
    const places = compileRuleSet(formulaDoc('round(1, a)'));
    expect(() => places.evaluate({ a: '1000000' })).toThrow(expect.objectContaining({ code: 'RUL_ERR_TYPE_MISMATCH', details: expect.objectContaining({ expected: `decimal places ${DECIMAL_PLACES.min}..${DECIMAL_PLACES.max}` }) }));
    // addDays with a huge variable used to throw a RangeError (Invalid time value): now a rules code
    const days = compileRuleSet(formulaDoc('addDays(d, a)', 'date'));
    expect(() => days.evaluate({ a: '100000000000000000000' })).toThrow(expect.objectContaining({ code: 'RUL_ERR_TYPE_MISMATCH' }));
  });
});

describe('decision-table cells out of the decimal range', () => {
  it('a cell 1e999 is a RUL_ERR_BAD_CELL problem at its pointer (validation used to throw RUL_ERR_DECIMAL_OVERFLOW with no pointer)', () => {
    for (const cell of ['1e999', { in: [1, '1e999'] }]) {
      const doc = {
        key: 'table', name: { zh: '表', en: 'Table' },
        inputs: [{ name: 'category', type: 'enum', values: ['MCU'] }, { name: 'qty', type: 'integer' }],
        outputs: [{ name: 'rate', type: 'rate' }],
        steps: [{ kind: 'decisionTable', id: 't', hitPolicy: 'FIRST', inputs: [{ fact: 'category', type: 'enum' }, { fact: 'qty', type: 'integer' }], outputs: [{ name: 'rate', type: 'rate', default: '0' }], rows: [{ when: ['MCU', cell], then: ['0.1'] }] }],
      };
      const v = validateRuleSet(doc);
      expect(v.ok, JSON.stringify(cell)).toBe(false);
      if (!v.ok) expect(v.problems).toEqual([expect.objectContaining({ pointer: '/steps/0/rows/0/when/1', code: 'RUL_ERR_BAD_CELL', message: expect.stringContaining('out of the allowed range') })]);
    }
  });
});
