import { Engine } from 'json-rules-engine';
import type { RuleResult } from 'json-rules-engine';
import type { ConditionTrace } from './explain/trace.js';
import { resolveFactPath } from './fact-path.js';
import type { OperatorEnv } from './operators.js';
import { operators } from './operators.js';
import type { JreCondition, JreTopCondition } from './rule-set.types.js';
import type { Scope } from './typed-value.js';
import { toJsonView } from './typed-value.js';

/**
 * The reference path's use of json-rules-engine: a fresh Engine for every run (nothing calls
 * stop(), nothing is shared between evaluations), our operators registered next to the engine's
 * own ten, and our path resolver so both paths read paths the same way.
 */
export interface JreRun {
  /** Indexes of the rules that fired, by priority (high first) then document order. */
  fired: number[];
  /** Per rule index: its condition tree with fact values and results (explain only). */
  traces: Map<number, ConditionTrace>;
}

export interface JreRuleInput {
  conditions: JreTopCondition;
  priority?: number;
}

export function factsOf(scope: Scope): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  // for…in walks the forEach scope chain (inner names shadow outer ones)
  for (const k in scope) if (!(k in facts)) facts[k] = toJsonView(scope[k]);
  return facts;
}

export async function runJre(rules: readonly JreRuleInput[], shared: Record<string, JreTopCondition>, scope: Scope, env: OperatorEnv, explain: boolean): Promise<JreRun> {
  const engine = new Engine([], { allowUndefinedFacts: false, pathResolver: (value, path) => resolveFactPath(value, path) });
  for (const op of operators) {
    if (op.source === 'channelflow') engine.addOperator(op.name, (a: unknown, b: unknown) => op.test(a, b, env));
  }
  for (const [name, c] of Object.entries(shared)) engine.setCondition(name, structuredClone(c) as never);
  rules.forEach((r, index) => {
    engine.addRule({ conditions: structuredClone(r.conditions) as never, event: { type: 'fired' }, priority: r.priority ?? 1, name: String(index) });
  });
  const result = await engine.run(factsOf(scope));
  const priorityOf = (i: number) => rules[i].priority ?? 1;
  const fired = result.results.map((r) => Number(r.name)).sort((a, b) => priorityOf(b) - priorityOf(a) || a - b);
  const traces = new Map<number, ConditionTrace>();
  if (explain) {
    for (const r of [...result.results, ...result.failureResults]) traces.set(Number(r.name), toTrace((r as RuleResult).conditions as unknown as JreCondition & Record<string, unknown>));
  }
  return { fired, traces };
}

function toTrace(c: JreCondition & Record<string, unknown>): ConditionTrace {
  for (const group of ['all', 'any'] as const) {
    if (Array.isArray(c[group])) return { group, children: (c[group] as never[]).map(toTrace), result: c.result as boolean | undefined };
  }
  if (c.not && typeof c.not === 'object') return { group: 'not', children: [toTrace(c.not as never)], result: c.result as boolean | undefined };
  if (typeof c.condition === 'string') return { condition: c.condition, result: c.result as boolean | undefined };
  return { fact: c.fact as string, path: c.path as string | undefined, operator: c.operator as string, value: c.value, factValue: c.factResult, result: c.result as boolean | undefined };
}
