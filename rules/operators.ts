import type { LocalizedText } from './rule-set.types.js';
import { compareDecimals, isDecimal, parseDecimal } from './money.js';
import type { Decimal } from './money.js';
import type { RegionTree } from './region-tree.js';
import { toPeriod, toShanghaiDate } from './shanghai-date.js';

/**
 * Operators as data: the one list the studio builds its dropdowns from, the compiled path calls,
 * and the reference path registers on each json-rules-engine Engine. The ten json-rules-engine
 * defaults are listed with `source: 'json-rules-engine'`; the reference path uses the engine's own
 * implementation of those, so the contract test proves ours behaves the same.
 */
export interface OperatorEnv {
  regions: RegionTree;
}

export type OperatorValueType = 'any' | 'number' | 'decimal' | 'decimal-list' | 'list' | 'string' | 'region' | 'region-list' | 'date' | 'period';

export interface OperatorDescriptor {
  name: string;
  label: LocalizedText;
  group: 'comparison' | 'decimal' | 'set' | 'region' | 'date' | 'string';
  /** What the fact (left side) should be. */
  factType: OperatorValueType;
  /** What the condition's value (right side) should be. */
  valueType: OperatorValueType;
  source: 'json-rules-engine' | 'channelflow';
  test(fact: unknown, value: unknown, env: OperatorEnv): boolean;
}

function jsonNumberLike(v: unknown): boolean {
  // json-rules-engine's numberValidator, verbatim in behaviour (for a number: anything but NaN)
  if (typeof v === 'number') return v === v;
  return Number.parseFloat(v as string).toString() !== 'NaN';
}

function dec(v: unknown): Decimal | undefined {
  return isDecimal(v) ? v : typeof v === 'string' || typeof v === 'number' ? parseDecimal(v) : undefined;
}

function decCompare(test: (c: number) => boolean) {
  return (fact: unknown, value: unknown): boolean => {
    const a = dec(fact);
    const b = dec(value);
    return a !== undefined && b !== undefined && test(compareDecimals(a, b));
  };
}

function regionsOf(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
}

function dateCompare(test: (a: string, b: string) => boolean) {
  return (fact: unknown, value: unknown): boolean => {
    const a = toShanghaiDate(fact);
    const b = toShanghaiDate(value);
    return a !== undefined && b !== undefined && test(a, b);
  };
}

function within(fact: unknown, value: unknown): boolean {
  const d = toShanghaiDate(fact);
  const p = toPeriod(value);
  return d !== undefined && p !== undefined && d >= p.from && d <= p.to;
}

const L = (zh: string, en: string): LocalizedText => ({ zh, en });

