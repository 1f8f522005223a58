import type { Decimal } from './money.js';
import { add, ceilTo, Dec, div, floorTo, isDecimal, mul, roundHalfUp, sub, ZERO } from './money.js';
import type { RegionTree } from './region-tree.js';
import { ruleError } from './rule-error.js';
import { addDays, daysBetween, quarterOf, toShanghaiDate } from './shanghai-date.js';
import type { Value } from './typed-value.js';
import { asDecimal, isRecord } from './typed-value.js';
import type { ArithOp, CompareOp } from './formula.js';

/** What a formula may see besides its variables: the tenant's region tree. */
export interface FormulaEnv {
  regions: RegionTree;
}

/** The decimal operand of an arithmetic operator or function; anything else is a type error. */
export function num(v: Value, where: string): Decimal {
  if (isDecimal(v)) return v;
  if (typeof v === 'number') return new Dec(String(v));
  throw ruleError('RUL_ERR_TYPE_MISMATCH', { name: where, got: v === null ? 'null' : typeof v });
}

export function bool(v: Value, where: string): boolean {
  if (typeof v === 'boolean') return v;
  throw ruleError('RUL_ERR_TYPE_MISMATCH', { name: where, expected: 'boolean', got: v === null ? 'null' : typeof v });
}

export function arith(op: ArithOp, a: Value, b: Value): Decimal {
  const x = num(a, op);
  const y = num(b, op);
  switch (op) {
    case '+': return add(x, y);
    case '-': return sub(x, y);
    case '*': return mul(x, y);
    case '/': return div(x, y);
  }
}

function isNumeric(v: Value): v is Decimal | number {
  return isDecimal(v) || typeof v === 'number';
}

/**
 * Comparison semantics shared by both paths: numbers compare exactly as decimals; dates (ISO
 * strings) compare in calendar order; == / != compare other values strictly; an ordering with
 * null is false (null fails every threshold).
 */
export function compare(op: CompareOp, a: Value, b: Value): boolean {
  if (isNumeric(a) && isNumeric(b)) {
    const c = typeof a === 'number' && typeof b === 'number' ? (a < b ? -1 : a > b ? 1 : 0) : num(a, op).cmp(num(b, op));
    return cmpResult(op, c);
  }
  if (op === '==') return a === b;
  if (op === '!=') return a !== b;
  if (a === null || b === null) return false;
  if (typeof a === 'string' && typeof b === 'string') {
    const da = toShanghaiDate(a);
    const db = toShanghaiDate(b);
    if (da && db) return cmpResult(op, da < db ? -1 : da > db ? 1 : 0);
  }
  throw ruleError('RUL_ERR_TYPE_MISMATCH', { name: op, got: `${typeof a} ${op} ${typeof b}` });
}

function cmpResult(op: CompareOp, c: number): boolean {
  switch (op) {
    case '==': return c === 0;
    case '!=': return c !== 0;
    case '<': return c < 0;
    case '<=': return c <= 0;
    case '>': return c > 0;
    case '>=': return c >= 0;
  }
}

/** The range an integer argument must fall in; declared once, checked at save (constant arguments) and at evaluation. */
export interface ArgRange {
  min: number;
  max: number;
  what: string;
}

/** Decimal places of round / floor / ceil. */
export const DECIMAL_PLACES: ArgRange = Object.freeze({ min: 0, max: 20, what: 'decimal places' });
/** Days addDays may move a date (about 270 years either way: the result stays a four-digit year). */
export const DAY_OFFSET: ArgRange = Object.freeze({ min: -100_000, max: 100_000, what: 'days' });

export interface FormulaFunction {
  minArgs: number;
  maxArgs: number;
  /** Integer arguments with a range, by position: a constant out of range is refused when the rule set is saved. */
  ranges?: Readonly<Record<number, ArgRange>>;
  /** One line for the studio's formula help. */
  doc: { zh: string; en: string };
  call(args: Value[], env: FormulaEnv): Value;
}

function date(v: Value, fn: string): string {
  const d = toShanghaiDate(v);
  if (d === undefined) throw ruleError('RUL_ERR_TYPE_MISMATCH', { name: fn, expected: 'date', got: v === null ? 'null' : typeof v });
  return d;
}

/** An integer argument within its declared range (the same range the save-time check reads). */
export function integerIn(v: Value, range: ArgRange, fn: string): number {
  const n = Number(num(v, fn).toFixed());
  if (!Number.isInteger(n) || n < range.min || n > range.max) throw ruleError('RUL_ERR_TYPE_MISMATCH', { name: fn, expected: `${range.what} ${range.min}..${range.max}` });
  return n;
}

function places(v: Value | undefined, fn: string): number {
  return v === undefined ? 0 : integerIn(v, DECIMAL_PLACES, fn);
}

function str(v: Value, fn: string): string {
  if (typeof v === 'string') return v;
  throw ruleError('RUL_ERR_TYPE_MISMATCH', { name: fn, expected: 'string', got: v === null ? 'null' : typeof v });
}

function list(v: Value, fn: string): Value[] {
  if (Array.isArray(v)) return v;
  throw ruleError('RUL_ERR_TYPE_MISMATCH', { name: fn, expected: 'list', got: v === null ? 'null' : typeof v });
}

