import type { Decimal } from './money.js';
import { Dec, parseDecimal } from './money.js';
import { resolveOperator } from './operators.js';
import type { Cell, JreCondition, Literal, ValueType } from './rule-set.types.js';

/**
 * Decision-table cells, normalized once. The compiled path turns them into closures, the reference
 * path into json-rules-engine conditions over the operators list, and validation into sets for
 * the UNIQUE overlap check.
 */
export type CompareSymbol = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type CellTest =
  | { k: 'any' }
  | { k: 'cmp'; op: CompareSymbol; value: Literal }
  | { k: 'range'; lo: string; loIncl: boolean; hi: string; hiIncl: boolean }
  | { k: 'in'; values: Literal[]; negate: boolean }
  | { k: 'op'; op: string; value: unknown };

const NUMERIC: ReadonlySet<ValueType> = new Set(['decimal', 'money', 'rate', 'integer', 'number']);

export function isNumericColumn(t: ValueType): boolean {
  return NUMERIC.has(t);
}

const RANGE = /^([[(])\s*(-?\d+(?:\.\d+)?)\s*\.\.\s*(-?\d+(?:\.\d+)?)\s*([\])])$/;

/** Normalizes a cell; a string message when the cell does not fit its column. */
export function parseCell(cell: Cell, type: ValueType): CellTest | string {
  const numeric = isNumericColumn(type);
  if (cell === null) return { k: 'any' };
  if (typeof cell !== 'object') return checkLiteral({ k: 'cmp', op: '=', value: cell }, numeric);
  const key = Object.keys(cell)[0];
  const value = (cell as Record<string, unknown>)[key];
  switch (key) {
    case 'any':
      return { k: 'any' };
    case '=':
    case '!=':
      return checkLiteral({ k: 'cmp', op: key, value: value as Literal }, numeric);
    case '<':
    case '<=':
    case '>':
    case '>=':
      if (!numeric) return `"${key}" needs a numeric column`;
      return checkLiteral({ k: 'cmp', op: key, value: value as Literal }, numeric);
    case 'range': {
      if (!numeric) return 'a range needs a numeric column';
      const m = RANGE.exec(String(value));
      if (!m) return `bad range "${String(value)}"`;
      if (new Dec(m[2]).gt(new Dec(m[3]))) return `empty range "${String(value)}"`;
      return { k: 'range', lo: m[2], loIncl: m[1] === '[', hi: m[3], hiIncl: m[4] === ']' };
    }
    case 'in':
    case 'notIn': {
      const values = value as Literal[];
      if (numeric) for (const v of values) if (numberProblem(v)) return `a numeric column needs numbers in a set: ${numberProblem(v)}`;
      return { k: 'in', values, negate: key === 'notIn' };
    }
    case 'op': {
      const op = String((cell as { op: string }).op);
      if (!resolveOperator(op)) return `unknown operator "${op}"`;
      return { k: 'op', op, value: (cell as { value: unknown }).value };
    }
    default:
      return `unknown cell "${key}"`;
  }
}

function checkLiteral(t: CellTest & { k: 'cmp' }, numeric: boolean): CellTest | string {
  return (numeric && numberProblem(t.value)) || t;
}

/** Why a literal is not a number evaluation accepts; one out of range (1e999) is refused here, not when evaluated. */
function numberProblem(v: unknown): string | undefined {
  try {
    return parseDecimal(v) === undefined ? `"${String(v)}" is not a number` : undefined;
  } catch {
    return `"${String(v)}" is out of the allowed range`;
  }
}

/** The cell as json-rules-engine conditions on the column's fact (empty: no condition). */
export function cellToConditions(t: CellTest, fact: string, path: string | undefined, type: ValueType): JreCondition[] {
  const numeric = isNumericColumn(type);
  const c = (operator: string, value: unknown): JreCondition => (path ? { fact, path, operator, value } : { fact, operator, value });
  switch (t.k) {
    case 'any':
      return [];
    case 'cmp': {
      if (!numeric) return [c(t.op === '=' ? 'equal' : 'notEqual', t.value)];
      const name = { '=': 'decimalEqual', '!=': 'decimalNotEqual', '<': 'decimalLessThan', '<=': 'decimalLessThanInclusive', '>': 'decimalGreaterThan', '>=': 'decimalGreaterThanInclusive' }[t.op];
      return [c(name, String(t.value))];
    }
    case 'range':
      return [c(t.loIncl ? 'decimalGreaterThanInclusive' : 'decimalGreaterThan', t.lo), c(t.hiIncl ? 'decimalLessThanInclusive' : 'decimalLessThan', t.hi)];
    case 'in':
      if (numeric) return [c(t.negate ? 'decimalNotIn' : 'decimalIn', t.values.map(String))];
      return [c(t.negate ? 'notIn' : 'in', t.values)];
    case 'op':
      return [c(t.op, t.value)];
  }
}

