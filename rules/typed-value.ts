import type { Decimal } from './money.js';
import { formatDecimal, formatMoney, formatRate, isDecimal, parseDecimal } from './money.js';
import { ruleError } from './rule-error.js';
import { toShanghaiDate } from './shanghai-date.js';
import type { FieldDecl, ItemDecl, ValueType } from './rule-set.types.js';

/**
 * Values inside an evaluation. Decimals (money, rates, declared decimals, formula results) are
 * exact; JSON numbers stay numbers (json-rules-engine compares them natively); dates are ISO
 * strings in Asia/Shanghai; lists hold values or records.
 */
export type Value = Decimal | number | string | boolean | null | Value[] | ValueRecord;
export interface ValueRecord {
  [field: string]: Value;
}

/** A scope maps variable names to values; a forEach item scope inherits from its parent. */
export type Scope = Record<string, Value>;

/**
 * The root of every scope chain: no Object.prototype above it (a formula's "constructor" finds
 * nothing). Scopes inherit from it rather than being null-prototype objects themselves, which
 * V8 would keep in slow dictionary mode.
 */
const ROOT_SCOPE: Scope = Object.freeze(Object.create(null) as Scope);

export function newScope(parent?: Scope): Scope {
  return Object.create(parent ?? ROOT_SCOPE) as Scope;
}

export function isRecord(v: unknown): v is ValueRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isDecimal(v);
}

/** A decimal view of a number-like value, or undefined. */
export function asDecimal(v: Value | undefined): Decimal | undefined {
  if (isDecimal(v)) return v;
  if (typeof v === 'number' || typeof v === 'string') return parseDecimal(v);
  return undefined;
}

const DECIMAL_TYPES: ReadonlySet<ValueType> = new Set(['decimal', 'money', 'rate']);

export function isDecimalType(t: ValueType): boolean {
  return DECIMAL_TYPES.has(t);
}

/** Converts a JSON fact to its typed value; `fact` names it in errors (e.g. "lines/2/qty"). */
export function toTyped(decl: ItemDecl, raw: unknown, fact: string): Value {
  if (raw === null) {
    if (decl.nullable) return null;
    throw ruleError('RUL_ERR_INVALID_FACT', { fact, expected: decl.type, got: 'null' });
  }
  // (no closure here: this runs for every fact of every evaluation)
  const bad = invalidFact;
  switch (decl.type) {
    case 'decimal':
    case 'money':
    case 'rate': {
      if (typeof raw === 'number' && decl.type === 'money') bad(fact, decl, raw);
      const d = typeof raw === 'string' || typeof raw === 'number' ? parseDecimal(raw) : undefined;
      return d ?? bad(fact, decl, raw);
    }
    case 'integer':
      return typeof raw === 'number' && Number.isSafeInteger(raw) ? raw : bad(fact, decl, raw);
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw) ? raw : bad(fact, decl, raw);
    case 'boolean':
      return typeof raw === 'boolean' ? raw : bad(fact, decl, raw);
    case 'date':
      return toShanghaiDate(raw) ?? bad(fact, decl, raw);
    case 'enum':
      return typeof raw === 'string' && (!decl.values || decl.values.includes(raw)) ? raw : bad(fact, decl, raw);
    case 'string':
    case 'region':
      return typeof raw === 'string' ? raw : bad(fact, decl, raw);
    case 'list': {
      if (!Array.isArray(raw)) return bad(fact, decl, raw);
      const item = decl.items;
      return raw.map((x, i) => (item ? toTyped(item, x, `${fact}/${i}`) : fromJson(x)));
    }
    case 'object': {
      if (!isRecord(raw)) return bad(fact, decl, raw);
      if (!decl.fields) return fromJson(raw);
      const out: ValueRecord = {};
      const src = raw as Record<string, unknown>;
      for (const f of decl.fields ?? []) {
        const has = Object.prototype.hasOwnProperty.call(src, f.name) && src[f.name] !== undefined;
        if (!has) {
          if (f.default !== undefined) out[f.name] = toTyped(f, f.default, `${fact}/${f.name}`);
          else if (f.nullable) out[f.name] = null;
          else throw ruleError('RUL_ERR_MISSING_FACT', { fact: `${fact}/${f.name}` });
        } else out[f.name] = toTyped(f, src[f.name], `${fact}/${f.name}`);
      }
      return out;
    }
  }
}

function invalidFact(fact: string, decl: ItemDecl, raw: unknown): never {
  throw ruleError('RUL_ERR_INVALID_FACT', { fact, expected: decl.type, got: typeof raw });
}

function invalidOutput(name: string, decl: ItemDecl): never {
  throw ruleError('RUL_ERR_OUTPUT_TYPE', { name, expected: decl.type });
}

/** Converts an untyped JSON literal (event params, constants): numbers stay numbers, strings stay strings. */
export function fromJson(raw: unknown): Value {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'number' || typeof raw === 'string' || typeof raw === 'boolean') return raw;
  if (Array.isArray(raw)) return raw.map(fromJson);
  if (typeof raw === 'object') {
    const out: ValueRecord = {};
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) out[k] = fromJson(v);
    return out;
  }
  return null;
}

