import BigBase from 'big.js';
import type { Big } from 'big.js';
import { ruleError } from './rule-error.js';
import { shortKeyOfDecimal, shortKeyOfText } from './short-decimal.js';

/**
 * Exact decimals for money, rates and quantities. A private Big constructor so that no other
 * library's settings leak in: divisions keep 28 decimals, rounding is half-up (四舍五入).
 */
export const Dec = BigBase();
Dec.DP = 28;
Dec.RM = 1; // roundHalfUp
Dec.NE = -40;
Dec.PE = 40;

export type Decimal = Big;

/** Largest magnitude any intermediate result may reach; beyond it the evaluation fails. */
const MAX_EXPONENT = 30; // |x| < 1e31
const MAX_DIGITS = 80;

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?$/;

export const ZERO = new Dec(0);
export const ONE = new Dec(1);

export function isDecimal(v: unknown): v is Decimal {
  return v instanceof Dec;
}

/** Parses a decimal string or a finite JSON number; returns undefined when it is not a number. */
export function parseDecimal(v: unknown): Decimal | undefined {
  if (v instanceof Dec) return v;
  if (typeof v === 'number') {
    if (v > -SHORT_INTEGER && v < SHORT_INTEGER && Number.isInteger(v)) return shortDecimal(null, v === 0 ? 0 : v);
    if (Number.isSafeInteger(v)) return fastDecimal(String(v));
    return Number.isFinite(v) ? checkRange(new Dec(String(v))) : undefined;
  }
  if (typeof v === 'string') {
    const key = shortKeyOfText(v);
    if (key === key) return shortDecimal(v, key);
    const fast = fastDecimal(v);
    if (fast !== undefined) return checkRange(fast);
    if (v.length <= 64 && DECIMAL_TEXT.test(v)) return checkRange(new Dec(v));
  }
  return undefined;
}

/** Integers below 1e15 have at most 15 digits: short, whatever their value. */
const SHORT_INTEGER = 1e15;

/**
 * A short decimal (short-decimal.ts) parsed lazily: it keeps its text and its key, compares on
 * the key, and builds big.js's digits only when big.js itself reads them (arithmetic, rounding).
 * It is a Big for every caller (instanceof, methods): its prototype inherits big.js's and answers
 * the fields big.js reads (s, e, c) from the materialized value.
 */
interface ShortFields {
  key: number;
  text: string | null;
  big: Decimal | null;
  plain: string | null;
}
type ShortDecimal = Decimal & ShortFields;

function materialize(x: ShortDecimal): Decimal {
  if (x.big === null) {
    const text = x.text ?? String(x.key);
    x.big = fastDecimal(text) ?? new Dec(text);
  }
  return x.big;
}

const field = (name: 's' | 'e' | 'c'): PropertyDescriptor => ({
  get(this: ShortDecimal) { return materialize(this)[name]; },
  set(this: ShortDecimal, v: never) { materialize(this)[name] = v; },
});

const SHORT_PROTO: object = Object.create(Dec.prototype, { constructor: { value: Dec }, s: field('s'), e: field('e'), c: field('c') });

function shortDecimal(text: string | null, key: number): Decimal {
  const x = Object.create(SHORT_PROTO) as ShortDecimal;
  x.key = key;
  x.text = text;
  x.big = null;
  x.plain = null;
  return x;
}

/** The short-decimal key of a value (short-decimal.ts), or NaN when it has more than 15 digits. */
export function decimalKey(x: Decimal): number {
  const key = (x as Partial<ShortFields>).key;
  return key !== undefined ? key : shortKeyOfDecimal(x);
}

/**
 * Plain decimal text ("-12345.60") straight into big.js's representation (sign, exponent,
 * coefficient digits without leading or trailing zeros), skipping its regular-expression parse:
 * money facts are parsed on every evaluation. Anything else (exponents, "+", spaces) returns
 * undefined and goes through big.js itself; a test checks both agree.
 */
export function fastDecimal(v: string): Decimal | undefined {
  const n = v.length;
  if (n === 0 || n > 40) return undefined;
  const start = v.charCodeAt(0) === 45 ? 1 : 0;
  // first pass: validate, find the dot and the first and last non-zero digits (no allocation)
  let dot = -1;
  let first = -1;
  let last = -1;
  let digits = 0;
  for (let i = start; i < n; i++) {
    const ch = v.charCodeAt(i);
    if (ch === 46) {
      if (dot >= 0) return undefined;
      dot = i;
    } else if (ch >= 48 && ch <= 57) {
      digits++;
      if (ch !== 48) {
        if (first < 0) first = i;
        last = i;
      }
    } else return undefined;
  }
  if (digits === 0) return undefined;
  if (dot < 0) dot = n;
  // the same fields, in the same order, as big.js's constructor sets (it reads x.constructor)
  const x = Object.create(Dec.prototype) as Decimal & { s: number; e: number; c: number[]; constructor: unknown };
  x.s = start === 1 ? -1 : 1;
  if (first < 0) {
    x.e = 0;
    x.c = [0];
  } else {
    x.e = first < dot ? dot - first - 1 : dot - first;
    const c: number[] = new Array(last - first + 1 - (first < dot && dot < last ? 1 : 0));
    let k = 0;
    for (let i = first; i <= last; i++) if (i !== dot) c[k++] = v.charCodeAt(i) - 48;
    x.c = c;
  }
  x.constructor = Dec;
  return x;
}

