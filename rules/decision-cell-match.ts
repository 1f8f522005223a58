import type { CellTest, CompareSymbol } from './decision-cells.js';
import type { EvalState } from './evaluation-state.js';
import type { Decimal } from './money.js';
import { compareDecimals, Dec, decimalKey, isDecimal, parseDecimal } from './money.js';
import type { ResolvedOperator } from './operators.js';
import { resolveOperator } from './operators.js';
import { compareKeys, shortKeyOfNumber } from './short-decimal.js';
import type { Value } from './typed-value.js';
import { asDecimal, toJsonView } from './typed-value.js';

/**
 * Decision-table cells compiled to data: one switch over the cell's kind, no closure per cell.
 * Numeric cells compare short-decimal keys (exact, see short-decimal.ts) and fall back to big.js
 * only when a value or a bound is long; cell bounds are parsed and keyed once, at compile time.
 */
const STR_EQ = 0;
const STR_NE = 1;
const STR_IN = 2;
const NUM_CMP = 3;
const NUM_RANGE = 4;
const NUM_IN = 5;
const OP = 6;

interface Bound {
  d: Decimal;
  key: number;
}

/** One shape for every kind of cell (unused fields stay null), so matchCell stays monomorphic. */
export interface CellMatcher {
  col: number;
  kind: number;
  text: string;
  str: unknown;
  set: Set<unknown> | null;
  negate: boolean;
  op: CompareSymbol;
  lo: Bound | null;
  loIncl: boolean;
  hi: Bound | null;
  hiIncl: boolean;
  bounds: Bound[];
  test: ResolvedOperator | null;
  value: unknown;
}

function bound(d: Decimal): Bound {
  return { d, key: decimalKey(d) };
}

/** Null for a cell that matches anything. */
export function compileCellMatcher(t: CellTest, col: number, numeric: boolean, text: string): CellMatcher | null {
  if (t.k === 'any') return null;
  const m: CellMatcher = { col, kind: OP, text, str: null, set: null, negate: false, op: '=', lo: null, loIncl: false, hi: null, hiIncl: false, bounds: [], test: null, value: null };
  switch (t.k) {
    case 'cmp':
      if (numeric) {
        m.kind = NUM_CMP;
        m.op = t.op;
        m.lo = bound(parseDecimal(t.value)!);
      } else {
        m.kind = t.op === '=' ? STR_EQ : STR_NE;
        m.str = t.value;
      }
      break;
    case 'range':
      m.kind = NUM_RANGE;
      m.lo = bound(new Dec(t.lo));
      m.loIncl = t.loIncl;
      m.hi = bound(new Dec(t.hi));
      m.hiIncl = t.hiIncl;
      break;
    case 'in':
      m.negate = t.negate;
      if (numeric) {
        m.kind = NUM_IN;
        m.bounds = t.values.map((x) => bound(parseDecimal(x)!));
      } else {
        m.kind = STR_IN;
        m.set = new Set<unknown>(t.values);
      }
      break;
    case 'op':
      m.test = resolveOperator(t.op)!;
      m.value = t.value;
      break;
  }
  return m;
}

/**
 * The values of one evaluation's columns: raw, as compared (JSON form or decimal) and, for
 * numeric columns, the key. Decimals of keyed values are built only when a long bound needs one.
 */
export class ColumnValues {
  readonly raws: Value[];
  readonly keys: number[];
  private readonly values: (Value | undefined)[];

  constructor(private readonly numeric: readonly boolean[]) {
    this.raws = new Array<Value>(numeric.length).fill(null);
    this.keys = new Array<number>(numeric.length).fill(NaN);
    this.values = new Array<Value | undefined>(numeric.length).fill(undefined);
  }

  set(i: number, raw: Value): void {
    this.raws[i] = raw;
    if (!this.numeric[i]) {
      this.values[i] = typeof raw === 'string' ? raw : (toJsonView(raw) as Value);
      return;
    }
    const key = typeof raw === 'number' ? shortKeyOfNumber(raw) : isDecimal(raw) ? decimalKey(raw) : NaN;
    this.keys[i] = key;
    // without a key, convert now: a number out of range fails here, as it always did
    this.values[i] = key === key ? undefined : (asDecimal(raw) ?? null);
  }

