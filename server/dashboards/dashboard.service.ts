import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FromSchema } from 'json-schema-to-ts';
import type { DashboardOverview } from '../../schemas/api/dashboard-api.schema.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { Tenant } from '../entities/index.js';
import { creditHoldingStatuses, daysBetween } from '../dms/credit.service.js';
import type { AuthedContext } from '../http/request-context.js';
import { shanghaiToday } from '../rule-sets/rule-set.service.js';
import { tierComparator, tiersOf } from '../tenancy/vocabulary.service.js';
import { approvedStatuses, cycleTime } from './cycle-time.js';
import { inRegion, regionCtes, sqlList, SqlParams } from './dashboard-sql.js';

export type Overview = FromSchema<typeof DashboardOverview>;
export interface OverviewQuery { from?: string; to?: string; region?: string }

const defaultDays = 90;
const maxDays = 1096;
const slaListLimit = 50;
const topExposureLimit = 10;
const rebateDealerLimit = 15;

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The range asked for, with defaults, checked beyond what the schema can say. */
export function resolveRange(query: OverviewQuery, today: string): { from: string; to: string } {
  const to = query.to ?? today;
  const from = query.from ?? addDays(to, -(defaultDays - 1));
  if (from > to) throw new AppError('CF_ERR_VALIDATION', { problems: [{ in: 'querystring', pointer: '/from', message: `must not be after to (${to})` }] });
  if (daysBetween(from, to) >= maxDays) throw new AppError('CF_ERR_VALIDATION', { problems: [{ in: 'querystring', pointer: '/from', message: `the range may span at most ${maxDays} days` }] });
  return { from, to };
}

type Rows = Record<string, unknown>[];

/**
 * The admin dashboard, aggregated in SQL (numeric sums, percentiles) in one repeatable-read
 * transaction so every section sees the same moment; every statement is scoped by tenant_id.
 */
export async function overview(ctx: AuthedContext, query: OverviewQuery, now = new Date()): Promise<Overview> {
  const asOf = shanghaiToday(now);
  const { from, to } = resolveRange(query, asOf);
  const region = query.region ?? null;
  return ctx.em.transactional(async (tx) => {
    const groups = await regionGroups(tx, ctx.tenantId, region);
    const tiers = tiersOf(await tx.findOneOrFail(Tenant, { id: ctx.tenantId }));
    return {
      range: { from, to, region, asOf },
      orders: await orderFigures(tx, ctx.tenantId, region, from, to, groups, tierComparator(tiers)),
      cycleTime: await cycleTime(tx, ctx.tenantId, region, from, to),
      rebates: await rebates(tx, ctx.tenantId, region, from, to, asOf),
      credit: await credit(tx, ctx.tenantId, region, asOf),
      sla: await overdueTasks(tx, ctx.tenantId, region, now),
    };
  }, { isolationLevel: IsolationLevel.REPEATABLE_READ });
}

interface RegionGroup { region: string; name: string; nameEn: string | null }

/** The regions the orders roll up to; an unknown region is a 400 pointing at the query. */
async function regionGroups(tx: EntityManager, tenantId: string, region: string | null): Promise<RegionGroup[]> {
  const q = new SqlParams();
  const rows: Rows = await tx.execute(`with recursive ${regionCtes(q, tenantId, region)}
    select a.anchors, r.code, r.name, r.name_en
    from (select count(*)::int as anchors from anchor) a
    left join region r on r.tenant_id = ${q.v(tenantId)} and r.code in (select code from grp)
    order by r.position, r.code`, q.values);
  if (region !== null && rows[0]?.anchors === 0) {
    throw new AppError('CF_ERR_VALIDATION', { problems: [{ in: 'querystring', pointer: '/region', message: `no region '${region}' in this tenant` }] });
  }
  return rows.filter((r) => r.code !== null).map((r) => ({ region: String(r.code), name: String(r.name), nameEn: (r.name_en as string | null) ?? null }));
}