/** big.js's cmp without its defensive copy of the argument; two short decimals compare their keys. */
export function compareDecimals(x: Decimal, y: Decimal): number {
  const kx = (x as Partial<ShortFields>).key;
  const ky = (y as Partial<ShortFields>).key;
  if (kx !== undefined && ky !== undefined) return kx < ky ? -1 : kx > ky ? 1 : 0;
  const xc = x.c;
  const yc = y.c;
  const xs = x.s;
  const ys = y.s;
  if (!xc[0] || !yc[0]) return !xc[0] ? (!yc[0] ? 0 : -ys) : xs;
  if (xs !== ys) return xs;
  const neg = xs < 0;
  if (x.e !== y.e) return (x.e > y.e) !== neg ? 1 : -1;
  const k = xc.length;
  const l = yc.length;
  const j = k < l ? k : l;
  for (let i = 0; i < j; i++) if (xc[i] !== yc[i]) return (xc[i] > yc[i]) !== neg ? 1 : -1;
  return k === l ? 0 : (k > l) !== neg ? 1 : -1;
}

/** Fails with RUL_ERR_DECIMAL_OVERFLOW rather than carry a number no rule could mean. */
export function checkRange(x: Decimal): Decimal {
  if (x.e > MAX_EXPONENT || x.c.length > MAX_DIGITS) throw ruleError('RUL_ERR_DECIMAL_OVERFLOW', { value: x.toExponential(6) });
  return x;
}

export function add(a: Decimal, b: Decimal): Decimal {
  return checkRange(a.plus(b));
}
export function sub(a: Decimal, b: Decimal): Decimal {
  return checkRange(a.minus(b));
}
export function mul(a: Decimal, b: Decimal): Decimal {
  return checkRange(a.times(b));
}
export function div(a: Decimal, b: Decimal): Decimal {
  if (b.c[0] === 0) throw ruleError('RUL_ERR_DIVISION_BY_ZERO', { dividend: a.toFixed() });
  return checkRange(a.div(b));
}

/** Half-up (四舍五入) to `dp` decimals: 262926.225 → 262926.23. */
export function roundHalfUp(x: Decimal, dp = 2): Decimal {
  return x.round(dp, 1);
}
/** Towards minus infinity to `dp` decimals (a cap floored to the fen). */
export function floorTo(x: Decimal, dp = 2): Decimal {
  return x.round(dp, x.s < 0 ? 3 : 0);
}
/** Towards plus infinity to `dp` decimals. */
export function ceilTo(x: Decimal, dp = 2): Decimal {
  return x.round(dp, x.s < 0 ? 0 : 3);
}

/** Money as JSON: exactly two decimals; a value with more decimals is a rule bug, never rounded silently. */
export function formatMoney(x: Decimal): string {
  const s = formatDecimal(x);
  const dot = s.indexOf('.');
  if (dot < 0) return s + '.00';
  const decimals = s.length - dot - 1;
  if (decimals > 2) throw ruleError('RUL_ERR_OUTPUT_SCALE', { value: s });
  return decimals === 1 ? s + '0' : s;
}

/** Rates as JSON: trailing zeros stripped, at least two decimals ("0.10", "0.1376"). */
export function formatRate(x: Decimal): string {
  const s = formatDecimal(x);
  const dot = s.indexOf('.');
  if (dot < 0) return s + '.00';
  return s.length - dot - 1 < 2 ? s + '0' : s;
}

/** A plain decimal as JSON: the shortest exact form ("12.5", "3"); short decimals keep theirs. */
export function formatDecimal(x: Decimal): string {
  const plain = (x as Partial<ShortFields>).plain;
  if (plain === undefined) return normalizeZero(x).toFixed();
  if (plain !== null) return plain;
  return ((x as ShortDecimal).plain = normalizeZero(x).toFixed());
}

function normalizeZero(x: Decimal): Decimal {
  return x.c[0] === 0 && x.s < 0 ? ZERO : x;
}

/** "1241856.00" → "1,241,856.00": thousands grouped for reading only (the value stays a decimal string). */
export function groupThousands(text: string): string {
  const [int, frac] = text.split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const digits = sign ? int.slice(1) : int;
  return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac !== undefined ? `.${frac}` : ''}`;
}