  /** The value a non-operator cell compares: a decimal (or null) for numeric columns. */
  value(i: number): Value {
    let v = this.values[i];
    if (v === undefined) v = this.values[i] = asDecimal(this.raws[i]) ?? null;
    return v;
  }
}

function compareAt(cv: ColumnValues, col: number, b: Bound): number {
  const key = cv.keys[col];
  if (key === key && b.key === b.key) return compareKeys(key, b.key);
  return compareDecimals(cv.value(col) as Decimal, b.d);
}

function compareResult(op: CompareSymbol, c: number): boolean {
  switch (op) {
    case '=': return c === 0;
    case '!=': return c !== 0;
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    case '>=': return c >= 0;
  }
}

export function matchCell(m: CellMatcher, cv: ColumnValues, st: EvalState): boolean {
  const col = m.col;
  switch (m.kind) {
    case STR_EQ: return cv.value(col) === m.str;
    case STR_NE: return cv.value(col) !== m.str;
    case STR_IN: return m.set!.has(cv.value(col)) !== m.negate;
    case OP: {
      // operator cells see the raw value, like any json-rules-engine condition
      const v = cv.raws[col];
      return m.test!.native ? m.test!.test(toJsonView(v), m.value, st) : m.test!.test(v, m.value, st);
    }
  }
  // numeric cells: a value that is no number matches no comparison
  if (cv.keys[col] !== cv.keys[col] && cv.value(col) === null) return false;
  switch (m.kind) {
    case NUM_CMP:
      return compareResult(m.op, compareAt(cv, col, m.lo!));
    case NUM_RANGE: {
      const a = compareAt(cv, col, m.lo!);
      if (m.loIncl ? a < 0 : a <= 0) return false;
      const b = compareAt(cv, col, m.hi!);
      return m.hiIncl ? b <= 0 : b < 0;
    }
    case NUM_IN: {
      let found = false;
      for (let i = 0; i < m.bounds.length; i++) if (compareAt(cv, col, m.bounds[i]) === 0) { found = true; break; }
      return found !== m.negate;
    }
  }
  return false;
}

/**
 * Candidate rows per value of one string column, so a table need not test every row: a row lands
 * in the bucket of its "=" cell on that column, or in every bucket when it has another cell there.
 * Candidates keep document order and are still tested in full, so the matched rows are the same.
 * Only built when no row has an operator cell: the other cells cannot fail or throw, so skipping a
 * row has no effect besides speed.
 */
export interface RowIndex {
  col: number;
  buckets: Map<unknown, number[]>;
  others: number[];
}

export function buildRowIndex(rows: readonly (readonly CellMatcher[])[], columns: number): RowIndex | null {
  if (rows.some((cells) => cells.some((c) => c.kind === OP))) return null;
  let best: RowIndex | null = null;
  for (let col = 0; col < columns; col++) {
    const eqOf = (cells: readonly CellMatcher[]) => cells.find((c) => c.col === col && c.kind === STR_EQ);
    const values = new Set(rows.map(eqOf).filter((c) => c !== undefined).map((c) => c.str));
    if (values.size < 2 || (best !== null && values.size <= best.buckets.size)) continue;
    const buckets = new Map<unknown, number[]>([...values].map((v) => [v, []]));
    const others: number[] = [];
    rows.forEach((cells, r) => {
      const eq = eqOf(cells);
      if (eq !== undefined) buckets.get(eq.str)!.push(r);
      else {
        others.push(r);
        for (const list of buckets.values()) list.push(r);
      }
    });
    best = { col, buckets, others };
  }
  return best;
}

/** The rows to test for this evaluation's values, in document order. */
export function candidateRows(index: RowIndex, cv: ColumnValues): readonly number[] {
  return index.buckets.get(cv.value(index.col)) ?? index.others;
}
