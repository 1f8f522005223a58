import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, compareDecimals, Dec, decimalKey, formatMoney, formatRate, isDecimal, parseDecimal, roundHalfUp } from '../../rules/money.js';
import { compareKeys, MAX_SHORT_DIGITS, shortKeyOfNumber, shortKeyOfText } from '../../rules/short-decimal.js';

/**
 * Short decimals (≤ 15 significant digits) compare as doubles and stay unparsed until big.js
 * needs their digits; everything longer falls back to big.js. Both must agree with big.js exactly.
 */
const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** Plain decimal text: up to 22 integer digits, up to 8 decimals, leading and trailing zeros, signs. */
const decimalText = fc
  .tuple(fc.boolean(), fc.stringMatching(/^\d{1,22}$/), fc.option(fc.stringMatching(/^\d{0,8}$/), { nil: undefined }))
  .map(([neg, int, frac]) => `${neg ? '-' : ''}${int}${frac === undefined ? '' : `.${frac}`}`);

/** Pairs that differ in their last digit, where a double with too few digits would merge them. */
const nearPair = fc
  .tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 8 }), fc.bigInt({ min: 1n, max: 10n ** 20n }), fc.constantFrom(-1n, 0n, 1n))
  .map(([digits, decimals, seed, delta]) => {
    const a = seed % 10n ** BigInt(digits);
    const text = (v: bigint) => {
      const s = (v < 0n ? -v : v).toString().padStart(decimals + 1, '0');
      return `${v < 0n ? '-' : ''}${decimals === 0 ? s : `${s.slice(0, -decimals)}.${s.slice(-decimals)}`}`;
    };
    return [text(a), text(a + delta)] as const;
  });

describe('short decimal keys', () => {
  it('keys plain text of at most 15 significant digits, leading and trailing zeros aside', () => {
    expect(shortKeyOfText('58643.20')).toBe(58643.2);
    expect(shortKeyOfText('-0.10')).toBe(-0.1);
    expect(shortKeyOfText('000123.4500')).toBe(123.45);
    expect(shortKeyOfText('999999999999999')).toBe(999999999999999);
    expect(shortKeyOfText('1000000000000000000000.00')).toBe(1e21);
    expect(shortKeyOfText('0.000000000000000000000100')).toBe(1e-22);
    expect(Object.is(shortKeyOfText('-0.00'), -0)).toBe(true);
    expect(shortKeyOfText('5.')).toBe(5);
    expect(shortKeyOfText('.5')).toBe(0.5);
  });

  it('falls back (NaN) beyond 15 significant digits, at 2^53, with many decimals or out of range', () => {
    expect(MAX_SHORT_DIGITS).toBe(15);
    expect(shortKeyOfText('1234567890123456')).toBeNaN(); // 16 digits
    expect(shortKeyOfText('9007199254740992')).toBeNaN(); // 2^53
    expect(shortKeyOfText('9007199254740993')).toBeNaN(); // 2^53 + 1: no double holds it
    expect(shortKeyOfText('0.1234567890123456')).toBeNaN();
    expect(shortKeyOfText('10000000000000.01')).toBeNaN(); // 16 digits
    expect(shortKeyOfText('0.00000000000000000000001')).toBeNaN(); // 1e-23: beyond exact powers of ten
    expect(shortKeyOfText('10000000000000000000000000000000')).toBeNaN(); // 1e31: overflows elsewhere
    for (const bad of ['', '-', '.', '1e5', '+5', ' 5', '5 ', '1.2.3', '1,5', '0x10', 'NaN', 'Infinity']) expect(shortKeyOfText(bad)).toBeNaN();
    expect(shortKeyOfNumber(1e31)).toBeNaN();
    expect(shortKeyOfNumber(Number.NaN)).toBeNaN();
    expect(shortKeyOfNumber(Number.POSITIVE_INFINITY)).toBeNaN();
  });

  it('keys exactly when big.js says so: same key for the same value, the same order otherwise', () => {
    fc.assert(fc.property(decimalText, decimalText, (a, b) => {
      const ka = shortKeyOfText(a);
      const kb = shortKeyOfText(b);
      const da = new Dec(a);
      if (da.c.length <= MAX_SHORT_DIGITS) expect(ka).not.toBeNaN(); // ≤ 22 integer digits, ≤ 8 decimals: always in range
      if (ka === ka) expect(ka).toBe(Number(a));
      if (ka === ka && kb === kb) expect(compareKeys(ka, kb)).toBe(da.cmp(new Dec(b)));
    }), { numRuns: 5000, seed: 20250610 });
  });

  it('never merges neighbours that differ in the last digit (1000000000000.00 != 1000000000000.01)', () => {
    expect(compareKeys(shortKeyOfText('1000000000000.00'), shortKeyOfText('1000000000000.01'))).toBe(-1);
    fc.assert(fc.property(nearPair, ([a, b]) => {
      const ka = shortKeyOfText(a);
      const kb = shortKeyOfText(b);
      const want = new Dec(a).cmp(new Dec(b));
      if (ka === ka && kb === kb) expect(compareKeys(ka, kb)).toBe(want);
      expect(compareDecimals(parseDecimal(a)!, parseDecimal(b)!)).toBe(want);
    }), { numRuns: 5000, seed: 7 });
  });

  it('compares a JSON number with a short decimal exactly, whatever the number', () => {
    const number = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e30, max: 1e30 }), fc.integer(), fc.constantFrom(0.1, 0.3, 2 ** 53, 2 ** 53 + 2, -0));
    fc.assert(fc.property(number, decimalText, (n, t) => {
      const kt = shortKeyOfText(t);
      if (kt !== kt) return;
      expect(compareKeys(shortKeyOfNumber(n), kt)).toBe(new Dec(String(n)).cmp(new Dec(t)));
    }), { numRuns: 5000, seed: 99 });
  });
});

