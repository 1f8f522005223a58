import { describe, expect, it } from 'vitest';
import type { DecisionTableStep, RuleSetDocument, TableRow } from '../../rules/index.js';
import { compileRuleSet, evaluateReference, validateRuleSet } from '../../rules/index.js';
import { ruleSchemas } from '../../schemas/rules/index.js';
import { createAjv } from '../../schemas/ajv.js';

function tableDoc(table: Partial<DecisionTableStep>, outputs: RuleSetDocument['outputs'] = [{ name: 'rate', type: 'rate' }]): RuleSetDocument {
  return {
    key: 'table', name: { zh: '表', en: 'Table' },
    inputs: [{ name: 'category', type: 'enum', values: ['MCU', 'PWR', 'RF'] }, { name: 'qty', type: 'integer' }],
    outputs,
    steps: [{ kind: 'decisionTable', id: 't', hitPolicy: 'FIRST', inputs: [{ fact: 'category', type: 'enum' }, { fact: 'qty', type: 'integer' }], outputs: [{ name: 'rate', type: 'rate', default: '0' }], rows: [], ...table } as DecisionTableStep],
  };
}

describe('rule-set schema', () => {
  it('registers every schema under a PascalCase $id with one ajv', () => {
    const ajv = createAjv(ruleSchemas);
    for (const s of ruleSchemas) {
      const id = (s as { $id: string }).$id;
      expect(id).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(ajv.getSchema(id)).toBeTypeOf('function');
    }
  });

  it('rejects a malformed document with the pointer of each problem', () => {
    const v = validateRuleSet({
      key: 'Bad Key', name: { zh: '坏' },
      inputs: [{ name: 'a', type: 'money' }], outputs: [{ name: 'b', type: 'money' }],
      steps: [
        { kind: 'assign', id: 's', set: { b: { $expr: 'a' } } },
        { kind: 'decisionTable', id: 't', hitPolicy: 'SOMETIMES', inputs: [{ fact: 'a', type: 'money' }], outputs: [{ name: 'c', type: 'rate' }], rows: [{ when: [{ bogus: 1 }], then: ['0.1'] }] },
        { kind: 'teleport', id: 'x' },
      ],
    });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    const pointers = v.problems.map((p) => p.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/key', '/name/en', '/steps/1/hitPolicy', '/steps/1/rows/0/when/0', '/steps/2']));
    expect(v.problems.every((p) => p.code === 'RUL_ERR_SCHEMA')).toBe(true);
    // one problem per bad cell, not one per anyOf branch
    expect(pointers.filter((p) => p.startsWith('/steps/1/rows/0/when/0'))).toHaveLength(1);
  });

  it('rejects an expression that is not a tagged value', () => {
    const v = validateRuleSet({ key: 'k', name: { zh: 'a', en: 'a' }, inputs: [], outputs: [{ name: 'b', type: 'decimal' }], steps: [{ kind: 'assign', id: 's', set: { b: { $expr: 5 } } }] });
    expect(v.ok).toBe(false);
  });

  it('reports unknown facts, operators, shared conditions and unproduced outputs with pointers', () => {
    const v = validateRuleSet({
      key: 'refs', name: { zh: 'a', en: 'a' },
      inputs: [{ name: 'amount', type: 'money' }], outputs: [{ name: 'level', type: 'string' }, { name: 'ghost', type: 'string' }],
      steps: [{ kind: 'rules', id: 'r', rules: [
        { conditions: { all: [{ fact: 'amuont', operator: 'greaterThan', value: 1 }, { fact: 'amount', operator: 'isHuge', value: 1 }, { condition: 'nope' }] }, event: { type: 'x', params: { level: 'HIGH' } } },
      ] }],
    });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.problems.map((p) => [p.pointer, p.code])).toEqual([
      ['/steps/0/rules/0/conditions/all/0/fact', 'RUL_ERR_UNKNOWN_FACT'],
      ['/steps/0/rules/0/conditions/all/1/operator', 'RUL_ERR_UNKNOWN_OPERATOR'],
      ['/steps/0/rules/0/conditions/all/2/condition', 'RUL_ERR_UNKNOWN_CONDITION'],
      ['/outputs/1/name', 'RUL_ERR_OUTPUT_NOT_PRODUCED'],
    ]);
  });
});