const orderSums = `count(*)::int as count,
      coalesce(sum(order_amount), 0)::numeric(20,2)::text as amount,
      (count(*) filter (where approved))::int as approved_count,
      coalesce(sum(order_amount) filter (where approved), 0)::numeric(20,2)::text as approved_amount`;

const toTotals = (r: Record<string, unknown> | undefined) => ({
  count: Number(r?.count ?? 0), amount: String(r?.amount ?? '0.00'),
  approvedCount: Number(r?.approved_count ?? 0), approvedAmount: String(r?.approved_amount ?? '0.00'),
});

/**
 * Orders dated in the range: totals, by rolled-up ship-to region and by tier at order, in one
 * grouping-sets statement; tiers in the tenant's dealerTier order (best first).
 */
async function orderFigures(tx: EntityManager, tenantId: string, region: string | null, from: string, to: string, groups: RegionGroup[], byTierOrder: (a: string, b: string) => number) {
  const q = new SqlParams();
  const rows: Rows = await tx.execute(`with recursive ${regionCtes(q, tenantId, region)},
    o as (
      select coalesce(tree.grp, o.ship_to_region) as grp, o.tier_at_order as tier, o.order_amount,
        o.status in (${sqlList(approvedStatuses)}) as approved
      from dealer_order o ${region === null ? 'left join' : 'join'} tree on tree.code = o.ship_to_region
      where o.tenant_id = ${q.v(tenantId)} and o.order_date >= ${q.v(from)} and o.order_date <= ${q.v(to)}
        and o.status <> 'DRAFT' and not (o.status = 'CANCELLED' and o.submitted_at is null)
    )
    select grouping(grp)::int as g_region, grouping(tier)::int as g_tier, grp, tier, ${orderSums}
    from o group by grouping sets ((grp), (tier), ())`, q.values);
  const totals = toTotals(rows.find((r) => r.g_region === 1 && r.g_tier === 1));
  const byGroup = new Map(rows.filter((r) => r.g_region === 0).map((r) => [String(r.grp), r]));
  const known = new Set(groups.map((g) => g.region));
  const byRegion = [
    ...groups.map((g) => ({ ...g, ...toTotals(byGroup.get(g.region)) })),
    // A ship-to outside the tree (a region since removed) still counts, under its own code.
    ...[...byGroup.keys()].filter((code) => !known.has(code)).sort().map((code) => ({ region: code, name: code, nameEn: null, ...toTotals(byGroup.get(code)) })),
  ];
  const byTier = rows.filter((r) => r.g_tier === 0).map((r) => ({ tier: String(r.tier), ...toTotals(r) }))
    .sort((a, b) => byTierOrder(a.tier, b.tier));
  return { totals, byRegion, byTier };
}

