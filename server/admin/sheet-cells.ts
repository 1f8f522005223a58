import type { Cell, CellValue } from 'exceljs';
import { Dec, type Decimal } from '../../rules/money.js';
import type { ImportRowCode } from '../../schemas/api/record-import.schema.js';

/** A cell as the import reads it: formulas give their result, rich text and links their text; blanks are null. */
export type CellIn = string | number | boolean | Date | null;

export function readCell(cell: Cell | undefined): CellIn {
  return normalize(cell?.value ?? null);
}

function normalize(v: CellValue | undefined): CellIn {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return normalize(v.richText.map((r) => r.text).join(''));
    if ('formula' in v || 'sharedFormula' in v) return normalize((v as { result?: CellValue }).result ?? null);
    if ('text' in v) return normalize(typeof v.text === 'string' ? v.text : null);
    if ('error' in v) return String(v.error);
  }
  return null;
}

/** The cell as text, for the report. */
export function cellText(v: CellIn): string | null {
  if (v === null) return null;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: ImportRowCode };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (code: ImportRowCode): Parsed<never> => ({ ok: false, code });

const DECIMAL = /^-?\d+(\.\d+)?$/;
const MAX_MONEY_DIGITS = 16; // numeric(18,2)

/** Decimal text of a number as typed: the shortest form that reads back as the same double (1234.56, not 1234.5599999). */
function numberText(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  const s = String(n);
  return /e/i.test(s) ? undefined : s;
}

/** Text of a number cell or of typed text, thousands separators and a currency sign dropped. */
function decimalText(v: CellIn): string | undefined {
  if (typeof v === 'number') return numberText(v);
  if (typeof v !== 'string') return undefined;
  const s = v.replace(/^[¥￥]\s*/, '').replace(/[,，\s]/g, '');
  return DECIMAL.test(s) ? s : undefined;
}

/** Money exact to the fen, not negative: "8000000.00". A number with a third decimal is refused, never rounded. */
export function parseMoney(v: CellIn): Parsed<string> {
  const text = decimalText(v);
  if (text === undefined) return fail('IMP_ROW_NOT_MONEY');
  const [whole, frac = ''] = text.replace(/^-/, '').split('.');
  if (frac.length > 2 && /[1-9]/.test(frac.slice(2))) return fail('IMP_ROW_MONEY_PRECISION');
  if (text.startsWith('-') && /[1-9]/.test(text)) return fail('IMP_ROW_NEGATIVE');
  if (whole.replace(/^0+(?=\d)/, '').length > MAX_MONEY_DIGITS) return fail('IMP_ROW_OUT_OF_RANGE');
  return ok(new Dec(text).abs().toFixed(2));
}

export function parseInteger(v: CellIn, min: number, max: number): Parsed<number> {
  let n: number | undefined;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^-?\d{1,15}$/.test(v.replace(/[,，]/g, ''))) n = Number(v.replace(/[,，]/g, ''));
  if (n === undefined || !Number.isInteger(n)) return fail('IMP_ROW_NOT_INTEGER');
  if (n < min || n > max) return fail('IMP_ROW_OUT_OF_RANGE');
  return ok(n);
}

/** A rate from 0 to 1 with at most 6 decimals; "5%" and a percent-formatted 0.05 both read as 0.05. */
export function parseRate(v: CellIn): Parsed<Decimal> {
  let d: Decimal | undefined;
  if (typeof v === 'number') {
    const t = numberText(v);
    if (t !== undefined) d = new Dec(t);
  } else if (typeof v === 'string') {
    const pct = /^(-?\d+(\.\d+)?)\s*[%％]$/.exec(v);
    if (pct) d = new Dec(pct[1]).div(100);
    else if (DECIMAL.test(v)) d = new Dec(v);
  }
  if (d === undefined || d.lt(0) || d.gt(1) || d.round(6).cmp(d) !== 0) return fail('IMP_ROW_NOT_RATE');
  return ok(d);
}

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '×']);

export function parseBoolean(v: CellIn): Parsed<boolean> {
  if (typeof v === 'boolean') return ok(v);
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.toLowerCase() : '';
  if (YES.has(s)) return ok(true);
  if (NO.has(s)) return ok(false);
  return fail('IMP_ROW_NOT_BOOLEAN');
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function parseCode(v: CellIn): Parsed<string> {
  const s = typeof v === 'number' ? numberText(v) ?? '' : typeof v === 'string' ? v : '';
  return CODE.test(s) ? ok(s) : fail('IMP_ROW_BAD_CODE');
}

export function parseText(v: CellIn, maxLength: number): Parsed<string> {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  return s.length > maxLength ? fail('IMP_ROW_TOO_LONG') : ok(s);
}

/** A list of codes separated by commas (either width), semicolons or spaces. */
export function splitCodes(v: CellIn): string[] {
  if (v === null) return [];
  return String(v).split(/[,，;；、\s]+/).map((s) => s.trim()).filter(Boolean);
}