/** A short human reading of a cell for traces: ">= 50000000", "[10000..60000000)". */
export function describeCell(t: CellTest): string {
  switch (t.k) {
    case 'any': return 'any';
    case 'cmp': return `${t.op} ${JSON.stringify(t.value)}`;
    case 'range': return `${t.loIncl ? '[' : '('}${t.lo}..${t.hi}${t.hiIncl ? ']' : ')'}`;
    case 'in': return `${t.negate ? 'not in' : 'in'} ${JSON.stringify(t.values)}`;
    case 'op': return `${t.op} ${JSON.stringify(t.value)}`;
  }
}

// ---------- overlap (UNIQUE) ----------

interface Interval {
  lo: Decimal | null;
  loIncl: boolean;
  hi: Decimal | null;
  hiIncl: boolean;
}

type CellSet = { k: 'all' } | { k: 'num'; parts: Interval[] } | { k: 'str'; values: Set<unknown>; negate: boolean } | { k: 'unknown' };

const point = (v: Decimal): Interval => ({ lo: v, loIncl: true, hi: v, hiIncl: true });

function complementOf(points: Decimal[]): Interval[] {
  const sorted = [...points].sort((a, b) => a.cmp(b));
  const out: Interval[] = [];
  let lo: Decimal | null = null;
  for (const p of sorted) {
    out.push({ lo, loIncl: false, hi: p, hiIncl: false });
    lo = p;
  }
  out.push({ lo, loIncl: false, hi: null, hiIncl: false });
  return out;
}

function toSet(t: CellTest, numeric: boolean): CellSet {
  if (t.k === 'any') return { k: 'all' };
  if (t.k === 'op') return { k: 'unknown' };
  if (!numeric) {
    if (t.k === 'cmp') return { k: 'str', values: new Set([t.value]), negate: t.op === '!=' };
    if (t.k === 'in') return { k: 'str', values: new Set(t.values), negate: t.negate };
    return { k: 'unknown' };
  }
  if (t.k === 'range') return { k: 'num', parts: [{ lo: new Dec(t.lo), loIncl: t.loIncl, hi: new Dec(t.hi), hiIncl: t.hiIncl }] };
  if (t.k === 'in') {
    const pts = t.values.map((v) => parseDecimal(v)!);
    return { k: 'num', parts: t.negate ? complementOf(pts) : pts.map(point) };
  }
  const v = parseDecimal(t.value)!;
  switch (t.op) {
    case '=': return { k: 'num', parts: [point(v)] };
    case '!=': return { k: 'num', parts: complementOf([v]) };
    case '<': return { k: 'num', parts: [{ lo: null, loIncl: false, hi: v, hiIncl: false }] };
    case '<=': return { k: 'num', parts: [{ lo: null, loIncl: false, hi: v, hiIncl: true }] };
    case '>': return { k: 'num', parts: [{ lo: v, loIncl: false, hi: null, hiIncl: false }] };
    case '>=': return { k: 'num', parts: [{ lo: v, loIncl: true, hi: null, hiIncl: false }] };
  }
}

function tighter(x: Decimal | null, xIncl: boolean, y: Decimal | null, yIncl: boolean, higher: boolean): [Decimal | null, boolean] {
  if (x === null) return [y, yIncl];
  if (y === null) return [x, xIncl];
  const c = x.cmp(y);
  if (c === 0) return [x, xIncl && yIncl];
  return (c > 0) === higher ? [x, xIncl] : [y, yIncl];
}

function intervalsMeet(a: Interval, b: Interval): boolean {
  const [lo, loIncl] = tighter(a.lo, a.loIncl, b.lo, b.loIncl, true);
  const [hi, hiIncl] = tighter(a.hi, a.hiIncl, b.hi, b.hiIncl, false);
  if (lo === null || hi === null) return true;
  const c = lo.cmp(hi);
  return c < 0 || (c === 0 && loIncl && hiIncl);
}

function setsMeet(a: CellSet, b: CellSet): boolean {
  if (a.k === 'all' || b.k === 'all' || a.k === 'unknown' || b.k === 'unknown') return true;
  if (a.k === 'num' && b.k === 'num') return a.parts.some((x) => b.parts.some((y) => intervalsMeet(x, y)));
  if (a.k === 'str' && b.k === 'str') {
    if (a.negate && b.negate) return true;
    if (!a.negate && !b.negate) return [...a.values].some((v) => b.values.has(v));
    const [pos, neg] = a.negate ? [b, a] : [a, b];
    return [...pos.values].some((v) => !neg.values.has(v));
  }
  return true;
}

/** Pairs of rows (indexes) proven to match some same facts (the UNIQUE check at save time). */
export function findOverlaps(rows: CellTest[][], types: ValueType[]): [number, number][] {
  const sets = rows.map((r) => r.map((t, i) => toSet(t, isNumericColumn(types[i]))));
  const out: [number, number][] = [];
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      // operator cells cannot be reasoned about: such a pair is left to the run-time check
      if (sets[i].some((s) => s.k === 'unknown') || sets[j].some((s) => s.k === 'unknown')) continue;
      if (sets[i].every((s, c) => setsMeet(s, sets[j][c]))) out.push([i, j]);
    }
  }
  return out;
}
