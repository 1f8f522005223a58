import type { Formula, ParsedFormula } from './formula.js';
import { arith, bool, compare, formulaFunctions, num } from './formula-functions.js';
import type { EvalState } from './evaluation-state.js';
import { spend } from './evaluation-state.js';
import { checkRange } from './money.js';
import { ruleError } from './rule-error.js';
import type { Scope, Value } from './typed-value.js';

/** A compiled formula: a tree of closures built once from the checked AST (no code from tenant text). */
export type CompiledFormula = (scope: Scope, st: EvalState) => Value;

type Node = (s: Scope, st: EvalState) => Value;

export function compileFormula(f: ParsedFormula): CompiledFormula {
  const body = build(f.ast);
  const cost = f.nodeCount;
  return (s, st) => {
    spend(st, cost);
    return body(s, st);
  };
}

function build(f: Formula): Node {
  switch (f.t) {
    case 'const': {
      const v = f.v;
      return () => v;
    }
    case 'var': {
      const name = f.name;
      return (s) => {
        const v = s[name];
        if (v === undefined) throw ruleError('RUL_ERR_UNASSIGNED_VARIABLE', { variable: name });
        return v;
      };
    }
    case 'neg': {
      const a = build(f.a);
      return (s, st) => checkRange(num(a(s, st), '-').neg());
    }
    case 'arith': {
      const a = build(f.a);
      const b = build(f.b);
      const op = f.op;
      return (s, st) => arith(op, a(s, st), b(s, st));
    }
    case 'cmp': {
      const args = f.args.map(build);
      const ops = f.ops;
      if (ops.length === 1) {
        const [a, b] = args;
        const op = ops[0];
        return (s, st) => compare(op, a(s, st), b(s, st));
      }
      return (s, st) => {
        let left = args[0](s, st);
        for (let i = 0; i < ops.length; i++) {
          const right = args[i + 1](s, st);
          if (!compare(ops[i], left, right)) return false;
          left = right;
        }
        return true;
      };
    }
    case 'and': {
      const a = build(f.a);
      const b = build(f.b);
      return (s, st) => bool(a(s, st), 'and') && bool(b(s, st), 'and');
    }
    case 'or': {
      const a = build(f.a);
      const b = build(f.b);
      return (s, st) => bool(a(s, st), 'or') || bool(b(s, st), 'or');
    }
    case 'not': {
      const a = build(f.a);
      return (s, st) => !bool(a(s, st), 'not');
    }
    case 'if': {
      const c = build(f.c);
      const a = build(f.a);
      const b = build(f.b);
      return (s, st) => (bool(c(s, st), '?:') ? a(s, st) : b(s, st));
    }
    case 'call': {
      const fn = formulaFunctions[f.fn];
      const args = f.args.map(build);
      if (args.length === 1) {
        const [a] = args;
        return (s, st) => fn.call([a(s, st)], st);
      }
      return (s, st) => fn.call(args.map((a) => a(s, st)), st);
    }
  }
}
