import type { Decimal } from './money.js';
import { add, Dec, isDecimal, ZERO } from './money.js';
import { compare, num } from './formula-functions.js';
import { ruleError } from './rule-error.js';
import type { Aggregate, SelectStep } from './rule-set.types.js';
import type { Scope, Value, ValueRecord } from './typed-value.js';
import { isRecord, newScope } from './typed-value.js';

/**
 * Semantics shared by both paths for the list steps (forEach, select, buildList): item scopes,
 * aggregates, row matching and ordering. Only how formulas inside them run differs per path.
 */
export const MAX_LIST_ITEMS = 10_000;

export function listOf(s: Scope, name: string, step: string): Value[] {
  const v = s[name];
  if (v === undefined) throw ruleError('RUL_ERR_UNASSIGNED_VARIABLE', { variable: name });
  if (v === null) return [];
  if (!Array.isArray(v)) throw ruleError('RUL_ERR_TYPE_MISMATCH', { name: `${step}/${name}`, expected: 'list' });
  if (v.length > MAX_LIST_ITEMS) throw ruleError('RUL_ERR_BUDGET_EXCEEDED', { name, limit: MAX_LIST_ITEMS });
  return v;
}

/** The scope of one item: its fields become variables (shadowing outer ones); `as` names the item. */
export function itemScope(parent: Scope, item: Value, as: string | undefined): Scope {
  const s = newScope(parent);
  if (isRecord(item)) for (const k of Object.keys(item)) s[k] = item[k];
  if (as) s[as] = item;
  return s;
}

export function collectRecord(s: Scope, fields: readonly string[]): ValueRecord {
  const out: ValueRecord = {};
  for (const f of fields) {
    const v = s[f];
    if (v === undefined) throw ruleError('RUL_ERR_UNASSIGNED_VARIABLE', { variable: f });
    out[f] = v;
  }
  return out;
}

export function aggregateItems(spec: Aggregate, scopes: readonly Scope[], name: string): Value {
  const values = spec.of ? scopes.map((s) => {
    const v = s[spec.of!];
    if (v === undefined) throw ruleError('RUL_ERR_UNASSIGNED_VARIABLE', { variable: spec.of });
    return v;
  }) : [];
  switch (spec.op) {
    case 'count':
      return new Dec(spec.of ? values.filter((v) => v === true).length : scopes.length);
    case 'all':
      return values.every((v) => v === true);
    case 'any':
      return values.some((v) => v === true);
    case 'sum':
      return values.reduce<Decimal>((a, v) => add(a, num(v, name)), ZERO);
    case 'min':
    case 'max': {
      const ds = values.filter((v) => v !== null).map((v) => num(v, name));
      if (ds.length === 0) return null;
      return ds.reduce((a, b) => (spec.op === 'min' ? (b.lt(a) ? b : a) : b.gt(a) ? b : a));
    }
  }
}

/** Field equality for select.match: decimals compare by value, others strictly. */
export function fieldEquals(a: Value | undefined, b: Value): boolean {
  if (a === undefined) return false;
  if ((isDecimal(a) || typeof a === 'number') && (isDecimal(b) || typeof b === 'number')) return compare('==', a, b);
  return a === b;
}

function orderValue(a: Value | undefined, b: Value | undefined): number {
  const an = a === undefined || a === null;
  const bn = b === undefined || b === null;
  if (an || bn) return an && bn ? 0 : an ? 1 : -1; // nulls last
  if ((isDecimal(a) || typeof a === 'number') && (isDecimal(b) || typeof b === 'number')) return num(a, 'orderBy').cmp(num(b, 'orderBy'));
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A stable sort by the step's orderBy fields. */
export function sortRows(rows: Value[], orderBy: SelectStep['orderBy']): Value[] {
  if (!orderBy || orderBy.length === 0) return rows;
  const indexed = rows.map((r, i) => ({ r, i }));
  indexed.sort((x, y) => {
    for (const o of orderBy) {
      const c = orderValue(isRecord(x.r) ? x.r[o.field] : undefined, isRecord(y.r) ? y.r[o.field] : undefined);
      if (c !== 0) return o.direction === 'desc' ? -c : c;
    }
    return x.i - y.i;
  });
  return indexed.map((x) => x.r);
}

/** Assigns the outcome of a select: the first row's fields (or defaults), or the list of rows. */
export function assignSelection(step: SelectStep, found: Value[], s: Scope, defaults: Record<string, Value>): Record<string, Value> {
  const out: Record<string, Value> = {};
  if (step.take === 'all') {
    out[step.into ?? step.id] = found;
  } else {
    const row = found[0];
    if (step.into) out[step.into] = row ?? null;
    for (const [v, field] of Object.entries(step.set ?? {})) {
      if (row === undefined) out[v] = Object.prototype.hasOwnProperty.call(defaults, v) ? defaults[v] : null;
      else {
        const fv = isRecord(row) ? row[field] : undefined;
        out[v] = fv === undefined ? null : fv;
      }
    }
  }
  for (const k of Object.keys(out)) s[k] = out[k];
  return out;
}

/** buildList: appends a value, or each item of a list value when `spread` is set. */
export function appendItem(out: Value[], v: Value, spread: boolean, step: string): void {
  if (!spread) {
    out.push(v);
    return;
  }
  if (v === null) return;
  if (!Array.isArray(v)) throw ruleError('RUL_ERR_TYPE_MISMATCH', { name: `${step}/items`, expected: 'list' });
  for (const x of v) out.push(x);
}
