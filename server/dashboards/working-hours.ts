import type { WorkingCalendar } from '../../rules/flow/working-calendar.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Asia/Shanghai: UTC+8, no daylight saving. */
const SHANGHAI_OFFSET = 8 * HOUR;
/** Ten years of days: a span longer than that counts only its first ten years. */
const MAX_DAYS = 3660;

const dateOfDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

/**
 * Working hours between two instants on the tenant's calendar: only the working window
 * (09:00–18:00 by default) of working days in Asia/Shanghai counts — weekends, holidays and the
 * night do not, make-up workdays (调休) do. The inverse of the engine's `addWorkingHours`.
 */
export function workingHoursBetween(cal: WorkingCalendar, from: Date, to: Date): number {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  const first = Math.floor((start + SHANGHAI_OFFSET) / DAY);
  const last = Math.min(Math.floor((end + SHANGHAI_OFFSET) / DAY), first + MAX_DAYS);
  let total = 0;
  for (let day = first; day <= last; day++) {
    if (!cal.isWorkday(dateOfDay(day))) continue;
    const open = day * DAY - SHANGHAI_OFFSET + cal.workStart * 60_000;
    const close = day * DAY - SHANGHAI_OFFSET + cal.workEnd * 60_000;
    total += Math.max(0, Math.min(close, end) - Math.max(open, start));
  }
  return total / HOUR;
}

/** A continuous percentile (linear interpolation between the closest ranks), as Postgres's percentile_cont. */
export function percentileCont(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const pos = fraction * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

export const roundHours = (h: number | null) => (h === null ? null : Math.round(h * 100) / 100);