export const operators: readonly OperatorDescriptor[] = Object.freeze([
  // json-rules-engine defaults (JavaScript semantics; facts as JSON: decimals are strings)
  { name: 'equal', label: L('等于', 'equals'), group: 'comparison', factType: 'any', valueType: 'any', source: 'json-rules-engine', test: (a, b) => a === b },
  { name: 'notEqual', label: L('不等于', 'does not equal'), group: 'comparison', factType: 'any', valueType: 'any', source: 'json-rules-engine', test: (a, b) => a !== b },
  { name: 'in', label: L('属于', 'is one of'), group: 'set', factType: 'any', valueType: 'list', source: 'json-rules-engine', test: (a, b) => (b as unknown[]).indexOf(a) > -1 },
  { name: 'notIn', label: L('不属于', 'is none of'), group: 'set', factType: 'any', valueType: 'list', source: 'json-rules-engine', test: (a, b) => (b as unknown[]).indexOf(a) === -1 },
  { name: 'contains', label: L('包含', 'contains'), group: 'set', factType: 'list', valueType: 'any', source: 'json-rules-engine', test: (a, b) => Array.isArray(a) && a.indexOf(b) > -1 },
  { name: 'doesNotContain', label: L('不包含', 'does not contain'), group: 'set', factType: 'list', valueType: 'any', source: 'json-rules-engine', test: (a, b) => Array.isArray(a) && a.indexOf(b) === -1 },
  { name: 'lessThan', label: L('小于', 'less than'), group: 'comparison', factType: 'number', valueType: 'number', source: 'json-rules-engine', test: (a, b) => jsonNumberLike(a) && (a as number) < (b as number) },
  { name: 'lessThanInclusive', label: L('小于等于', 'at most'), group: 'comparison', factType: 'number', valueType: 'number', source: 'json-rules-engine', test: (a, b) => jsonNumberLike(a) && (a as number) <= (b as number) },
  { name: 'greaterThan', label: L('大于', 'greater than'), group: 'comparison', factType: 'number', valueType: 'number', source: 'json-rules-engine', test: (a, b) => jsonNumberLike(a) && (a as number) > (b as number) },
  { name: 'greaterThanInclusive', label: L('大于等于', 'at least'), group: 'comparison', factType: 'number', valueType: 'number', source: 'json-rules-engine', test: (a, b) => jsonNumberLike(a) && (a as number) >= (b as number) },
  // exact decimals (money, rates, quantities); a null or non-number side is false
  { name: 'decimalEqual', label: L('金额等于', 'equals (exact decimal)'), group: 'decimal', factType: 'decimal', valueType: 'decimal', source: 'channelflow', test: decCompare((c) => c === 0) },
  { name: 'decimalNotEqual', label: L('金额不等于', 'does not equal (exact decimal)'), group: 'decimal', factType: 'decimal', valueType: 'decimal', source: 'channelflow', test: decCompare((c) => c !== 0) },
  { name: 'decimalLessThan', label: L('小于（精确）', 'less than (exact)'), group: 'decimal', factType: 'decimal', valueType: 'decimal', source: 'channelflow', test: decCompare((c) => c < 0) },
  { name: 'decimalLessThanInclusive', label: L('小于等于（精确）', 'at most (exact, inclusive)'), group: 'decimal', factType: 'decimal', valueType: 'decimal', source: 'channelflow', test: decCompare((c) => c <= 0) },
  { name: 'decimalGreaterThan', label: L('大于（精确）', 'greater than (exact, strict)'), group: 'decimal', factType: 'decimal', valueType: 'decimal', source: 'channelflow', test: decCompare((c) => c > 0) },
  { name: 'decimalGreaterThanInclusive', label: L('大于等于（精确）', 'at least (exact, inclusive)'), group: 'decimal', factType: 'decimal', valueType: 'decimal', source: 'channelflow', test: decCompare((c) => c >= 0) },
  {
    name: 'decimalIn', label: L('金额属于', 'is one of (exact decimal)'), group: 'decimal', factType: 'decimal', valueType: 'decimal-list', source: 'channelflow',
    test: (a, b) => { const x = dec(a); return x !== undefined && Array.isArray(b) && b.some((y) => { const d = dec(y); return d !== undefined && compareDecimals(d, x) === 0; }); },
  },
  {
    name: 'decimalNotIn', label: L('金额不属于', 'is none of (exact decimal)'), group: 'decimal', factType: 'decimal', valueType: 'decimal-list', source: 'channelflow',
    test: (a, b) => { const x = dec(a); return x !== undefined && Array.isArray(b) && !b.some((y) => { const d = dec(y); return d !== undefined && compareDecimals(d, x) === 0; }); },
  },
  // regions over the tenant's tree
  { name: 'covers', label: L('区域覆盖', 'covers region'), group: 'region', factType: 'region-list', valueType: 'region', source: 'channelflow', test: (a, b, env) => typeof b === 'string' && regionsOf(a).some((r) => env.regions.covers(r, b)) },
  { name: 'notCovers', label: L('区域不覆盖', 'does not cover region'), group: 'region', factType: 'region-list', valueType: 'region', source: 'channelflow', test: (a, b, env) => typeof b === 'string' && !regionsOf(a).some((r) => env.regions.covers(r, b)) },
  { name: 'coveredBy', label: L('位于区域内', 'lies within region'), group: 'region', factType: 'region', valueType: 'region-list', source: 'channelflow', test: (a, b, env) => typeof a === 'string' && regionsOf(b).some((r) => env.regions.covers(r, a)) },
  { name: 'notCoveredBy', label: L('不在区域内', 'lies outside region'), group: 'region', factType: 'region', valueType: 'region-list', source: 'channelflow', test: (a, b, env) => typeof a === 'string' && !regionsOf(b).some((r) => env.regions.covers(r, a)) },
  { name: 'topRegion', label: L('所属大区为', 'top region is'), group: 'region', factType: 'region', valueType: 'region-list', source: 'channelflow', test: (a, b, env) => typeof a === 'string' && regionsOf(b).includes(env.regions.topRegion(a) ?? '\u0000') },
  // dates, Asia/Shanghai calendar days
  { name: 'dateBefore', label: L('早于', 'before'), group: 'date', factType: 'date', valueType: 'date', source: 'channelflow', test: dateCompare((a, b) => a < b) },
  { name: 'dateOnOrBefore', label: L('不晚于', 'on or before'), group: 'date', factType: 'date', valueType: 'date', source: 'channelflow', test: dateCompare((a, b) => a <= b) },
  { name: 'dateAfter', label: L('晚于', 'after'), group: 'date', factType: 'date', valueType: 'date', source: 'channelflow', test: dateCompare((a, b) => a > b) },
  { name: 'dateOnOrAfter', label: L('不早于', 'on or after'), group: 'date', factType: 'date', valueType: 'date', source: 'channelflow', test: dateCompare((a, b) => a >= b) },
  { name: 'dateWithin', label: L('在期间内', 'within period'), group: 'date', factType: 'date', valueType: 'period', source: 'channelflow', test: within },
  { name: 'dateNotWithin', label: L('不在期间内', 'outside period'), group: 'date', factType: 'date', valueType: 'period', source: 'channelflow', test: (a, b) => toShanghaiDate(a) !== undefined && toPeriod(b) !== undefined && !within(a, b) },
  // strings
  { name: 'startsWith', label: L('开头是', 'starts with'), group: 'string', factType: 'string', valueType: 'string', source: 'channelflow', test: (a, b) => typeof a === 'string' && typeof b === 'string' && a.startsWith(b) },
  { name: 'endsWith', label: L('结尾是', 'ends with'), group: 'string', factType: 'string', valueType: 'string', source: 'channelflow', test: (a, b) => typeof a === 'string' && typeof b === 'string' && a.endsWith(b) },
  { name: 'includesText', label: L('包含文字', 'contains text'), group: 'string', factType: 'string', valueType: 'string', source: 'channelflow', test: (a, b) => typeof a === 'string' && typeof b === 'string' && a.includes(b) },
  { name: 'equalsIgnoreCase', label: L('等于（不区分大小写）', 'equals, ignoring case'), group: 'string', factType: 'string', valueType: 'string', source: 'channelflow', test: (a, b) => typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase() },
] satisfies OperatorDescriptor[]);

