import type { CompiledFormula } from './formula-compile.js';
import { compileFormula } from './formula-compile.js';
import { parseTrusted } from './formula.js';
import { evaluateFormulaReference } from './formula-reference.js';
import type { EvalState } from './evaluation-state.js';
import type { Expr, ItemDecl, ValueSpec } from './rule-set.types.js';
import type { Scope, Value, ValueRecord } from './typed-value.js';
import { fromJson, toTyped } from './typed-value.js';

export function isExpr(v: unknown): v is Expr {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Expr).$expr === 'string';
}

/** Typed literals are converted once ("0.12" in a rate column becomes an exact decimal). */
function literal(spec: ValueSpec, type: ItemDecl | undefined, where: string): Value {
  return type ? toTyped(type, spec, where) : fromJson(spec);
}

/** Compiles a literal-or-formula value (nested arrays and objects may hold formulas). */
export function compileValueSpec(spec: ValueSpec, type?: ItemDecl, where = 'value'): CompiledFormula {
  if (isExpr(spec)) return compileFormula(parseTrusted(spec.$expr));
  if (Array.isArray(spec)) {
    if (!spec.some(holdsExpr)) {
      const v = literal(spec, type, where);
      return () => v;
    }
    const parts = spec.map((s) => compileValueSpec(s));
    return (scope, st) => parts.map((p) => p(scope, st));
  }
  if (spec !== null && typeof spec === 'object') {
    if (!holdsExpr(spec)) {
      const v = literal(spec, type, where);
      return () => v;
    }
    const entries = Object.entries(spec).map(([k, s]) => [k, compileValueSpec(s)] as const);
    return (scope, st) => {
      const out: ValueRecord = {};
      for (const [k, p] of entries) out[k] = p(scope, st);
      return out;
    };
  }
  const v = literal(spec, type, where);
  return () => v;
}

/** The reference interpretation of a value spec: parse and walk on every call. */
export function evaluateValueSpecReference(spec: ValueSpec, scope: Scope, st: EvalState, type?: ItemDecl, where = 'value'): Value {
  if (isExpr(spec)) return evaluateFormulaReference(parseTrusted(spec.$expr), scope, st);
  if (!holdsExpr(spec)) return literal(spec, type, where);
  if (Array.isArray(spec)) return spec.map((s) => evaluateValueSpecReference(s, scope, st));
  const out: ValueRecord = {};
  for (const [k, s] of Object.entries(spec as Record<string, ValueSpec>)) out[k] = evaluateValueSpecReference(s, scope, st);
  return out;
}

export function holdsExpr(spec: ValueSpec): boolean {
  if (isExpr(spec)) return true;
  if (Array.isArray(spec)) return spec.some(holdsExpr);
  if (spec !== null && typeof spec === 'object') return Object.values(spec).some(holdsExpr);
  return false;
}

/** Every formula text inside a value spec, with its JSON pointer suffix. */
export function formulasIn(spec: ValueSpec, pointer: string): { source: string; pointer: string }[] {
  if (isExpr(spec)) return [{ source: spec.$expr, pointer: `${pointer}/$expr` }];
  if (Array.isArray(spec)) return spec.flatMap((s, i) => formulasIn(s, `${pointer}/${i}`));
  if (spec !== null && typeof spec === 'object') return Object.entries(spec).flatMap(([k, s]) => formulasIn(s, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  return [];
}
