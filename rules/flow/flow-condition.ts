import type { JreCondition, OperatorDescriptor, RegionNode } from '../index.js';
import { resolveOperator } from '../index.js';
import type { Json } from './flow-state.types.js';

type OperatorEnv = Parameters<OperatorDescriptor['test']>[2];

/** The region operators' view of the tenant tree (covers = itself or an ancestor). */
function regionEnv(regions: readonly RegionNode[] | undefined): OperatorEnv {
  const parent = new Map((regions ?? []).map((r) => [r.code, r.parent]));
  const ancestors = (code: string): string[] => {
    const out: string[] = [];
    for (let c: string | null | undefined = code; c != null && out.length < 64; c = parent.get(c)) out.push(c);
    return out;
  };
  return {
    regions: {
      covers: (region, code) => ancestors(code).includes(region),
      topRegion: (code) => { const a = ancestors(code); return a.length >= 2 ? a[a.length - 2] : a[0] ?? null; },
      has: (code) => parent.has(code),
    },
  };
}

/** json-rules-engine paths as the rules library accepts them: $.a.b and $.a[0]. */
function followPath(value: unknown, path: string | undefined): unknown {
  if (path === undefined) return value;
  const m = /^\$((\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*)$/.exec(path);
  if (!m) return undefined;
  let cur: unknown = value;
  for (const seg of m[1].match(/\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\]/g) ?? []) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = seg.startsWith('[') ? (cur as unknown[])[Number(seg.slice(1, -1))] : (cur as Record<string, unknown>)[seg.slice(1)];
  }
  return cur;
}

function isFactRef(v: unknown): v is { fact: string; path?: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { fact?: unknown }).fact === 'string';
}

/**
 * Evaluates a json-rules-engine condition over the instance variables with the rules library's
 * operators (facts are the variables as JSON; decimals are strings). An unknown operator, a
 * condition reference or a missing fact is false (the graph check rejects the first two at publish).
 */
export function evaluateCondition(c: JreCondition, variables: Record<string, Json>, regions?: readonly RegionNode[]): boolean {
  const env = regionEnv(regions);
  const run = (x: JreCondition): boolean => {
    if ('all' in x) return x.all.every(run);
    if ('any' in x) return x.any.length === 0 || x.any.some(run);
    if ('not' in x) return !run(x.not);
    if ('condition' in x) return false;
    const op = resolveOperator(x.operator);
    if (!op || !Object.prototype.hasOwnProperty.call(variables, x.fact)) return false;
    const fact = followPath(variables[x.fact], x.path);
    const value = isFactRef(x.value) ? followPath(variables[x.value.fact], x.value.path) : x.value;
    return op.test(fact, value, env);
  };
  return run(c);
}

/** Problems a schema cannot see: unknown operators and references to shared conditions. */
export function conditionProblems(c: JreCondition, pointer: string): { pointer: string; message: string }[] {
  if ('all' in c) return c.all.flatMap((x, i) => conditionProblems(x, `${pointer}/all/${i}`));
  if ('any' in c) return c.any.flatMap((x, i) => conditionProblems(x, `${pointer}/any/${i}`));
  if ('not' in c) return conditionProblems(c.not, `${pointer}/not`);
  if ('condition' in c) return [{ pointer, message: 'shared condition references are not available in workflows' }];
  return resolveOperator(c.operator) ? [] : [{ pointer: `${pointer}/operator`, message: `unknown operator ${c.operator}` }];
}

/** Facts (variable names) a condition reads. */
export function conditionFacts(c: JreCondition, into: Set<string> = new Set()): Set<string> {
  if ('all' in c) c.all.forEach((x) => conditionFacts(x, into));
  else if ('any' in c) c.any.forEach((x) => conditionFacts(x, into));
  else if ('not' in c) conditionFacts(c.not, into);
  else if ('fact' in c) { into.add(c.fact); if (isFactRef(c.value)) into.add(c.value.fact); }
  return into;
}
