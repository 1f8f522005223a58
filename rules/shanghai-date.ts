/**
 * Calendar dates in Asia/Shanghai (UTC+8, no daylight saving since 1991). Dates travel as ISO
 * strings "2025-06-10"; a date-time with an offset is converted to the Shanghai calendar date.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 86_400_000;

/** "YYYY-MM-DD" in Shanghai, or undefined when the value is not an ISO date or date-time. */
export function toShanghaiDate(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = DATE.exec(v);
  if (m) return isRealDate(+m[1], +m[2], +m[3]) ? v : undefined;
  if (!DATE_TIME.test(v)) return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

function isRealDate(y: number, mo: number, d: number): boolean {
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Day number since 1970-01-01 of a Shanghai calendar date. */
export function dayNumber(date: string): number {
  return Math.round(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY_MS);
}

export function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** b − a in days. */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

export function quarterOf(date: string): number {
  return Math.floor((+date.slice(5, 7) - 1) / 3) + 1;
}

export interface Period {
  from: string;
  to: string;
}

/**
 * A period: "2025", "2025-Q2", "2025-06", or { from, to } (both inclusive).
 * Returns undefined when the value names no period.
 */
export function toPeriod(v: unknown): Period | undefined {
  if (typeof v === 'string') {
    let m = /^(\d{4})$/.exec(v);
    if (m) return { from: `${m[1]}-01-01`, to: `${m[1]}-12-31` };
    m = /^(\d{4})-Q([1-4])$/.exec(v);
    if (m) {
      const q = +m[2];
      const from = `${m[1]}-${String(q * 3 - 2).padStart(2, '0')}-01`;
      const next = q === 4 ? `${+m[1] + 1}-01-01` : `${m[1]}-${String(q * 3 + 1).padStart(2, '0')}-01`;
      return { from, to: addDays(next, -1) };
    }
    m = /^(\d{4})-(\d{2})$/.exec(v);
    if (m && +m[2] >= 1 && +m[2] <= 12) {
      const next = +m[2] === 12 ? `${+m[1] + 1}-01-01` : `${m[1]}-${String(+m[2] + 1).padStart(2, '0')}-01`;
      return { from: `${v}-01`, to: addDays(next, -1) };
    }
    return undefined;
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const p = v as { from?: unknown; to?: unknown };
    const from = toShanghaiDate(p.from);
    const to = toShanghaiDate(p.to);
    return from && to ? { from, to } : undefined;
  }
  return undefined;
}
