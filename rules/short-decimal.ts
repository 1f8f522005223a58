import type { Decimal } from './money.js';

/**
 * Short decimals as plain doubles, for comparisons only (arithmetic stays on big.js).
 *
 * The key of a decimal is the double nearest to it. Rounding to nearest is monotonic, and two
 * different decimals of at most 15 significant digits never share a double (DBL_DIG = 15), so
 * keys compare exactly like the decimals. A JSON number is its own key: its decimal reading is
 * String(v), which rounds back to v, and when v equals the key of a short decimal that decimal is
 * String(v). So two keys compare exactly unless both come from long decimals — long decimals get
 * no key (NaN) and the caller compares big.js values instead. Keys are built with Clinger's fast
 * path (an exact integer times or divided by an exact power of ten: one correctly rounded step).
 */
export const MAX_SHORT_DIGITS = 15;

/** |x| ≥ 1e31 fails as RUL_ERR_DECIMAL_OVERFLOW elsewhere: such values get no key. */
const LIMIT = 1e31;

const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i); // exact up to 1e22

function scaled(m: number, exp: number, negative: boolean): number {
  if (exp > 22 || exp < -22) return NaN;
  const x = exp >= 0 ? m * POW10[exp] : m / POW10[-exp];
  if (x >= LIMIT) return NaN;
  return negative ? -x : x;
}

/** The key of plain decimal text ("-12345.60"), or NaN when it is long, out of range or not plain. */
export function shortKeyOfText(v: string): number {
  const n = v.length;
  if (n === 0 || n > 40) return NaN;
  const negative = v.charCodeAt(0) === 45;
  let i = negative ? 1 : 0;
  let m = 0;
  for (; i < n; i++) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    m = m * 10 + d;
  }
  let digits = i - (negative ? 1 : 0);
  let decimals = 0;
  if (i < n) {
    if (v.charCodeAt(i) !== 46) return NaN;
    for (i++; i < n; i++) {
      const d = v.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return NaN;
      m = m * 10 + d;
      decimals++;
    }
    digits += decimals;
  }
  if (digits === 0) return NaN;
  // more than 15 digits may still be short without leading and trailing zeros ("1000…000.00")
  if (digits > MAX_SHORT_DIGITS) return keyWithoutZeros(v, negative);
  if (m === 0) return negative ? -0 : 0;
  return scaled(m, -decimals, negative);
}

/** The key of valid plain text whose digits must be counted without leading and trailing zeros. */
function keyWithoutZeros(v: string, negative: boolean): number {
  let m = 0;
  let sig = 0;
  let zeros = 0; // zeros since the last non-zero digit
  let digits = 0;
  let dot = -1;
  let last = -1; // index among the digits of the last non-zero one
  for (let i = negative ? 1 : 0; i < v.length; i++) {
    const ch = v.charCodeAt(i);
    if (ch === 46) {
      dot = digits;
      continue;
    }
    const d = ch - 48;
    digits++;
    if (d === 0) {
      if (sig > 0) zeros++;
      continue;
    }
    sig += zeros + 1;
    if (sig > MAX_SHORT_DIGITS) return NaN;
    m = m * POW10[zeros + 1] + d;
    zeros = 0;
    last = digits - 1;
  }
  if (dot < 0) dot = digits;
  return scaled(m, dot - 1 - last, negative);
}

/** The key of a big.js value, or NaN when it has more than 15 significant digits. */
export function shortKeyOfDecimal(x: Decimal): number {
  const c = x.c;
  const len = c.length;
  if (len > MAX_SHORT_DIGITS) return NaN;
  if (c[0] === 0) return x.s < 0 ? -0 : 0;
  let m = 0;
  for (let i = 0; i < len; i++) m = m * 10 + c[i];
  return scaled(m, x.e - len + 1, x.s < 0);
}

/** The key of a JSON number: itself, unless it is beyond the decimal range. */
export function shortKeyOfNumber(v: number): number {
  return v > -LIMIT && v < LIMIT ? v : NaN;
}

/** -1, 0 or 1 for two keys that are not NaN. */
export function compareKeys(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
