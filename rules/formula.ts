import { create, parseDependencies } from 'mathjs';
import type { MathNode } from 'mathjs';
import type { RuleErrorCode } from './rule-error.js';
import { checkRange, Dec, type Decimal } from './money.js';
import { isAppError } from './rule-error.js';
import type { Value } from './typed-value.js';
import { arith, formulaFunctions, type ArgRange } from './formula-functions.js';

/**
 * Formulas: mathjs is used only as the parser (`parse` → AST; never `evaluate`). The AST is checked
 * against an allow-list and converted to our own small tree, which formula-compile.ts turns into
 * closures and formula-reference.ts walks. Numbers are parsed as exact decimals.
 */
export const FORMULA_LIMITS = { maxLength: 2000, maxDepth: 32, maxNodes: 400 } as const;

const math = create({ parseDependencies }, { number: 'BigNumber', precision: 64 });

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type ArithOp = '+' | '-' | '*' | '/';

export type Formula =
  | { t: 'const'; v: Value }
  | { t: 'var'; name: string }
  | { t: 'neg'; a: Formula }
  | { t: 'arith'; op: ArithOp; a: Formula; b: Formula }
  | { t: 'cmp'; ops: CompareOp[]; args: Formula[] }
  | { t: 'and' | 'or'; a: Formula; b: Formula }
  | { t: 'not'; a: Formula }
  | { t: 'if'; c: Formula; a: Formula; b: Formula }
  | { t: 'call'; fn: string; args: Formula[] };

export interface ParsedFormula {
  source: string;
  ast: Formula;
  /** Variables the formula reads. */
  names: Set<string>;
  nodeCount: number;
}

export interface FormulaProblem {
  code: RuleErrorCode;
  message: string;
}

export type ParseResult = { ok: true; formula: ParsedFormula } | { ok: false; problem: FormulaProblem };

const ARITH: Record<string, ArithOp> = { add: '+', subtract: '-', multiply: '*', divide: '/' };
const COMPARE: Record<string, CompareOp> = {
  equal: '==', unequal: '!=', smaller: '<', smallerEq: '<=', larger: '>', largerEq: '>=',
};
const COMPARE_OP_TEXT = new Set<string>(['==', '!=', '<', '<=', '>', '>=']);

/** Decimals a constant may carry: what a division keeps (money.ts `Dec.DP`). */
const MAX_CONSTANT_DECIMALS = Dec.DP;

/** A numeric literal within the range evaluation accepts (money.ts `checkRange`), or a rejection. */
function checkConstant(x: Decimal, text: string): void {
  const decimals = Math.max(0, x.c.length - x.e - 1);
  let inRange = decimals <= MAX_CONSTANT_DECIMALS;
  try {
    checkRange(x);
  } catch {
    inRange = false;
  }
  if (!inRange) reject('RUL_ERR_FORMULA_OUT_OF_RANGE', `the number ${text} is out of range (|x| < 1e31, at most ${MAX_CONSTANT_DECIMALS} decimals)`);
}

/**
 * The value of a sub-formula made only of numbers (`2 * 1e30`, `-3`), computed with the evaluator's own
 * arithmetic so that what would fail at evaluation fails here; undefined when it reads a variable.
 */
function constantValue(f: Formula): Decimal | undefined {
  if (f.t === 'const') return f.v instanceof Dec ? f.v : undefined;
  if (f.t === 'neg') return constantValue(f.a)?.neg();
  if (f.t !== 'arith') return undefined;
  const a = constantValue(f.a);
  const b = constantValue(f.b);
  if (a === undefined || b === undefined) return undefined;
  try {
    return arith(f.op, a, b);
  } catch (e) {
    if (!isAppError(e)) throw e;
    return reject(e.code === 'RUL_ERR_DIVISION_BY_ZERO' ? 'RUL_ERR_DIVISION_BY_ZERO' : 'RUL_ERR_FORMULA_OUT_OF_RANGE', `${a.toFixed()} ${f.op} ${b.toFixed()}: ${e.message}`);
  }
}