/** Ledger balances as of today and the range's flows, per dealer and in total (dealers homed in the region). */
async function rebates(tx: EntityManager, tenantId: string, region: string | null, from: string, to: string, asOf: string) {
  const q = new SqlParams();
  const soon = addDays(asOf, 30);
  // Placeholders are bound in the order they appear in the text: the CTEs first.
  const ctes = regionCtes(q, tenantId, region);
  const money = (cond: string, expr = 'e.balance') => `coalesce(sum(${expr}) filter (where ${cond}), 0)::numeric(20,2)::text`;
  const usable = `e.type = 'ACCRUAL' and e.status = 'AVAILABLE' and e.expires_on >= ${q.v(asOf)}`;
  const expiring = `e.type = 'ACCRUAL' and e.status = 'AVAILABLE' and e.expires_on >= ${q.v(asOf)} and e.expires_on <= ${q.v(soon)}`;
  const inRange = (types: string) => `e.type in (${types}) and e.posted_on >= ${q.v(from)} and e.posted_on <= ${q.v(to)}`;
  const columns = `${money("e.type = 'ACCRUAL' and e.status = 'PENDING'")} as pending,
      ${money(usable)} as available, ${money(expiring)} as expiring,
      ${money(inRange("'CONSUMPTION', 'REVERSAL'"), '-e.amount')} as consumed,
      ${money(inRange("'ACCRUAL'"), 'e.amount')} as accrued`;
  const rows: Rows = await tx.execute(`with recursive ${ctes}
    select grouping(d.code)::int as g_dealer, d.code, d.name, ${columns}
    from rebate_entry e join dealer d on d.id = e.dealer_id and d.tenant_id = ${q.v(tenantId)}
    where e.tenant_id = ${q.v(tenantId)} and ${inRegion(region, 'd.home_region')}
    group by grouping sets ((d.code, d.name), ())`, q.values);
  const total = rows.find((r) => r.g_dealer === 1);
  const figures = (r: Record<string, unknown> | undefined) => ({
    pending: String(r?.pending ?? '0.00'), available: String(r?.available ?? '0.00'),
    expiringWithin30Days: String(r?.expiring ?? '0.00'), consumedInRange: String(r?.consumed ?? '0.00'),
  });
  const byDealer = rows.filter((r) => r.g_dealer === 0)
    .map((r) => ({ dealerCode: String(r.code), name: String(r.name), ...figures(r) }))
    .filter((d) => [d.pending, d.available, d.consumedInRange].some((v) => v !== '0.00'))
    .sort((a, b) => compareMoney(b.available, a.available) || compareMoney(b.pending, a.pending) || a.dealerCode.localeCompare(b.dealerCode))
    .slice(0, rebateDealerLimit);
  return { ...figures(total), accruedInRange: String(total?.accrued ?? '0.00'), byDealer };
}

