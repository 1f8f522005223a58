import type { MikroORM } from '@mikro-orm/postgresql';
import type { Json } from '../../rules/flow/index.js';
import { Dec, formatMoney } from '../../rules/money.js';
import { TENANT_FILTER } from '../db/orm.js';
import { Dealer, Receivable, type Dealer as DealerRow } from '../entities/index.js';
import { shanghaiToday } from '../rule-sets/rule-set.service.js';
import type { EngineContext } from '../workflows/workflow-env.service.js';
import { startInstance } from '../workflows/workflow-engine.service.js';
import type { WorkflowRuntime } from '../workflows/workflow-runtime.js';

export const TIER_REVIEW_FLOW_KEY = 'dealer-tier-review';
export const TIER_REVIEW_QUEUE = 'dealer-tier-review';
/** 00:00 on 1 January, Asia/Shanghai (RS1's run date). */
export const TIER_REVIEW_CRON = '0 0 1 1 *';

/** One review per dealer and year: the key of its instance. */
export const tierReviewKey = (dealerCode: string, year: number) => `tier-review:${dealerCode}:${year}`;

/**
 * RS1's KPIs of `kpiYear` from the records: net purchase = invoices dated in the year (credit
 * notes are not recorded yet); on-time payment = the share of the amount falling due in the year
 * that is PAID (no payment date is recorded, so a paid invoice counts as paid on time), null when
 * nothing fell due; certified FAEs from the dealer's `certifiedFaeCount` field.
 */
export async function dealerKpis(ctx: EngineContext, dealer: DealerRow, kpiYear: number): Promise<Record<string, Json>> {
  const from = `${kpiYear}-01-01`;
  const to = `${kpiYear}-12-31`;
  const invoiced = await ctx.em.find(Receivable, { dealer: dealer.id, invoiceDate: { $gte: from, $lte: to } });
  const due = await ctx.em.find(Receivable, { dealer: dealer.id, dueDate: { $gte: from, $lte: to } });
  const sum = (xs: { amount: string }[]) => xs.reduce((a, r) => a.plus(r.amount), new Dec(0));
  const dueTotal = sum(due);
  const fae = (dealer.customFields ?? {}).certifiedFaeCount;
  return {
    annualNetPurchase: formatMoney(sum(invoiced)),
    onTimePaymentRatePct: dueTotal.gt(0) ? sum(due.filter((r) => r.status === 'PAID')).times(100).div(dueTotal).round(2, 1).toFixed(2) : null,
    certifiedFaeCount: typeof fae === 'number' ? fae : 0,
  };
}

export interface TierReviewReport {
  year: number; started: number; existing: number;
  instances: { dealerCode: string; instanceId: string; created: boolean; status: string }[];
}

/**
 * Starts the yearly review (`dealer-tier-review`) for every ACTIVE dealer of the tenant, on the
 * previous year's KPIs, with `initiatorId` as the one who started it. Idempotent per dealer and
 * year: a dealer already reviewed that year keeps its instance (whichever tenant admin started it);
 * only a review instance started by an admin counts, so nobody else can pre-claim the key.
 */
export async function runTierReview(rt: WorkflowRuntime, ctx: EngineContext, year: number, initiatorId: string): Promise<TierReviewReport> {
  const dealers = await ctx.em.find(Dealer, { status: 'ACTIVE' }, { orderBy: { code: 'asc' } });
  const report: TierReviewReport = { year, started: 0, existing: 0, instances: [] };
  for (const dealer of dealers) {
    const key = tierReviewKey(dealer.code, year);
    // The review's own scope: this workflow, started by a tenant admin (whoever ran it). A dealer's or other user's
    // instance under the same key (e.g. an onboarding started with it) is another scope and never stands for the review.
    const [done] = await ctx.em.execute<{ id: string; status: string }[]>(
      `select i.id, i.status from workflow_instance i join app_user u on u.id = i.initiator_id
        where i.tenant_id = ? and i.definition_key = ? and i.idempotency_key = ? and (i.initiator_id = ? or 'TENANT_ADMIN' = any(u.system_roles))
        order by i.created_at limit 1`,
      [ctx.tenantId, TIER_REVIEW_FLOW_KEY, key, initiatorId],
    );
    if (done) {
      report.existing += 1;
      report.instances.push({ dealerCode: dealer.code, instanceId: done.id, created: false, status: done.status });
      continue;
    }
    const started = await startInstance(rt, ctx, {
      definitionKey: TIER_REVIEW_FLOW_KEY, idempotencyKey: key, userId: initiatorId, dealerId: dealer.id,
      variables: {
        dealer: { code: dealer.code, name: dealer.name, status: dealer.status, tier: dealer.tier, homeRegion: dealer.homeRegion },
        kpis: await dealerKpis(ctx, dealer, year - 1), reviewYear: year, reviewRunDate: `${year}-01-01`,
      },
    });
    report.started += started.created ? 1 : 0;
    report.instances.push({ dealerCode: dealer.code, instanceId: started.instanceId, created: started.created, status: started.state.status });
  }
  return report;
}

/**
 * The 1 January job: every tenant that has published the review flow runs it for the new year,
 * started by its first tenant admin (the flow's starters decide whether that person may).
 */
export async function runScheduledTierReviews(rt: WorkflowRuntime, orm: MikroORM, now: Date): Promise<TierReviewReport[]> {
  const year = Number(shanghaiToday(now).slice(0, 4));
  const tenants = await orm.em.fork().getConnection().execute<{ tenant_id: string; admin_id: string | null }[]>(
    `select v.tenant_id, (select u.id from app_user u where u.tenant_id = v.tenant_id and u.status = 'ACTIVE' and 'TENANT_ADMIN' = any(u.system_roles) order by u.login limit 1) as admin_id
       from config_document_version v where v.kind = 'workflow' and v.key = ? and v.status = 'PUBLISHED'`, [TIER_REVIEW_FLOW_KEY],
  );
  const reports: TierReviewReport[] = [];
  for (const t of tenants) {
    if (!t.admin_id) continue;
    const em = orm.em.fork({ clear: true, useContext: false });
    em.setFilterParams(TENANT_FILTER, { tenantId: t.tenant_id });
    reports.push(await runTierReview(rt, { em, tenantId: t.tenant_id }, year, t.admin_id));
  }
  return reports;
}
