import type { EntityManager } from '@mikro-orm/postgresql';
import type { WorkingCalendarDocument } from '../../rules/flow/flow-definition.types.js';
import { createWorkingCalendar, workingHoursBetween } from '../../rules/flow/working-calendar.js';
import type { OrderStatus } from '../../schemas/api/dms-enums.js';
import { orderTransitions } from '../dms/order-status.js';
import { inRegion, regionCtes, sqlList, SqlParams } from './dashboard-sql.js';
import { percentileCont, roundHours } from './hour-stats.js';

/** Approved, and every status an approved order moves on to, except a later cancellation. */
export const approvedStatuses: OrderStatus[] = (() => {
  const seen = new Set<OrderStatus>(['APPROVED']);
  for (const s of seen) for (const next of orderTransitions[s]) if (next !== 'CANCELLED') seen.add(next);
  return [...seen];
})();

/** Histogram edges in hours (working shifts, a day, two, three); a tenant's cycle-time goal is drawn over them by the studio. */
export const cycleHistogramEdges = [1, 2, 4, 8, 24, 48, 72] as const;

type Rows = Record<string, unknown>[];
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * The approvals measured: orders approved (decided) in the range, shipped into the region, with
 * submit and decision times. The order's own timestamps come first; an order whose workflow
 * instance ended APPROVED without them falls back to the instance's start and end.
 */
function approvalsCte(q: SqlParams, tenantId: string, region: string | null, from: string, to: string): string {
  return `with recursive ${regionCtes(q, tenantId, region)},
    c as (
      select coalesce(o.submitted_at, wi.created_at) as submitted, coalesce(o.decided_at, wi.ended_at) as decided
      from dealer_order o
      left join workflow_instance wi on wi.id = o.workflow_instance_id and wi.tenant_id = ${q.v(tenantId)} and wi.status = 'APPROVED'
      where o.tenant_id = ${q.v(tenantId)} and o.status in (${sqlList(approvedStatuses)}) and ${inRegion(region, 'o.ship_to_region')}
    ),
    x as (
      select submitted, decided, (extract(epoch from (decided - submitted)) / 3600.0)::float8 as h
      from c
      where decided >= submitted and decided >= (${q.v(from)}::date)::timestamp at time zone 'Asia/Shanghai'
        and decided < (${q.v(to)}::date + 1)::timestamp at time zone 'Asia/Shanghai'
    )`;
}

/**
 * Submit → approve in calendar hours, aggregated in SQL (continuous percentiles, a histogram and
 * a weekly trend in one grouping-sets statement); and the same approvals in working hours of the
 * tenant's calendar, which SQL cannot count, so they are summed here with the same percentile rule.
 */
export async function cycleTime(tx: EntityManager, tenantId: string, region: string | null, from: string, to: string) {
  const q = new SqlParams();
  const rows: Rows = await tx.execute(`${approvalsCte(q, tenantId, region, from, to)},
    b as (
      select h, width_bucket(h, array[${cycleHistogramEdges.join(', ')}]::float8[]) as bucket,
        to_char(date_trunc('week', decided at time zone 'Asia/Shanghai'), 'YYYY-MM-DD') as week
      from x
    )
    select grouping(bucket)::int as g_bucket, grouping(week)::int as g_week, bucket, week, count(*)::int as count,
      round((percentile_cont(0.5) within group (order by h))::numeric, 2)::float8 as p50,
      round((percentile_cont(0.9) within group (order by h))::numeric, 2)::float8 as p90,
      round(avg(h)::numeric, 2)::float8 as mean, round(max(h)::numeric, 2)::float8 as max
    from b group by grouping sets ((), (bucket), (week))`, q.values);
  const all = rows.find((r) => r.g_bucket === 1 && r.g_week === 1);
  const counts = new Map(rows.filter((r) => r.g_bucket === 0).map((r) => [Number(r.bucket), Number(r.count)]));
  const edges = [0, ...cycleHistogramEdges];
  return {
    count: Number(all?.count ?? 0),
    p50Hours: num(all?.p50), p90Hours: num(all?.p90), meanHours: num(all?.mean), maxHours: num(all?.max),
    histogram: edges.map((fromHours, i) => ({ fromHours, toHours: edges[i + 1] ?? null, count: counts.get(i) ?? 0 })),
    weekly: rows.filter((r) => r.g_week === 0).map((r) => ({ weekStart: String(r.week), count: Number(r.count), p50Hours: num(r.p50), p90Hours: num(r.p90) }))
      .sort((a, b) => a.weekStart.localeCompare(b.weekStart)),
    working: await workingCycleTime(tx, tenantId, region, from, to),
  };
}

async function workingCycleTime(tx: EntityManager, tenantId: string, region: string | null, from: string, to: string) {
  const docs: { key: string; document: WorkingCalendarDocument }[] = await tx.execute(
    `select key, document from config_document_version where tenant_id = ? and kind = 'calendar' and status = 'PUBLISHED' order by key`, [tenantId],
  );
  const calendar = createWorkingCalendar(docs.map((d) => d.document).sort((a, b) => a.year - b.year));
  const q = new SqlParams();
  const rows: { submitted: Date | string; decided: Date | string }[] = await tx.execute(
    `${approvalsCte(q, tenantId, region, from, to)} select submitted, decided from x`, q.values,
  );
  const hours = rows.map((r) => workingHoursBetween(calendar, new Date(r.submitted), new Date(r.decided))).sort((a, b) => a - b);
  return {
    p50Hours: roundHours(percentileCont(hours, 0.5)),
    p90Hours: roundHours(percentileCont(hours, 0.9)),
    meanHours: roundHours(hours.length ? hours.reduce((a, b) => a + b, 0) / hours.length : null),
    calendars: docs.map((d) => d.key),
    workdayHours: `${clock(calendar.workStart)}–${clock(calendar.workEnd)}`,
  };
}

const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
