import { describe, expect, it } from 'vitest';
import type { RuleSetDocument } from '../../rules/index.js';
import { compileRuleSet, evaluateReference, formatRate, parseFormula, validateRuleSet } from '../../rules/index.js';
import { Dec, roundHalfUp, floorTo } from '../../rules/money.js';

const known = (n: string) => ['a', 'b', 'x', 'qty', 'listPrice', 'rate', 'f'].includes(n);

/** A one-formula rule set: inputs a and b (decimals), output r. */
function formulaDoc(expr: string, outType = 'decimal', inputs: RuleSetDocument['inputs'] = [{ name: 'a', type: 'decimal' }, { name: 'b', type: 'decimal', default: '0' }]): RuleSetDocument {
  return {
    key: 'formula', name: { zh: '公式', en: 'Formula' },
    inputs, outputs: [{ name: 'r', type: outType as 'decimal' }],
    steps: [{ kind: 'assign', id: 'calc', set: { r: { $expr: expr } } }],
  };
}

describe('formula allow-list (rejected at save time)', () => {
  const payloads: [string, string][] = [
    ['constructor', 'RUL_ERR_FORMULA_UNKNOWN_NAME'],
    ['__proto__', 'RUL_ERR_FORMULA_UNKNOWN_NAME'],
    ['a.b', 'RUL_ERR_FORMULA_FORBIDDEN'],
    ['a["constructor"]', 'RUL_ERR_FORMULA_FORBIDDEN'],
    ['a[0]', 'RUL_ERR_FORMULA_FORBIDDEN'],
    ['f(x) = x', 'RUL_ERR_FORMULA_FORBIDDEN'],
    ['a = 1', 'RUL_ERR_FORMULA_FORBIDDEN'],
    ['1:3', 'RUL_ERR_FORMULA_FORBIDDEN'],
    ['2x', 'RUL_ERR_FORMULA_FORBIDDEN'],
    ['2 a', 'RUL_ERR_FORMULA_FORBIDDEN'],
    ['a ^ 2', 'RUL_ERR_FORMULA_FORBIDDEN'],
    ['a mod 2', 'RUL_ERR_FORMULA_FORBIDDEN'],
    ['a!', 'RUL_ERR_FORMULA_FORBIDDEN'],
    ['5%', 'RUL_ERR_FORMULA_FORBIDDEN'],
    ['[1, 2]', 'RUL_ERR_FORMULA_FORBIDDEN'],
    ['{a: 1}', 'RUL_ERR_FORMULA_FORBIDDEN'],
    ['a; b', 'RUL_ERR_FORMULA_FORBIDDEN'],
    ['evaluate("1+1")', 'RUL_ERR_FORMULA_UNKNOWN_NAME'],
    ['import({})', 'RUL_ERR_FORMULA_UNKNOWN_NAME'],
    ['sqrt(4)', 'RUL_ERR_FORMULA_UNKNOWN_NAME'],
    ['a(1)', 'RUL_ERR_FORMULA_UNKNOWN_NAME'],
    ['(a)(1)', 'RUL_ERR_FORMULA_FORBIDDEN'],
    ['5 cm', 'RUL_ERR_FORMULA_FORBIDDEN'],
    ['a +', 'RUL_ERR_FORMULA_SYNTAX'],
    ['round(a, 2, 3)', 'RUL_ERR_FORMULA_ARITY'],
    ['1 + '.repeat(1) + 'a'.repeat(2001), 'RUL_ERR_FORMULA_TOO_LONG'],
    ['('.repeat(40) + 'a' + ')'.repeat(40), 'RUL_ERR_FORMULA_TOO_DEEP'],
    [`min(${Array.from({ length: 400 }, () => 'a').join(', ')})`, 'RUL_ERR_FORMULA_TOO_LARGE'],
  ];
  for (const [source, code] of payloads) {
    it(`rejects ${JSON.stringify(source.length > 40 ? source.slice(0, 40) + '…' : source)} with ${code}`, () => {
      const r = parseFormula(source, known);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problem.code).toBe(code);
    });
  }

  it('reports a bad formula with the JSON pointer of its text', () => {
    const v = validateRuleSet(formulaDoc('a.constructor'));
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.problems).toEqual([{ pointer: '/steps/0/set/r/$expr', code: 'RUL_ERR_FORMULA_FORBIDDEN', message: expect.stringContaining('property access') }]);
  });

  it('reports an unknown name with its pointer, in Chinese when asked', () => {
    const v = validateRuleSet(formulaDoc('a * discount'), { locale: 'zh-CN' });
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.problems[0].pointer).toBe('/steps/0/set/r/$expr');
      expect(v.problems[0].code).toBe('RUL_ERR_FORMULA_UNKNOWN_NAME');
      expect(v.problems[0].message).toContain('公式中引用了未知的名称');
    }
  });

  it('never pollutes Object.prototype', () => {
    for (const s of ['__proto__.x = 1', 'constructor.prototype.x = 1', 'a["__proto__"]["x"] = 1']) parseFormula(s, known);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('exact money', () => {
  it('262926.225 rounds half-up to 262926.23 (doubles and half-even give .22)', () => {
    expect(roundHalfUp(new Dec('262926.225'), 2).toFixed(2)).toBe('262926.23');
    const c = compileRuleSet(formulaDoc('round(a, 2)', 'money'));
    expect(c.evaluate({ a: '262926.225' }).outputs.r).toBe('262926.23');
    expect(c.evaluate({ a: '-262926.225' }).outputs.r).toBe('-262926.23');
    expect(c.evaluate({ a: '0.005' }).outputs.r).toBe('0.01');
  });

  it('keeps intermediate products exact: 0.1 + 0.2 == 0.3 and 1000000000000.00 != 1000000000000.01', () => {
    expect(compileRuleSet(formulaDoc('a + b == 0.3', 'boolean')).evaluate({ a: '0.1', b: '0.2' }).outputs.r).toBe(true);
    expect(compileRuleSet(formulaDoc('a == b', 'boolean')).evaluate({ a: '1000000000000.00', b: '1000000000000.01' }).outputs.r).toBe(false);
    expect(compileRuleSet(formulaDoc('a * b', 'decimal')).evaluate({ a: '12345678901234.56', b: '0.0001' }).outputs.r).toBe('1234567890.123456');
  });

  it('floors only where a rule says floor', () => {
    expect(floorTo(new Dec('25686.365'), 2).toFixed(2)).toBe('25686.36');
    expect(floorTo(new Dec('-0.001'), 2).toFixed(2)).toBe('-0.01');
    expect(compileRuleSet(formulaDoc('floor(a * 0.1, 2)', 'money')).evaluate({ a: '256863.65' }).outputs.r).toBe('25686.36');
  });

  it('formats rates with trailing zeros stripped and at least two decimals', () => {
    expect(['0.1', '0.1376', '0', '0.10000', '1', '0.118'].map((x) => formatRate(new Dec(x)))).toEqual(['0.10', '0.1376', '0.00', '0.10', '1.00', '0.118']);
  });

  it('refuses to round a money output silently', () => {
    expect(() => compileRuleSet(formulaDoc('a * 1.0005', 'money')).evaluate({ a: '10.00' })).toThrow(expect.objectContaining({ code: 'RUL_ERR_OUTPUT_SCALE' }));
  });

  it('money facts must be decimal strings, not binary floats', () => {
    const doc = formulaDoc('a', 'money', [{ name: 'a', type: 'money' }]);
    expect(() => compileRuleSet(doc).evaluate({ a: 58643.2 })).toThrow(expect.objectContaining({ code: 'RUL_ERR_INVALID_FACT' }));
    expect(compileRuleSet(doc).evaluate({ a: '58643.20' }).outputs.r).toBe('58643.20');
  });
});

describe('run-time errors are codes, never wrong numbers', () => {
  it('division by zero', async () => {
    const doc = formulaDoc('a / b');
    expect(() => compileRuleSet(doc).evaluate({ a: '1', b: '0' })).toThrow(expect.objectContaining({ code: 'RUL_ERR_DIVISION_BY_ZERO' }));
    await expect(evaluateReference(doc, { a: '1', b: '0' })).rejects.toMatchObject({ code: 'RUL_ERR_DIVISION_BY_ZERO' });
    expect(compileRuleSet(doc).evaluate({ a: '1', b: '3' }).outputs.r).toBe('0.3333333333333333333333333333');
  });

  it('overflow (1e15 * 1e15 * 1e15)', () => {
    expect(() => compileRuleSet(formulaDoc('a * a * a')).evaluate({ a: '1000000000000000' })).toThrow(expect.objectContaining({ code: 'RUL_ERR_DECIMAL_OVERFLOW' }));
  });

  it('a missing fact names the fact; a declared default fills it', () => {
    const doc = formulaDoc('a + b');
    expect(() => compileRuleSet(doc).evaluate({ b: '1' })).toThrow(expect.objectContaining({ code: 'RUL_ERR_MISSING_FACT', details: { fact: 'a' } }));
    expect(compileRuleSet(doc).evaluate({ a: '2' }).outputs.r).toBe('2');
  });

  it('a list too long for the budget is refused', () => {
    const doc: RuleSetDocument = {
      key: 'long', name: { zh: '长', en: 'Long' },
      inputs: [{ name: 'xs', type: 'list', items: { type: 'object', fields: [{ name: 'v', type: 'decimal' }] } }],
      outputs: [{ name: 'total', type: 'decimal' }],
      steps: [{ kind: 'forEach', id: 'each', list: 'xs', steps: [], aggregate: { total: { op: 'sum', of: 'v' } } }],
    };
    const xs = Array.from({ length: 10_001 }, () => ({ v: '1' }));
    expect(() => compileRuleSet(doc).evaluate({ xs })).toThrow(expect.objectContaining({ code: 'RUL_ERR_BUDGET_EXCEEDED' }));
    expect(compileRuleSet(doc).evaluate({ xs: xs.slice(1) }).outputs.total).toBe('10000');
  });

  it('arithmetic on a string is a type error', () => {
    const doc = formulaDoc('a + s', 'decimal', [{ name: 'a', type: 'decimal' }, { name: 's', type: 'string' }]);
    expect(() => compileRuleSet(doc).evaluate({ a: '1', s: 'x' })).toThrow(expect.objectContaining({ code: 'RUL_ERR_TYPE_MISMATCH' }));
  });

  it('date helpers work on Asia/Shanghai calendar days', () => {
    const doc = formulaDoc('daysBetween(d1, d2)', 'integer', [{ name: 'd1', type: 'date' }, { name: 'd2', type: 'date' }]);
    // 2025-03-31T16:30Z is already 2025-04-01 in Shanghai
    expect(compileRuleSet(doc).evaluate({ d1: '2025-03-10', d2: '2025-03-31T16:30:00Z' }).outputs.r).toBe(22);
  });
});

describe('fast decimal parsing', () => {
  it('builds exactly what big.js builds for plain decimal text', async () => {
    const { fastDecimal } = await import('../../rules/money.js');
    const fcMod = (await import('fast-check')).default;
    const text = fcMod.tuple(fcMod.boolean(), fcMod.stringMatching(/^\d{1,15}$/), fcMod.option(fcMod.stringMatching(/^\d{0,6}$/), { nil: undefined }))
      .map(([neg, int, frac]) => `${neg ? '-' : ''}${int}${frac === undefined ? '' : `.${frac}`}`);
    fcMod.assert(fcMod.property(text, (s) => {
      const a = fastDecimal(s)!;
      const b = new Dec(s);
      expect([a.s, a.e, a.c]).toEqual([b.s, b.e, b.c]);
      expect(a.plus('0.01').toFixed()).toBe(b.plus('0.01').toFixed());
    }), { numRuns: 2000, seed: 42 });
    expect(fastDecimal('1e5')).toBeUndefined();
    expect(fastDecimal('1.2.3')).toBeUndefined();
    expect(fastDecimal('-')).toBeUndefined();
  });
});
