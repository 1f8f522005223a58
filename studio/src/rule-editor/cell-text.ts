import type { Cell, Literal, ValueSpec, ValueType } from '../../../rules/index';

/**
 * What a business admin types into a decision-table cell, and back. The syntax follows DMN/FEEL
 * unary tests as Camunda users know them:
 *   -                 any value
 *   A      "A"        equals (numbers: 100, 0.12)
 *   != A              does not equal
 *   >= 100000         comparisons (numeric columns)
 *   [10000..50000)    a range, brackets inclusive, parentheses strict
 *   A, B              one of;   not(A, B)   none of
 *   @dateOnOrAfter 2025-01-01   any operator of rules/operators by name, with its value
 * Parsing never judges: whatever was typed becomes a cell, and the rules validator says what is
 * wrong with it (the same check the server runs), so the two can never disagree.
 */
const DECIMAL_TYPES: ReadonlySet<ValueType> = new Set(['decimal', 'money', 'rate']);
const NUMBER_TYPES: ReadonlySet<ValueType> = new Set(['integer', 'number']);

function literalOf(text: string, type: ValueType): Literal {
  const t = text.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    try { return JSON.parse(t) as string; } catch { return t.slice(1, -1); }
  }
  if (t === 'null') return null;
  if (DECIMAL_TYPES.has(type)) return t; // exact decimals stay strings
  if (NUMBER_TYPES.has(type)) return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
  if (type === 'boolean') return t === 'true' || t === '是' ? true : t === 'false' || t === '否' ? false : t;
  return t;
}

function splitList(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

export function parseCellText(text: string, type: ValueType): Cell {
  const t = text.trim();
  if (t === '' || t === '-') return { any: true };
  if (t.startsWith('@')) {
    const m = /^@([A-Za-z:]+)\s*(.*)$/.exec(t);
    const op = m?.[1] ?? t.slice(1);
    const raw = (m?.[2] ?? '').trim();
    let value: unknown = raw;
    try { value = JSON.parse(raw); } catch { /* a bare word is a string */ }
    return { op, value };
  }
  if (/^[[(]/.test(t) && /[\])]$/.test(t) && t.includes('..')) return { range: t };
  const notIn = /^not\s*\((.*)\)$/i.exec(t);
  if (notIn) return { notIn: splitList(notIn[1]).map((v) => literalOf(v, type)) };
  const cmp = /^(!=|>=|<=|>|<|=)\s*(.*)$/.exec(t);
  if (cmp) {
    const op = cmp[1] as '!=' | '>=' | '<=' | '>' | '<' | '=';
    const value = literalOf(cmp[2], type);
    if (op === '=' || op === '!=') return { [op]: value } as Cell;
    return { [op]: typeof value === 'number' ? value : String(value) } as Cell;
  }
  const items = splitList(t);
  if (items.length > 1) return { in: items.map((v) => literalOf(v, type)) };
  return literalOf(t, type);
}

function literalText(v: unknown): string {
  if (typeof v === 'string') return /[,"()]|^\s|\s$|^(-|null|true|false)$/.test(v) || v === '' ? JSON.stringify(v) : v;
  return JSON.stringify(v);
}

export function formatCell(cell: Cell | undefined): string {
  if (cell === undefined || cell === null) return '-';
  if (typeof cell !== 'object') return literalText(cell);
  const key = Object.keys(cell)[0];
  const value = (cell as Record<string, unknown>)[key];
  switch (key) {
    case 'any': return '-';
    case 'range': return String(value);
    case 'in': return (value as unknown[]).map(literalText).join(', ');
    case 'notIn': return `not(${(value as unknown[]).map(literalText).join(', ')})`;
    case 'op': return `@${String((cell as { op: string }).op)} ${JSON.stringify((cell as { value: unknown }).value)}`;
    case '=': case '!=': case '<': case '<=': case '>': case '>=':
      return `${key} ${literalText(value)}`;
    default: return JSON.stringify(cell);
  }
}

/** An output cell: "= formula" is a formula (as in a spreadsheet), anything else a literal of the column's type. */
export function parseOutputText(text: string, type: ValueType): ValueSpec {
  const t = text.trim();
  if (t.startsWith('=')) return { $expr: t.slice(1).trim() };
  if (t === '') return null;
  if (t.startsWith('{') || t.startsWith('[')) {
    try { return JSON.parse(t) as ValueSpec; } catch { /* left as text for the validator */ }
  }
  return literalOf(t, type);
}

export function formatOutput(spec: ValueSpec | undefined): string {
  if (spec === undefined || spec === null) return '';
  if (typeof spec === 'object' && !Array.isArray(spec) && typeof (spec as { $expr?: unknown }).$expr === 'string') return `= ${(spec as { $expr: string }).$expr}`;
  if (typeof spec === 'string') return spec;
  return JSON.stringify(spec);
}