describe('parsed decimals', () => {
  it('are big.js values equal to what big.js parses, short or long', () => {
    fc.assert(fc.property(decimalText, (t) => {
      const d = parseDecimal(t)!;
      const b = new Dec(t);
      expect(isDecimal(d)).toBe(true);
      expect(d.toFixed()).toBe(b.toFixed());
      expect([d.s, d.e, d.c]).toEqual([b.s, b.e, b.c]);
      expect(compareDecimals(d, b)).toBe(0);
      expect(new Dec(d).toFixed()).toBe(b.toFixed());
      expect(JSON.stringify(d)).toBe(JSON.stringify(b));
    }), { numRuns: 3000, seed: 11 });
  });

  it('give big.js results in arithmetic and rounding, whichever side is short', () => {
    fc.assert(fc.property(decimalText, decimalText, (a, b) => {
      const [da, db, ba, bb] = [parseDecimal(a)!, parseDecimal(b)!, new Dec(a), new Dec(b)];
      expect(da.plus(db).toFixed()).toBe(ba.plus(bb).toFixed());
      expect(da.minus(bb).toFixed()).toBe(ba.minus(bb).toFixed());
      expect(ba.times(db).toFixed()).toBe(ba.times(bb).toFixed());
      if (!bb.eq(0)) expect(da.div(db).toFixed()).toBe(ba.div(bb).toFixed());
      expect(roundHalfUp(da.times('0.001')).toFixed()).toBe(ba.times('0.001').round(2, 1).toFixed());
      expect(compareDecimals(da, db)).toBe(ba.cmp(bb));
      expect(da.cmp(db)).toBe(ba.cmp(bb));
    }), { numRuns: 3000, seed: 12 });
  });

  it('stay exact where doubles are not: 0.1 + 0.2 == 0.3, half-up, trailing zeros, beyond 2^53', () => {
    expect(compareDecimals(add(parseDecimal('0.1')!, parseDecimal('0.2')!), parseDecimal('0.3')!)).toBe(0);
    expect(roundHalfUp(parseDecimal('262926.225')!).toFixed()).toBe('262926.23');
    expect(roundHalfUp(parseDecimal('-262926.225')!).toFixed()).toBe('-262926.23');
    expect(formatMoney(parseDecimal('58643.2')!)).toBe('58643.20');
    expect(formatMoney(parseDecimal('-0.00')!)).toBe('0.00');
    expect(formatRate(parseDecimal('0.100')!)).toBe('0.10');
    expect(() => formatMoney(parseDecimal('0.125')!)).toThrow(expect.objectContaining({ code: 'RUL_ERR_OUTPUT_SCALE' }));
    const big = parseDecimal('9007199254740993')!; // 2^53 + 1, long: big.js all the way
    expect(decimalKey(big)).toBeNaN();
    expect(compareDecimals(big, parseDecimal(2 ** 53)!)).toBe(1);
    expect(add(big, parseDecimal('0.01')!).toFixed()).toBe('9007199254740993.01');
    expect(parseDecimal(2 ** 53)!.toFixed()).toBe('9007199254740992');
    expect(decimalKey(parseDecimal(123456789012345)!)).toBe(123456789012345);
    expect(decimalKey(new Dec('1.5').times(3))).toBe(4.5);
    expect(sign(compareDecimals(parseDecimal('-5')!, parseDecimal('-4.99')!))).toBe(-1);
  });
});
