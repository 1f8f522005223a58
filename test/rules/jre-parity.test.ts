import fc from 'fast-check';
import { Engine } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import type { JreRule, JreTopCondition, RuleSetDocument } from '../../rules/index.js';
import { compileRuleSet, evaluateReference } from '../../rules/index.js';

/** Rules as json-rules-engine's own docs write them: nesting, references, priorities, decorators, paths, fact values. */
const rules: JreRule[] = [
  { name: 'big-and-loyal', priority: 10, conditions: { all: [{ fact: 'amount', operator: 'greaterThanInclusive', value: 1000 }, { any: [{ fact: 'years', operator: 'greaterThan', value: 3 }, { condition: 'vip' }] }] }, event: { type: 'discount', params: { pct: 10 } } },
  { name: 'not-blocked', conditions: { not: { fact: 'status', operator: 'in', value: ['BLOCKED', 'SUSPENDED'] } }, event: { type: 'allowed' } },
  { name: 'tagged', priority: 5, conditions: { any: [{ fact: 'tags', operator: 'contains', value: 'gold' }, { fact: 'tags', operator: 'doesNotContain', value: 'new' }] }, event: { type: 'tagged' } },
  { name: 'nested-path', conditions: { all: [{ fact: 'account', path: '$.owner.region', operator: 'equal', value: 'EAST' }, { fact: 'account', path: '$.limits[0]', operator: 'lessThan', value: { fact: 'amount' } }] }, event: { type: 'path' } },
  { name: 'decorated', priority: 2, conditions: { all: [{ fact: 'scores', operator: 'someFact:greaterThan', value: 80 }, { fact: 'scores', operator: 'everyFact:not:equal', value: 0 }] }, event: { type: 'scores' } },
  { name: 'swapped', conditions: { all: [{ fact: 'status', operator: 'swap:in', value: ['ACTIVE', 'NEW'] }] }, event: { type: 'swap' } },
  { name: 'empty-any', conditions: { any: [] }, event: { type: 'empty-any' } },
  { name: 'years-range', priority: 3, conditions: { all: [{ fact: 'years', operator: 'lessThanInclusive', value: 10 }, { fact: 'years', operator: 'notEqual', value: 5 }, { fact: 'status', operator: 'notIn', value: ['X'] }] }, event: { type: 'range' } },
];
const shared: Record<string, JreTopCondition> = { vip: { all: [{ fact: 'tags', operator: 'contains', value: 'vip' }] } };

const doc: RuleSetDocument = {
  key: 'jre-parity', name: { zh: '一致性', en: 'Parity' },
  inputs: [
    { name: 'amount', type: 'number' }, { name: 'years', type: 'integer' }, { name: 'status', type: 'string' },
    { name: 'tags', type: 'list', items: { type: 'string' } }, { name: 'scores', type: 'list', items: { type: 'number' } }, { name: 'account', type: 'object' },
  ],
  outputs: [{ name: 'events', type: 'list' }],
  steps: [{ kind: 'rules', id: 'r', rules, conditions: shared, eventsInto: 'events' }],
};

async function rawJre(facts: Record<string, unknown>): Promise<{ type: string; params: Record<string, unknown> }[]> {
  const engine = new Engine();
  engine.setCondition('vip', shared.vip as never);
  rules.forEach((r, i) => engine.addRule({ ...structuredClone(r), name: String(i) } as never));
  const { results } = await engine.run(structuredClone(facts));
  return results
    .map((r) => Number(r.name))
    .sort((a, b) => (rules[b].priority ?? 1) - (rules[a].priority ?? 1) || a - b)
    .map((i) => ({ type: rules[i].event.type, params: (rules[i].event.params ?? {}) as Record<string, unknown> }));
}

const factsArb = fc.record({
  amount: fc.oneof(fc.constantFrom(999, 1000, 1000.5, 0, -1), fc.integer({ min: -2000, max: 5000 })),
  years: fc.integer({ min: 0, max: 12 }),
  status: fc.constantFrom('ACTIVE', 'NEW', 'BLOCKED', 'SUSPENDED', 'X', ''),
  tags: fc.subarray(['gold', 'vip', 'new', 'x']),
  scores: fc.array(fc.constantFrom(0, 1, 80, 81, 100), { maxLength: 4 }),
  account: fc.record({ owner: fc.record({ region: fc.constantFrom('EAST', 'WEST') }), limits: fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 2 }) }),
});

describe('json-rules-engine parity', () => {
  const compiled = compileRuleSet(doc);

  it('fires the same events as json-rules-engine itself, in priority then document order', async () => {
    await fc.assert(
      fc.asyncProperty(factsArb, async (facts) => {
        const expected = await rawJre(facts);
        expect(compiled.evaluate(facts).outputs.events).toEqual(expected);
        expect((await evaluateReference(doc, facts)).outputs.events).toEqual(expected);
      }),
      { numRuns: 300, seed: 20250610 },
    );
  });

  it('concurrent reference evaluations do not interfere (a fresh Engine each, never stop())', async () => {
    const samples = fc.sample(factsArb, { numRuns: 200, seed: 7 });
    const results = await Promise.all(samples.map((f) => evaluateReference(doc, f)));
    results.forEach((r, i) => expect(r.outputs).toEqual(compiled.evaluate(samples[i]).outputs));
  });
});