/** The allow-list of formula functions. Anything not here is rejected when the rule set is saved. */
export const formulaFunctions: Readonly<Record<string, FormulaFunction>> = Object.freeze({
  min: { minArgs: 1, maxArgs: Infinity, doc: { zh: '最小值', en: 'smallest argument' }, call: (a) => a.map((x) => num(x, 'min')).reduce((m, x) => (x.lt(m) ? x : m)) },
  max: { minArgs: 1, maxArgs: Infinity, doc: { zh: '最大值', en: 'largest argument' }, call: (a) => a.map((x) => num(x, 'max')).reduce((m, x) => (x.gt(m) ? x : m)) },
  abs: { minArgs: 1, maxArgs: 1, doc: { zh: '绝对值', en: 'absolute value' }, call: (a) => num(a[0], 'abs').abs() },
  round: { minArgs: 1, maxArgs: 2, ranges: { 1: DECIMAL_PLACES }, doc: { zh: '四舍五入到 n 位小数（默认 0）', en: 'round half-up to n decimals (default 0)' }, call: (a) => roundHalfUp(num(a[0], 'round'), places(a[1], 'round')) },
  floor: { minArgs: 1, maxArgs: 2, ranges: { 1: DECIMAL_PLACES }, doc: { zh: '向下取整到 n 位小数', en: 'floor to n decimals' }, call: (a) => floorTo(num(a[0], 'floor'), places(a[1], 'floor')) },
  ceil: { minArgs: 1, maxArgs: 2, ranges: { 1: DECIMAL_PLACES }, doc: { zh: '向上取整到 n 位小数', en: 'ceiling to n decimals' }, call: (a) => ceilTo(num(a[0], 'ceil'), places(a[1], 'ceil')) },
  ifNull: { minArgs: 2, maxArgs: 2, doc: { zh: '为空时取默认值', en: 'the first argument, or the second when it is null' }, call: (a) => (a[0] === null ? a[1] : a[0]) },
  isNull: { minArgs: 1, maxArgs: 1, doc: { zh: '是否为空', en: 'whether the value is null' }, call: (a) => a[0] === null },
  daysBetween: { minArgs: 2, maxArgs: 2, doc: { zh: '两个日期相差天数（后者减前者）', en: 'days from the first date to the second' }, call: (a) => new Dec(daysBetween(date(a[0], 'daysBetween'), date(a[1], 'daysBetween'))) },
  addDays: {
    minArgs: 2, maxArgs: 2, ranges: { 1: DAY_OFFSET }, doc: { zh: '日期加天数', en: 'a date plus n days' },
    call: (a) => addDays(date(a[0], 'addDays'), integerIn(num(a[1], 'addDays').round(0, 0), DAY_OFFSET, 'addDays')),
  },
  year: { minArgs: 1, maxArgs: 1, doc: { zh: '年份', en: 'year of a date' }, call: (a) => new Dec(date(a[0], 'year').slice(0, 4)) },
  month: { minArgs: 1, maxArgs: 1, doc: { zh: '月份', en: 'month of a date (1–12)' }, call: (a) => new Dec(+date(a[0], 'month').slice(5, 7)) },
  quarter: { minArgs: 1, maxArgs: 1, doc: { zh: '季度（1–4）', en: 'calendar quarter of a date (1–4)' }, call: (a) => new Dec(quarterOf(date(a[0], 'quarter'))) },
  topRegion: { minArgs: 1, maxArgs: 1, doc: { zh: '所属大区（根节点下一级）', en: 'the region directly below the root' }, call: (a, env) => env.regions.topRegion(str(a[0], 'topRegion')) },
  covers: { minArgs: 2, maxArgs: 2, doc: { zh: '区域是否覆盖某区域编码', en: 'whether a region covers a region code' }, call: (a, env) => (a[1] === null ? false : env.regions.covers(str(a[0], 'covers'), str(a[1], 'covers'))) },
  coversAny: { minArgs: 2, maxArgs: 2, doc: { zh: '区域列表中是否有区域覆盖该编码', en: 'whether any region of a list covers a region code' }, call: (a, env) => (a[1] === null ? false : list(a[0], 'coversAny').some((r) => env.regions.covers(str(r, 'coversAny'), a[1] as string))) },
  count: { minArgs: 1, maxArgs: 1, doc: { zh: '列表长度', en: 'number of items of a list' }, call: (a) => new Dec(list(a[0], 'count').length) },
  contains: {
    minArgs: 2, maxArgs: 2, doc: { zh: '列表是否包含某值', en: 'whether a list holds a value' },
    call: (a) => list(a[0], 'contains').some((x) => (isNumeric(x) && isNumeric(a[1]) ? compare('==', x, a[1]) : x === a[1])),
  },
  sumOf: {
    minArgs: 2, maxArgs: 2, doc: { zh: '对列表中记录的某字段求和', en: 'sum of a field over a list of records' },
    call: (a) => list(a[0], 'sumOf').reduce<Decimal>((s, r) => add(s, num(isRecord(r) ? (r[str(a[1], 'sumOf')] ?? null) : null, 'sumOf')), ZERO),
  },
  concat: { minArgs: 1, maxArgs: 10, doc: { zh: '拼接文本', en: 'join texts' }, call: (a) => a.map((x) => (isDecimal(x) ? x.toFixed() : x === null ? '' : String(asDecimal(x as Value)?.toFixed() ?? x))).join('') },
});
