import { describe, expect, it } from 'vitest';
import { addWorkingHours, createWorkingCalendar, workingHoursBetween } from '../../../rules/flow/index.js';
import { percentileCont } from '../../../server/dashboards/hour-stats.js';
import { acmeCalendar, sh } from '../../rules/flow/flow-harness.js';

const between = (cal: ReturnType<typeof acmeCalendar>, from: string, to: string) => workingHoursBetween(cal, new Date(sh(from)), new Date(sh(to)));

describe('working hours between two instants (the dashboard’s cycle time)', () => {
  const cal = acmeCalendar();

  it('counts only the 09:00–18:00 window of working days', () => {
    expect(between(cal, '2025-06-10 09:00', '2025-06-10 13:00')).toBe(4);
    expect(between(cal, '2025-06-10 20:00', '2025-06-11 10:30')).toBe(1.5); // the night does not count
    expect(between(cal, '2025-06-13 17:00', '2025-06-16 10:00')).toBe(2); // Friday 1 h + Monday 1 h, not the weekend
    expect(between(cal, '2025-06-10 12:00', '2025-06-10 12:00')).toBe(0);
    expect(between(cal, '2025-06-11 12:00', '2025-06-10 12:00')).toBe(0);
  });

  it('skips holidays and counts make-up workdays (调休), the inverse of the engine’s addWorkingHours', () => {
    // 2025-09-28 is a Sunday make-up workday; 10-01…10-08 is the National Day holiday.
    expect(between(cal, '2025-09-26 16:00', '2025-09-28 11:00')).toBe(4);
    expect(between(cal, '2025-09-30 15:00', '2025-10-09 10:00')).toBe(4);
    for (const [from, hours] of [['2025-09-26 16:00', 4], ['2025-09-30 15:00', 13.5], ['2026-02-12 11:15', 40]] as const) {
      expect(workingHoursBetween(cal, new Date(sh(from)), new Date(addWorkingHours(cal, sh(from), hours)))).toBeCloseTo(hours, 9);
    }
  });

  it('without a calendar document, weekends are the only days off', () => {
    const plain = createWorkingCalendar([]);
    expect(workingHoursBetween(plain, new Date('2024-03-20T01:00:00Z'), new Date('2024-03-22T03:00:00Z'))).toBe(20);
  });

  it('interpolates percentiles as Postgres’s percentile_cont', () => {
    expect(percentileCont([], 0.5)).toBeNull();
    expect(percentileCont([7], 0.9)).toBe(7);
    expect(percentileCont([1, 2, 3, 30, 50], 0.5)).toBe(3);
    expect(percentileCont([1, 2, 3, 30, 50], 0.9)).toBeCloseTo(42, 9);
    expect(percentileCont([2, 3, 5, 30], 0.5)).toBe(4);
  });
});