/** A constant argument of a function with a declared range (round's places, addDays' days) must lie in it. */
function checkArgRange(fn: string, position: number, range: ArgRange, arg: Formula): void {
  const v = constantValue(arg);
  if (v === undefined) return; // a variable: checked when evaluated, against the same range
  const n = Number(v.toFixed());
  if (!Number.isInteger(n) || n < range.min || n > range.max) {
    reject('RUL_ERR_FORMULA_OUT_OF_RANGE', `argument ${position + 1} of ${fn} (${range.what}) must be an integer ${range.min}..${range.max}, got ${v.toFixed()}`);
  }
}

class Rejection extends Error {
  constructor(readonly problem: FormulaProblem) {
    super(problem.message);
  }
}

function reject(code: RuleErrorCode, message: string): never {
  throw new Rejection({ code, message });
}

/**
 * Parses and checks a formula. `isKnown` says whether a name is a declared variable at this point
 * of the rule set; unknown names, syntax errors and forbidden constructs are rejected here, at
 * save time.
 */
export function parseFormula(source: string, isKnown: (name: string) => boolean): ParseResult {
  if (typeof source !== 'string' || source.trim() === '') return { ok: false, problem: { code: 'RUL_ERR_FORMULA_SYNTAX', message: 'empty formula' } };
  if (source.length > FORMULA_LIMITS.maxLength) {
    return { ok: false, problem: { code: 'RUL_ERR_FORMULA_TOO_LONG', message: `${source.length} characters, at most ${FORMULA_LIMITS.maxLength}` } };
  }
  // mathjs reads '\n' and ';' as statement separators: a formula is one expression.
  if (/[;\n\r]/.test(source)) return { ok: false, problem: { code: 'RUL_ERR_FORMULA_FORBIDDEN', message: 'a formula is a single expression (no ";" or line breaks)' } };
  let node: MathNode;
  try {
    node = math.parse(source);
  } catch (e) {
    return { ok: false, problem: { code: 'RUL_ERR_FORMULA_SYNTAX', message: (e as Error).message } };
  }
  const names = new Set<string>();
  let count = 0;
  const convert = (n: MathNode, depth: number): Formula => {
    if (++count > FORMULA_LIMITS.maxNodes) reject('RUL_ERR_FORMULA_TOO_LARGE', `more than ${FORMULA_LIMITS.maxNodes} nodes`);
    if (depth > FORMULA_LIMITS.maxDepth) reject('RUL_ERR_FORMULA_TOO_DEEP', `nested deeper than ${FORMULA_LIMITS.maxDepth}`);
    const d = depth + 1;
    const any = n as unknown as Record<string, unknown>;
    switch (n.type) {
      case 'ParenthesisNode':
        count--;
        return convert(any.content as MathNode, d);
      case 'ConstantNode': {
        const v = any.value;
        if (v === null || typeof v === 'boolean' || typeof v === 'string') return { t: 'const', v };
        if (v && typeof v === 'object' && typeof (v as { isBigNumber?: boolean }).isBigNumber === 'boolean') {
          const text = String(v);
          if (!(v as { isFinite(): boolean }).isFinite()) reject('RUL_ERR_FORMULA_OUT_OF_RANGE', `the number ${String(any.value)} is out of range`);
          if (text.replace(/[^0-9]/g, '').length > 40) reject('RUL_ERR_FORMULA_FORBIDDEN', 'a numeric constant has more than 40 digits');
          const x = new Dec(text);
          checkConstant(x, text);
          return { t: 'const', v: x };
        }
        return reject('RUL_ERR_FORMULA_FORBIDDEN', `constant of type ${typeof v}`);
      }
      case 'SymbolNode': {
        const name = String(any.name);
        if (!isKnown(name)) reject('RUL_ERR_FORMULA_UNKNOWN_NAME', `unknown name "${name}"`);
        names.add(name);
        return { t: 'var', name };
      }
      case 'OperatorNode': {
        const fn = String(any.fn);
        const args = any.args as MathNode[];
        if (any.implicit) reject('RUL_ERR_FORMULA_FORBIDDEN', 'implicit multiplication (write "2 * x", not "2x")');
        if (any.isPercentage) reject('RUL_ERR_FORMULA_FORBIDDEN', 'percent literals (write 0.05, not 5%)');
        if (fn in ARITH && args.length === 2) {
          const node: Formula = { t: 'arith', op: ARITH[fn], a: convert(args[0], d), b: convert(args[1], d) };
          if (node.op === '/' && constantValue(node.b)?.eq(0)) reject('RUL_ERR_DIVISION_BY_ZERO', 'division by the constant 0');
          constantValue(node);
          return node;
        }
        if (fn === 'unaryMinus') {
          const node: Formula = { t: 'neg', a: convert(args[0], d) };
          constantValue(node);
          return node;
        }
        if (fn in COMPARE && args.length === 2) return { t: 'cmp', ops: [COMPARE[fn]], args: [convert(args[0], d), convert(args[1], d)] };
        if (fn === 'unaryPlus') return convert(args[0], d);
        if (fn === 'and' || fn === 'or') return { t: fn, a: convert(args[0], d), b: convert(args[1], d) };
        if (fn === 'not') return { t: 'not', a: convert(args[0], d) };
        return reject('RUL_ERR_FORMULA_FORBIDDEN', `operator "${String(any.op)}"`);
      }
      case 'RelationalNode': {
        const ops = (any.conditionals as string[]).map((c) => COMPARE[c]);
        if (ops.some((o) => !o || !COMPARE_OP_TEXT.has(o))) reject('RUL_ERR_FORMULA_FORBIDDEN', 'comparison');
        return { t: 'cmp', ops, args: (any.params as MathNode[]).map((p) => convert(p, d)) };
      }
      case 'ConditionalNode':
        return { t: 'if', c: convert(any.condition as MathNode, d), a: convert(any.trueExpr as MathNode, d), b: convert(any.falseExpr as MathNode, d) };
      case 'FunctionNode': {
        const fnNode = any.fn as MathNode;
        if (fnNode.type !== 'SymbolNode') reject('RUL_ERR_FORMULA_FORBIDDEN', 'calling a computed function');
        const name = String((fnNode as unknown as { name: string }).name);
        const def = Object.prototype.hasOwnProperty.call(formulaFunctions, name) ? formulaFunctions[name] : undefined;
        if (!def) reject('RUL_ERR_FORMULA_UNKNOWN_NAME', `unknown function "${name}"`);
        const args = (any.args as MathNode[]).map((a) => convert(a, d));
        if (args.length < def.minArgs || args.length > def.maxArgs) {
          reject('RUL_ERR_FORMULA_ARITY', `${name} takes ${def.minArgs === def.maxArgs ? def.minArgs : `${def.minArgs}–${def.maxArgs === Infinity ? 'n' : def.maxArgs}`} argument(s), got ${args.length}`);
        }
        for (const [position, range] of Object.entries(def.ranges ?? {})) {
          if (args[Number(position)] !== undefined) checkArgRange(name, Number(position), range, args[Number(position)]);
        }
        return { t: 'call', fn: name, args };
      }
      case 'AccessorNode':
      case 'IndexNode':
        return reject('RUL_ERR_FORMULA_FORBIDDEN', 'property access and indexing');
      case 'AssignmentNode':
        return reject('RUL_ERR_FORMULA_FORBIDDEN', 'assignment');
      case 'FunctionAssignmentNode':
        return reject('RUL_ERR_FORMULA_FORBIDDEN', 'function definitions');
      case 'RangeNode':
        return reject('RUL_ERR_FORMULA_FORBIDDEN', 'ranges');
      default:
        return reject('RUL_ERR_FORMULA_FORBIDDEN', `${n.type.replace(/Node$/, '').toLowerCase()} expressions`);
    }
  };
  try {
    const ast = convert(node, 1);
    return { ok: true, formula: { source, ast, names, nodeCount: count } };
  } catch (e) {
    if (e instanceof Rejection) return { ok: false, problem: e.problem };
    throw e;
  }
}

/** Parses a formula already validated at save time; a failure here means validation was skipped. */
export function parseTrusted(source: string): ParsedFormula {
  const r = parseFormula(source, () => true);
  if (!r.ok) throw new Error(`formula not validated: ${r.problem.message}`);
  return r.formula;
}
