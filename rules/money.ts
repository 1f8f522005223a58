import BigBase from 'big.js';
import type { Big } from 'big.js';
import { ruleError } from './rule-error.js';

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
    if (Number.isSafeInteger(v)) return fastDecimal(String(v));
    return Number.isFinite(v) ? checkRange(new Dec(String(v))) : undefined;
  }
  if (typeof v === 'string') {
    const fast = fastDecimal(v);
    if (fast !== undefined) return checkRange(fast);
    if (v.length <= 64 && DECIMAL_TEXT.test(v)) return checkRange(new Dec(v));
  }
  return undefined;
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
  let i = 0;
  let sign = 1;
  if (v.charCodeAt(0) === 45) {
    sign = -1;
    i = 1;
  }
  const digits: number[] = [];
  let dot = -1;
  for (; i < n; i++) {
    const ch = v.charCodeAt(i);
    if (ch === 46) {
      if (dot >= 0) return undefined;
      dot = digits.length;
      continue;
    }
    const d = ch - 48;
    if (d < 0 || d > 9) return undefined;
    digits.push(d);
  }
  if (digits.length === 0) return undefined;
  if (dot < 0) dot = digits.length;
  let lead = 0;
  while (lead < digits.length - 1 && digits[lead] === 0) lead++;
  let end = digits.length;
  while (end > lead + 1 && digits[end - 1] === 0) end--;
  const c = lead === 0 && end === digits.length ? digits : digits.slice(lead, end);
  // the same fields, in the same order, as big.js's constructor sets (it reads x.constructor)
  const x = Object.create(Dec.prototype) as Decimal & { s: number; e: number; c: number[]; constructor: unknown };
  x.s = sign;
  x.e = c.length === 1 && c[0] === 0 ? 0 : dot - lead - 1;
  x.c = c;
  x.constructor = Dec;
  return x;
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
/** Towards minus infinity to `dp` decimals (the rebate-offset cap floors to the fen). */
export function floorTo(x: Decimal, dp = 2): Decimal {
  return x.round(dp, x.s < 0 ? 3 : 0);
}
/** Towards plus infinity to `dp` decimals. */
export function ceilTo(x: Decimal, dp = 2): Decimal {
  return x.round(dp, x.s < 0 ? 0 : 3);
}

/** Money as JSON: exactly two decimals; a value with more decimals is a rule bug, never rounded silently. */
export function formatMoney(x: Decimal): string {
  if (x.round(2, 0).cmp(x) !== 0) throw ruleError('RUL_ERR_OUTPUT_SCALE', { value: x.toFixed() });
  return normalizeZero(x).toFixed(2);
}

/** Rates as JSON: trailing zeros stripped, at least two decimals ("0.10", "0.1376"). */
export function formatRate(x: Decimal): string {
  const s = normalizeZero(x).toFixed();
  const dot = s.indexOf('.');
  if (dot < 0) return s + '.00';
  return s.length - dot - 1 < 2 ? s + '0' : s;
}

/** A plain decimal as JSON: the shortest exact form ("12.5", "3"). */
export function formatDecimal(x: Decimal): string {
  return normalizeZero(x).toFixed();
}

function normalizeZero(x: Decimal): Decimal {
  return x.c[0] === 0 && x.s < 0 ? ZERO : x;
}