/** json-rules-engine's operator decorators ("not:equal", "someFact:covers", …). */
export interface OperatorDecoratorDescriptor {
  name: string;
  label: LocalizedText;
  apply(fact: unknown, value: unknown, next: (f: unknown, v: unknown) => boolean): boolean;
}

export const operatorDecorators: readonly OperatorDecoratorDescriptor[] = Object.freeze([
  { name: 'someFact', label: L('事实中任一项', 'some item of the fact'), apply: (f, v, next) => Array.isArray(f) && f.some((x) => next(x, v)) },
  { name: 'everyFact', label: L('事实中每一项', 'every item of the fact'), apply: (f, v, next) => Array.isArray(f) && f.every((x) => next(x, v)) },
  { name: 'someValue', label: L('值中任一项', 'some item of the value'), apply: (f, v, next) => (v as unknown[]).some((x) => next(f, x)) },
  { name: 'everyValue', label: L('值中每一项', 'every item of the value'), apply: (f, v, next) => (v as unknown[]).every((x) => next(f, x)) },
  { name: 'swap', label: L('交换两侧', 'swap sides'), apply: (f, v, next) => next(v, f) },
  { name: 'not', label: L('非', 'not'), apply: (f, v, next) => !next(f, v) },
]);

const byName = new Map(operators.map((o) => [o.name, o]));
const decoratorByName = new Map(operatorDecorators.map((d) => [d.name, d]));

export function findOperator(name: string): OperatorDescriptor | undefined {
  return byName.get(name);
}

export interface ResolvedOperator {
  base: OperatorDescriptor;
  /** True when the base operator takes JSON views (json-rules-engine semantics). */
  native: boolean;
  test(fact: unknown, value: unknown, env: OperatorEnv): boolean;
}

/** Resolves "everyFact:not:greaterThan" into one test; undefined when any part is unknown. */
export function resolveOperator(name: string): ResolvedOperator | undefined {
  const parts = name.split(':');
  const base = byName.get(parts[parts.length - 1]);
  if (!base) return undefined;
  const decorators = parts.slice(0, -1).map((p) => decoratorByName.get(p));
  if (decorators.some((d) => !d)) return undefined;
  let test = base.test;
  for (let i = decorators.length - 1; i >= 0; i--) {
    const d = decorators[i]!;
    const next = test;
    test = (f, v, env) => d.apply(f, v, (x, y) => next(x, y, env));
  }
  return { base, native: base.source === 'json-rules-engine', test };
}
