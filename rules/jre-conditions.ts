import type { ConditionTrace } from './explain/trace.js';
import type { EvalState } from './evaluation-state.js';
import { resolveFactPath } from './fact-path.js';
import { resolveOperator } from './operators.js';
import { ruleError } from './rule-error.js';
import type { JreCondition, JreTopCondition } from './rule-set.types.js';
import type { Scope, Value } from './typed-value.js';
import { toJsonView } from './typed-value.js';
import { isDecimal, parseDecimal } from './money.js';

/**
 * json-rules-engine conditions compiled to closures, with the engine's semantics: a fact is read
 * from the scope in its JSON form (decimals as strings), a path applies to object facts only, a
 * value { "fact": … } is read the same way, an empty all/any is true, and the engine's own ten
 * operators get JSON values while ours may take exact decimals directly.
 */
export type CompiledCondition = (s: Scope, st: EvalState, out: ConditionTrace[] | null) => boolean;

function isFactRef(v: unknown): v is { fact: string; path?: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, 'fact');
}

function read(s: Scope, fact: string): Value {
  const v = s[fact];
  if (v === undefined) throw ruleError('RUL_ERR_UNASSIGNED_VARIABLE', { variable: fact });
  return v;
}

/** The fact as an operator sees it: JSON form for json-rules-engine's own operators. */
function view(v: Value, native: boolean, path: string | undefined): unknown {
  if (path !== undefined) return resolveFactPath(toJsonView(v), path);
  if (native) return isDecimal(v) || typeof v === 'object' ? toJsonView(v) : v;
  return v;
}

export function compileCondition(c: JreCondition, shared: Record<string, JreTopCondition>, seen: ReadonlySet<string> = new Set()): CompiledCondition {
  if ('all' in c || 'any' in c) {
    const isAll = 'all' in c;
    const parts = ((isAll ? (c as { all: JreCondition[] }).all : (c as { any: JreCondition[] }).any) ?? []).map((x) => compileCondition(x, shared, seen));
    const group = isAll ? 'all' : 'any';
    return (s, st, out) => {
      if (out === null) {
        if (isAll) {
          for (const p of parts) if (!p(s, st, null)) return false;
          return true;
        }
        if (parts.length === 0) return true;
        for (const p of parts) if (p(s, st, null)) return true;
        return false;
      }
      const children: ConditionTrace[] = [];
      let result = isAll || parts.length === 0;
      for (const p of parts) {
        const r = p(s, st, children);
        if (isAll && !r) { result = false; break; }
        if (!isAll && r) { result = true; break; }
      }
      out.push({ group, children, result });
      return result;
    };
  }
  if ('not' in c) {
    const inner = compileCondition(c.not, shared, seen);
    return (s, st, out) => {
      if (out === null) return !inner(s, st, null);
      const children: ConditionTrace[] = [];
      const result = !inner(s, st, children);
      out.push({ group: 'not', children, result });
      return result;
    };
  }
  if ('condition' in c) {
    const name = c.condition;
    const target = Object.prototype.hasOwnProperty.call(shared, name) ? shared[name] : undefined;
    if (!target || seen.has(name)) throw ruleError('RUL_ERR_UNKNOWN_CONDITION', { name });
    const inner = compileCondition(target, shared, new Set([...seen, name]));
    return (s, st, out) => {
      if (out === null) return inner(s, st, null);
      const children: ConditionTrace[] = [];
      const result = inner(s, st, children);
      out.push({ condition: name, children, result });
      return result;
    };
  }
  const fc = c;
  const op = resolveOperator(fc.operator);
  if (!op) throw ruleError('RUL_ERR_UNKNOWN_OPERATOR', { name: fc.operator });
  const { fact, path } = fc;
  const native = op.native || fc.operator.includes(':');
  const test = op.test;
  if (isFactRef(fc.value)) {
    const ref = fc.value;
    return (s, st, out) => {
      const f = view(read(s, fact), native, path);
      const result = test(f, view(read(s, ref.fact), native, ref.path), st) === true;
      if (out !== null) out.push({ fact, path, operator: fc.operator, value: fc.value, factValue: toJsonView(f as Value), result });
      return result;
    };
  }
  // our decimal operators get the constant pre-parsed once
  const raw = fc.value;
  const pre = !native && op.base.valueType === 'decimal' && (typeof raw === 'string' || typeof raw === 'number') ? parseDecimal(raw) ?? raw : raw;
  if (path === undefined) {
    // the common leaf, a fact against a constant: the fact's JSON view only for the engine's own operators
    return (s, st, out) => {
      const v = read(s, fact);
      const f = native && typeof v === 'object' && v !== null ? toJsonView(v) : v;
      const result = test(f, pre, st) === true;
      if (out !== null) out.push({ fact, path, operator: fc.operator, value: fc.value, factValue: toJsonView(f as Value), result });
      return result;
    };
  }
  return (s, st, out) => {
    const f = view(read(s, fact), native, path);
    const result = test(f, pre, st) === true;
    if (out !== null) out.push({ fact, path, operator: fc.operator, value: fc.value, factValue: toJsonView(f as Value), result });
    return result;
  };
}
