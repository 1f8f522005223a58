import type { WorkingCalendarDocument } from './flow-definition.types.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Asia/Shanghai has kept UTC+8 without daylight saving since 1991. */
const SHANGHAI_OFFSET = 8 * HOUR;

/** A tenant's working time: weekends, holidays and make-up workdays (调休) from calendar documents. */
export interface WorkingCalendar {
  /** Minutes after midnight, Asia/Shanghai. */
  readonly workStart: number;
  readonly workEnd: number;
  isWorkday(date: string): boolean;
}

function parseClock(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

function dateOfDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

function dayOfDate(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY);
}

/**
 * Builds one calendar from the yearly documents (cn-2025, cn-2026, …). Working hours and weekend
 * days come from the first document unless given; a year without a document counts only weekends.
 */
export function createWorkingCalendar(docs: readonly WorkingCalendarDocument[], hours?: { start: string; end: string }): WorkingCalendar {
  const holidays = new Set<string>();
  const makeUp = new Set<string>();
  for (const doc of docs) {
    for (const h of doc.holidays) for (let d = dayOfDate(h.from); d <= dayOfDate(h.to); d++) holidays.add(dateOfDay(d));
    for (const w of doc.makeUpWorkdays) makeUp.add(w.date);
  }
  const weekend = new Set(docs[0]?.weekend ?? [0, 6]);
  const wh = hours ?? docs[0]?.workingHours ?? { start: '09:00', end: '18:00' };
  const workStart = parseClock(wh.start);
  const workEnd = parseClock(wh.end);
  return {
    workStart,
    workEnd,
    isWorkday(date: string): boolean {
      if (makeUp.has(date)) return true;
      if (holidays.has(date)) return false;
      const dow = (dayOfDate(date) + 4) % 7; // 1970-01-01 was a Thursday
      return !weekend.has(dow);
    },
  };
}

/** Working hours in one working day. */
export function hoursPerWorkday(cal: WorkingCalendar): number {
  return (cal.workEnd - cal.workStart) / 60;
}

/**
 * The instant `hours` working hours after `from` (ISO), counting only working hours of working
 * days in Asia/Shanghai. Time outside working hours does not count; the result is an ISO instant (UTC).
 */
export function addWorkingHours(cal: WorkingCalendar, from: string, hours: number): string {
  let remaining = hours * HOUR;
  let local = Date.parse(from) + SHANGHAI_OFFSET;
  const start = cal.workStart * 60_000;
  const end = cal.workEnd * 60_000;
  for (let guard = 0; guard < 3660; guard++) {
    const day = Math.floor(local / DAY);
    const dayStart = day * DAY;
    const inDay = local - dayStart;
    if (!cal.isWorkday(dateOfDay(day)) || inDay >= end) {
      local = dayStart + DAY + start;
      continue;
    }
    const from0 = Math.max(inDay, start);
    const available = end - from0;
    if (remaining <= available) return new Date(dayStart + from0 + remaining - SHANGHAI_OFFSET).toISOString();
    remaining -= available;
    local = dayStart + DAY + start;
  }
  throw new Error('working calendar: no working day within ten years');
}

/** N working days = N × the working hours of a day, counted from `from`. */
export function addWorkingDays(cal: WorkingCalendar, from: string, days: number): string {
  return addWorkingHours(cal, from, days * hoursPerWorkday(cal));
}

/**
 * Working hours between two instants (the inverse of `addWorkingHours`): only the working window
 * of working days in Asia/Shanghai counts. A span longer than ten years counts its first ten.
 */
export function workingHoursBetween(cal: WorkingCalendar, from: Date, to: Date): number {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  const first = Math.floor((start + SHANGHAI_OFFSET) / DAY);
  const last = Math.min(Math.floor((end + SHANGHAI_OFFSET) / DAY), first + 3660);
  let total = 0;
  for (let day = first; day <= last; day++) {
    if (!cal.isWorkday(dateOfDay(day))) continue;
    const open = day * DAY - SHANGHAI_OFFSET + cal.workStart * 60_000;
    const close = day * DAY - SHANGHAI_OFFSET + cal.workEnd * 60_000;
    total += Math.max(0, Math.min(close, end) - Math.max(open, start));
  }
  return total / HOUR;
}
