import type { Formula, ParsedFormula } from './formula.js';
import { arith, bool, compare, formulaFunctions, num } from './formula-functions.js';
import type { EvalState } from './evaluation-state.js';
import { spend } from './evaluation-state.js';
import { checkRange } from './money.js';
import { ruleError } from './rule-error.js';
import type { Scope, Value } from './typed-value.js';

/** The reference interpretation of a formula: a plain walk over the checked AST on every call. */
export function evaluateFormulaReference(f: ParsedFormula, scope: Scope, st: EvalState): Value {
  spend(st, f.nodeCount);
  return walk(f.ast, scope, st);
}

function walk(f: Formula, s: Scope, st: EvalState): Value {
  switch (f.t) {
    case 'const':
      return f.v;
    case 'var': {
      const v = s[f.name];
      if (v === undefined) throw ruleError('RUL_ERR_UNASSIGNED_VARIABLE', { variable: f.name });
      return v;
    }
    case 'neg':
      return checkRange(num(walk(f.a, s, st), '-').neg());
    case 'arith':
      return arith(f.op, walk(f.a, s, st), walk(f.b, s, st));
    case 'cmp': {
      const values = f.args.map((a) => walk(a, s, st));
      return f.ops.every((op, i) => compare(op, values[i], values[i + 1]));
    }
    case 'and':
      return bool(walk(f.a, s, st), 'and') ? bool(walk(f.b, s, st), 'and') : false;
    case 'or':
      return bool(walk(f.a, s, st), 'or') ? true : bool(walk(f.b, s, st), 'or');
    case 'not':
      return !bool(walk(f.a, s, st), 'not');
    case 'if':
      return bool(walk(f.c, s, st), '?:') ? walk(f.a, s, st) : walk(f.b, s, st);
    case 'call':
      return formulaFunctions[f.fn].call(f.args.map((a) => walk(a, s, st)), st);
  }
}