/** The JSON form of a value, as json-rules-engine sees facts: decimals become decimal strings. */
export function toJsonView(v: Value | undefined): unknown {
  if (v === undefined) return undefined;
  if (isDecimal(v)) return formatDecimal(v);
  if (Array.isArray(v)) return v.map(toJsonView);
  if (isRecord(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = toJsonView(v[k]);
    return out;
  }
  return v;
}

/** Formats an output by its declared type: money "58643.20", rates "0.10", integers as numbers. */
export function formatTyped(decl: ItemDecl, v: Value | undefined, name: string): unknown {
  if (v === undefined) throw ruleError('RUL_ERR_UNASSIGNED_VARIABLE', { variable: name });
  if (v === null) return null;
  const bad = invalidOutput;
  switch (decl.type) {
    case 'money':
    case 'rate':
    case 'decimal': {
      const d = asDecimal(v) ?? bad(name, decl);
      return decl.type === 'money' ? formatMoney(d) : decl.type === 'rate' ? formatRate(d) : formatDecimal(d);
    }
    case 'integer': {
      const d = asDecimal(v) ?? bad(name, decl);
      const n = Number(d.toFixed());
      return Number.isSafeInteger(n) && d.eq(n) ? n : bad(name, decl);
    }
    case 'number': {
      const d = asDecimal(v) ?? bad(name, decl);
      return Number(d.toFixed());
    }
    case 'boolean':
      return typeof v === 'boolean' ? v : bad(name, decl);
    case 'date':
      return toShanghaiDate(v) ?? bad(name, decl);
    case 'string':
    case 'enum':
    case 'region':
      return typeof v === 'string' ? v : bad(name, decl);
    case 'list': {
      if (!Array.isArray(v)) return bad(name, decl);
      const item = decl.items;
      return v.map((x, i) => (item ? formatTyped(item, x, `${name}/${i}`) : toJsonView(x)));
    }
    case 'object': {
      if (!isRecord(v)) return bad(name, decl);
      if (!decl.fields) return toJsonView(v);
      const out: Record<string, unknown> = {};
      for (const f of decl.fields) {
        const fv = v[f.name];
        if (fv === undefined && f.nullable) continue; // optional field absent: omitted
        out[f.name] = formatTyped(f, fv, `${name}/${f.name}`);
      }
      return out;
    }
  }
}

/** Reads the declared inputs from the facts: defaults fill gaps, a missing fact without one fails. */
export function readInputs(inputs: readonly FieldDecl[], facts: Record<string, unknown>, scope: Scope): void {
  for (const decl of inputs) {
    const raw = Object.prototype.hasOwnProperty.call(facts, decl.name) ? facts[decl.name] : undefined;
    if (raw === undefined) {
      if (decl.default !== undefined) scope[decl.name] = toTyped(decl, decl.default, decl.name);
      else if (decl.nullable) scope[decl.name] = null;
      else throw ruleError('RUL_ERR_MISSING_FACT', { fact: decl.name });
    } else scope[decl.name] = toTyped(decl, raw, decl.name);
  }
}

/** readInputs specialized once per rule set: plain strings, integers and decimal text take a short path. */
export function compileInputReader(inputs: readonly FieldDecl[]): (facts: Record<string, unknown>, scope: Scope) => void {
  const readers = inputs.map((decl) => {
    const name = decl.name;
    const fallback = (raw: unknown, scope: Scope) => {
      if (raw === undefined) {
        if (decl.default !== undefined) scope[name] = toTyped(decl, decl.default, name);
        else if (decl.nullable) scope[name] = null;
        else throw ruleError('RUL_ERR_MISSING_FACT', { fact: name });
      } else scope[name] = toTyped(decl, raw, name);
    };
    const values = decl.type === 'enum' && decl.values ? new Set(decl.values) : null;
    switch (decl.type) {
      case 'money':
      case 'decimal':
      case 'rate':
        return (facts: Record<string, unknown>, scope: Scope) => {
          const raw = facts[name];
          const d = typeof raw === 'string' ? parseDecimal(raw) : undefined;
          if (d !== undefined && Object.prototype.hasOwnProperty.call(facts, name)) scope[name] = d;
          else fallback(Object.prototype.hasOwnProperty.call(facts, name) ? raw : undefined, scope);
        };
      case 'integer':
        return (facts: Record<string, unknown>, scope: Scope) => {
          const raw = facts[name];
          if (typeof raw === 'number' && Number.isSafeInteger(raw) && Object.prototype.hasOwnProperty.call(facts, name)) scope[name] = raw;
          else fallback(Object.prototype.hasOwnProperty.call(facts, name) ? raw : undefined, scope);
        };
      case 'string':
      case 'region':
      case 'enum':
        return (facts: Record<string, unknown>, scope: Scope) => {
          const raw = facts[name];
          if (typeof raw === 'string' && (values === null || values.has(raw)) && Object.prototype.hasOwnProperty.call(facts, name)) scope[name] = raw;
          else fallback(Object.prototype.hasOwnProperty.call(facts, name) ? raw : undefined, scope);
        };
      default:
        return (facts: Record<string, unknown>, scope: Scope) => fallback(Object.prototype.hasOwnProperty.call(facts, name) ? facts[name] : undefined, scope);
    }
  });
  return (facts, scope) => {
    for (let i = 0; i < readers.length; i++) readers[i](facts, scope);
  };
}