describe('decision tables', () => {
  const rows: TableRow[] = [
    { id: 'mcu-1', when: ['MCU', { range: '[10000..50000)' }], then: ['0.02'] },
    { id: 'mcu-2', when: ['MCU', { '>=': 50000 }], then: ['0.04'] },
    { id: 'any', when: [{ any: true }, { '>=': 0 }], then: ['0.01'] },
  ];

  it('FIRST picks the first matching row; the bounds are as written', () => {
    const c = compileRuleSet(tableDoc({ rows }));
    expect([9999, 10000, 49999, 50000].map((qty) => c.evaluate({ category: 'MCU', qty }).outputs.rate)).toEqual(['0.01', '0.02', '0.02', '0.04']);
  });

  it('UNIQUE: overlapping rows are refused at save time with the pointer of the later row', () => {
    const v = validateRuleSet(tableDoc({ hitPolicy: 'UNIQUE', rows }));
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.problems.map((p) => [p.pointer, p.code])).toEqual([['/steps/0/rows/2', 'RUL_ERR_UNIQUE_OVERLAP'], ['/steps/0/rows/2', 'RUL_ERR_UNIQUE_OVERLAP']]);
    const disjoint = validateRuleSet(tableDoc({ hitPolicy: 'UNIQUE', rows: [rows[0], rows[1], { when: ['PWR', { '<': 10000 }], then: ['0'] }, { when: [{ in: ['RF', 'PWR'] }, { '>=': 10000 }], then: ['0'] }] }));
    expect(disjoint.ok).toBe(true);
    const touching = validateRuleSet(tableDoc({ hitPolicy: 'UNIQUE', rows: [{ when: ['MCU', { range: '[0..10]' }], then: ['0'] }, { when: ['MCU', { range: '[10..20)' }], then: ['0'] }] }));
    expect(touching.ok).toBe(false);
  });

  it('PRIORITY picks the highest priority; COLLECT aggregates; RULE_ORDER lists', async () => {
    const prio = tableDoc({ hitPolicy: 'PRIORITY', rows: rows.map((r, i) => ({ ...r, priority: [1, 2, 5][i] })) });
    expect(compileRuleSet(prio).evaluate({ category: 'MCU', qty: 60000 }).outputs.rate).toBe('0.01');
    const sum = tableDoc({ hitPolicy: 'COLLECT', aggregation: 'SUM', rows });
    expect(compileRuleSet(sum).evaluate({ category: 'MCU', qty: 60000 }).outputs.rate).toBe('0.05');
    const max = tableDoc({ hitPolicy: 'COLLECT', aggregation: 'MAX', rows });
    expect(compileRuleSet(max).evaluate({ category: 'MCU', qty: 60000 }).outputs.rate).toBe('0.04');
    const count = tableDoc({ hitPolicy: 'COLLECT', aggregation: 'COUNT', rows }, [{ name: 'rate', type: 'integer' }]);
    expect(compileRuleSet(count).evaluate({ category: 'MCU', qty: 60000 }).outputs.rate).toBe(2);
    const list = tableDoc({ hitPolicy: 'RULE_ORDER', rows, into: 'rates' }, [{ name: 'rates', type: 'list', items: { type: 'rate' } }]);
    expect(compileRuleSet(list).evaluate({ category: 'MCU', qty: 60000 }).outputs.rates).toEqual(['0.04', '0.01']);
    expect((await evaluateReference(list, { category: 'MCU', qty: 60000 })).outputs.rates).toEqual(['0.04', '0.01']);
  });

  it('UNIQUE with two matches at run time is an error', () => {
    const doc = tableDoc({ hitPolicy: 'UNIQUE', rows: [{ when: ['MCU', { op: 'greaterThan', value: 5 }], then: ['0.1'] }, { when: ['MCU', { op: 'greaterThan', value: 6 }], then: ['0.2'] }] });
    expect(validateRuleSet(doc).ok).toBe(true); // operator cells cannot be proven to overlap
    expect(() => compileRuleSet(doc).evaluate({ category: 'MCU', qty: 7 })).toThrow(expect.objectContaining({ code: 'RUL_ERR_UNIQUE_VIOLATION' }));
  });

  it('explain lists every row with the value seen and where the output came from; off by default', async () => {
    const c = compileRuleSet(tableDoc({ rows }));
    expect(c.evaluate({ category: 'MCU', qty: 20000 }).trace).toBeUndefined();
    const { trace } = c.evaluate({ category: 'MCU', qty: 20000 }, { explain: true });
    expect(trace!.find((e) => e.kind === 'row')).toMatchObject({ step: 't', row: 'mcu-1', matched: true, conditions: [{ fact: 'category', factValue: 'MCU', result: true }, { fact: 'qty', operator: '[10000..50000)', factValue: '20000', result: true }] });
    expect(trace!.at(-1)).toMatchObject({ kind: 'output', variable: 'rate', from: 't row mcu-1', assigned: { rate: '0.02' } });
    const ref = await evaluateReference(tableDoc({ rows }), { category: 'MCU', qty: 20000 }, {}, { explain: true });
    expect(ref.trace!.filter((e) => e.kind === 'row').map((e) => e.matched)).toEqual([true, false, true]);
    expect(ref.trace!.at(-1)).toMatchObject({ kind: 'output', variable: 'rate', from: 't row mcu-1' });
  });
});

describe('band tables', () => {
  const doc = (mode: 'RETROACTIVE' | 'MARGINAL'): RuleSetDocument => ({
    key: 'bands', name: { zh: '阶梯', en: 'Bands' },
    inputs: [{ name: 'basis', type: 'money' }], outputs: [{ name: 'amount', type: 'money' }, { name: 'capped', type: 'boolean' }],
    steps: [{ kind: 'bandTable', id: 'b', basis: 'basis', mode, bands: [{ from: '0', rate: '0' }, { from: '100', rate: '0.1' }, { from: '200', rate: '0.2' }], round: 'HALF_UP', floor: '1.00', cap: '50.00', into: { amount: 'amount', capApplied: 'capped' } }],
  });
  it('retroactive applies the reached rate to the whole basis; marginal slice by slice; floor and cap', () => {
    const r = compileRuleSet(doc('RETROACTIVE'));
    const m = compileRuleSet(doc('MARGINAL'));
    expect(['50.00', '100.00', '199.99', '250.00', '300.00'].map((b) => r.evaluate({ basis: b }).outputs.amount)).toEqual(['1.00', '10.00', '20.00', '50.00', '50.00']);
    expect(['50.00', '100.00', '199.99', '250.00', '300.00'].map((b) => m.evaluate({ basis: b }).outputs.amount)).toEqual(['1.00', '1.00', '10.00', '20.00', '30.00']);
    expect(r.evaluate({ basis: '300.00' }).outputs.capped).toBe(true);
  });
  it('bands must increase', () => {
    const bad = doc('MARGINAL');
    (bad.steps[0] as { bands: unknown[] }).bands = [{ from: '0', rate: '0' }, { from: '0', rate: '0.1' }];
    const v = validateRuleSet(bad);
    expect(!v.ok && v.problems[0]).toMatchObject({ pointer: '/steps/0/bands/1/from', code: 'RUL_ERR_BAND_ORDER' });
  });
});
