/** Statistics of the dashboards' hour figures; the working hours themselves come from `workingHoursBetween` (rules/flow/working-calendar). */

/** A continuous percentile (linear interpolation between the closest ranks), as Postgres's percentile_cont. */
export function percentileCont(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const pos = fraction * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

export const roundHours = (h: number | null) => (h === null ? null : Math.round(h * 100) / 100);