/** Compares two money strings exactly (fen as BigInt). */
function compareMoney(a: string, b: string): number {
  const fen = (v: string) => {
    const [int, frac = ''] = v.replace('-', '').split('.');
    const abs = BigInt(int) * 100n + BigInt((frac + '00').slice(0, 2));
    return v.startsWith('-') ? -abs : abs;
  };
  const d = fen(a) - fen(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** Credit as GET /api/credit defines it, for every dealer at once: totals and the largest exposures. */
async function credit(tx: EntityManager, tenantId: string, region: string | null, asOf: string) {
  const q = new SqlParams();
  const ctes = regionCtes(q, tenantId, region);
  const rows: Rows = await tx.execute(`with recursive ${ctes},
    ar as (
      select dealer_id, sum(amount - paid_amount) as outstanding,
        coalesce(sum(amount - paid_amount) filter (where due_date < ${q.v(asOf)}), 0) as overdue_amount,
        max(greatest(0, ${q.v(asOf)}::date - due_date::date)) as max_days
      from receivable
      where tenant_id = ${q.v(tenantId)} and status in ('OPEN', 'PARTIAL') and amount > paid_amount
      group by dealer_id
    ),
    oo as (
      select o.dealer_id, sum(o.payable_amount) as amount
      from dealer_order o
      where o.tenant_id = ${q.v(tenantId)} and o.status in (${sqlList(creditHoldingStatuses)})
        and not exists (select 1 from receivable r where r.tenant_id = ${q.v(tenantId)} and r.order_id = o.id)
      group by o.dealer_id
    ),
    per as (
      select d.code, d.name, d.credit_limit, d.prepaid_balance,
        coalesce(ar.outstanding, 0) + coalesce(oo.amount, 0) as exposure,
        coalesce(ar.overdue_amount, 0) as overdue_amount, coalesce(ar.max_days, 0)::int as max_days
      from dealer d left join ar on ar.dealer_id = d.id left join oo on oo.dealer_id = d.id
      where d.tenant_id = ${q.v(tenantId)} and ${inRegion(region, 'd.home_region')}
    ),
    ranked as (
      select per.*, row_number() over (order by exposure desc, code) as rank,
        sum(credit_limit) over () as t_limit, sum(exposure) over () as t_exposure,
        sum(credit_limit + prepaid_balance - exposure) over () as t_available,
        sum(overdue_amount) over () as t_overdue, (count(*) filter (where max_days > 0) over ())::int as t_overdue_dealers
      from per
    )
    select code, name, max_days, rank,
      credit_limit::numeric(20,2)::text as credit_limit, prepaid_balance::numeric(20,2)::text as prepaid_balance,
      exposure::numeric(20,2)::text as exposure, (credit_limit + prepaid_balance - exposure)::numeric(20,2)::text as available,
      overdue_amount::numeric(20,2)::text as overdue_amount,
      t_limit::numeric(20,2)::text as t_limit, t_exposure::numeric(20,2)::text as t_exposure,
      t_available::numeric(20,2)::text as t_available, t_overdue::numeric(20,2)::text as t_overdue, t_overdue_dealers
    from ranked where rank <= ${topExposureLimit} order by rank`, q.values);
  const first = rows[0];
  return {
    totals: {
      creditLimit: String(first?.t_limit ?? '0.00'), exposure: String(first?.t_exposure ?? '0.00'), availableCredit: String(first?.t_available ?? '0.00'),
      overdueAmount: String(first?.t_overdue ?? '0.00'), overdueDealers: Number(first?.t_overdue_dealers ?? 0),
    },
    topExposures: rows.map((r) => ({
      dealerCode: String(r.code), name: String(r.name), creditLimit: String(r.credit_limit), prepaidBalance: String(r.prepaid_balance),
      exposure: String(r.exposure), availableCredit: String(r.available), overdueAmount: String(r.overdue_amount), maxDaysOverdue: Number(r.max_days),
    })),
  };
}

/** Pending tasks past their due time now: counts and the longest overdue (instances of dealers homed in the region). */
async function overdueTasks(tx: EntityManager, tenantId: string, region: string | null, now: Date) {
  const q = new SqlParams();
  const ctes = regionCtes(q, tenantId, region);
  const rows: Rows = await tx.execute(`with recursive ${ctes},
    od as (
      select t.task_key, t.node_id, t.due_at, i.id as instance_id, i.definition_key, u.display_name, d.code as dealer_code,
        (select o.order_no from dealer_order o where o.tenant_id = ${q.v(tenantId)} and o.workflow_instance_id = i.id order by o.order_no limit 1) as order_no
      from workflow_task t
      join workflow_instance i on i.id = t.instance_id and i.tenant_id = ${q.v(tenantId)}
      join app_user u on u.id = t.assignee_id and u.tenant_id = ${q.v(tenantId)}
      left join dealer d on d.id = i.dealer_id and d.tenant_id = ${q.v(tenantId)}
      where t.tenant_id = ${q.v(tenantId)} and t.status = 'PENDING' and t.due_at < ${q.v(now)} and ${inRegion(region, 'd.home_region')}
    )
    select od.*, extract(epoch from (${q.v(now)}::timestamptz - od.due_at)) / 3600.0 as hours_overdue,
      (select count(*) from od)::int as task_count, (select count(distinct instance_id) from od)::int as instance_count
    from od order by od.due_at, od.task_key limit ${slaListLimit}`, q.values);
  return {
    overdueInstances: Number(rows[0]?.instance_count ?? 0),
    overdueTasks: Number(rows[0]?.task_count ?? 0),
    items: rows.map((r) => ({
      instanceId: String(r.instance_id), definitionKey: String(r.definition_key), taskKey: String(r.task_key), nodeId: String(r.node_id),
      assignee: String(r.display_name), dueAt: new Date(r.due_at as string | Date).toISOString(),
      hoursOverdue: Math.round(Number(r.hours_overdue) * 100) / 100,
      dealerCode: (r.dealer_code as string | null) ?? null, orderNo: (r.order_no as string | null) ?? null,
    })),
  };
}
