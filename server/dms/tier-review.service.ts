import type { MikroORM } from '@mikro-orm/postgresql';
import type { Json } from '../../rules/flow/index.js';
import { Dec } from '../../rules/money.js';
import { TENANT_FILTER } from '../db/orm.js';
import { Dealer, Receivable, type Dealer as DealerRow } from '../entities/index.js';
import { boundWorkflowKey } from '../extension-points/extension-point.service.js';
import { shanghaiToday } from '../rule-sets/rule-set.service.js';
import type { EngineContext } from '../workflows/workflow-env.service.js';
import { startInstance } from '../workflows/workflow-engine.service.js';
import type { WorkflowRuntime } from '../workflows/workflow-runtime.js';
import { applyDueTierChanges, dealerFacts } from './dealer-tier.service.js';
import { purchaseFigures } from './purchase-figures.service.js';
import { tenantSql } from '../db/tenant-sql.js';

export const TIER_REVIEW_QUEUE = 'yearly-tier-review';
/** 00:00 on 1 January, Asia/Shanghai (the review's run date). */
export const TIER_REVIEW_CRON = '0 0 1 1 *';

/** One review per dealer and year: the key of its instance. */
export const tierReviewKey = (dealerCode: string, year: number) => `tier-review:${dealerCode}:${year}`;

/**
 * On-time payment of `kpiYear`: the share of the amount falling due in the year that is PAID (no
 * payment date is recorded, so a paid invoice counts as paid on time), as a percentage with two
 * decimals; null when nothing fell due.
 */
export async function onTimePaymentRatePct(ctx: EngineContext, dealer: DealerRow, kpiYear: number): Promise<string | null> {
  const due = await ctx.em.find(Receivable, { dealer: dealer.id, dueDate: { $gte: `${kpiYear}-01-01`, $lte: `${kpiYear}-12-31` } });
  const sum = (xs: { amount: string }[]) => xs.reduce((a, r) => a.plus(r.amount), new Dec(0));
  const dueTotal = sum(due);
  return dueTotal.gt(0) ? sum(due.filter((r) => r.status === 'PAID')).times(100).div(dueTotal).round(2, 1).toFixed(2) : null;
}

/**
 * The start variables the tierReview point provides for one dealer: the dealer with its custom
 * fields and its tier before the review, and the purchase figures of the KPI year (platform orders
 * and imported invoices, see purchase-figures.service.ts).
 */
export async function tierReviewVariables(ctx: EngineContext, dealer: DealerRow, reviewYear: number, today = shanghaiToday()): Promise<Record<string, Json>> {
  const kpiYear = reviewYear - 1;
  const reviewRunDate = `${reviewYear}-01-01`;
  return {
    dealer: await dealerFacts(ctx, dealer, `${kpiYear}-12-31`, today) as unknown as Json,
    purchases: { ...(await purchaseFigures(ctx, dealer.id, `${kpiYear}-01-01`, `${kpiYear}-12-31`)) } as unknown as Json,
    reviewYear, reviewRunDate, kpiYear, onTimePaymentRatePct: await onTimePaymentRatePct(ctx, dealer, kpiYear),
  };
}

export interface TierReviewReport {
  year: number; started: number; existing: number;
  instances: { dealerCode: string; instanceId: string; created: boolean; status: string }[];
}

/**
 * Starts the yearly review — the workflow the tenant binds to the tierReview point — for every
 * ACTIVE dealer of the tenant, on the previous year's figures, with `initiatorId` as the one who
 * started it; tier changes whose day has come are taken first. Idempotent per dealer and year:
 * a dealer already reviewed that year keeps its instance (whichever tenant admin started it);
 * only a review instance started by an admin counts, so nobody else can pre-claim the key.
 */
export async function runTierReview(rt: WorkflowRuntime, ctx: EngineContext, year: number, initiatorId: string): Promise<TierReviewReport> {
  const flowKey = await boundWorkflowKey(ctx, 'tierReview');
  const today = shanghaiToday(rt.clock());
  await applyDueTierChanges(ctx, today);
  const dealers = await ctx.em.find(Dealer, { status: 'ACTIVE' }, { orderBy: { code: 'asc' } });
  const report: TierReviewReport = { year, started: 0, existing: 0, instances: [] };
  for (const dealer of dealers) {
    const key = tierReviewKey(dealer.code, year);
    // The review's own scope: this workflow, started by a tenant admin (whoever ran it). A dealer's or other user's
    // instance under the same key (e.g. an onboarding started with it) is another scope and never stands for the review.
    const [done] = await tenantSql(ctx)<{ id: string; status: string }[]>(
      `select i.id, i.status from workflow_instance i join app_user u on u.id = i.initiator_id
        where i.tenant_id = :tenant and i.definition_key = ? and i.idempotency_key = ? and (i.initiator_id = ? or 'TENANT_ADMIN' = any(u.system_roles))
        order by i.created_at limit 1`,
      [flowKey, key, initiatorId],
    );
    if (done) {
      report.existing += 1;
      report.instances.push({ dealerCode: dealer.code, instanceId: done.id, created: false, status: done.status });
      continue;
    }
    const started = await startInstance(rt, ctx, {
      definitionKey: flowKey, idempotencyKey: key, userId: initiatorId, dealerId: dealer.id,
      variables: await tierReviewVariables(ctx, dealer, year, today),
    });
    report.started += started.created ? 1 : 0;
    report.instances.push({ dealerCode: dealer.code, instanceId: started.instanceId, created: started.created, status: started.state.status });
  }
  return report;
}

/**
 * The 1 January job: every tenant whose tierReview point is bound to a published workflow runs it
 * for the new year, started by its first tenant admin (the flow's starters decide whether that person may).
 */
export async function runScheduledTierReviews(rt: WorkflowRuntime, orm: MikroORM, now: Date): Promise<TierReviewReport[]> {
  const year = Number(shanghaiToday(now).slice(0, 4));
  const tenants = await orm.em.fork().getConnection().execute<{ tenant_id: string; admin_id: string | null }[]>(
    `select t.id as tenant_id, (select u.id from app_user u where u.tenant_id = t.id and u.status = 'ACTIVE' and 'TENANT_ADMIN' = any(u.system_roles) order by u.login limit 1) as admin_id
       from tenant t where exists (select 1 from config_document_version v where v.tenant_id = t.id and v.kind = 'workflow' and v.status = 'PUBLISHED'
         and v.key = (t.settings::jsonb -> 'extensionPoints' ->> ?))`, ['tierReview'],
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

/** 00:05 every day, Asia/Shanghai: tier changes whose day has come reach the dealers' columns. */
export const TIER_CHANGES_QUEUE = 'dealer-tier-changes';
export const TIER_CHANGES_CRON = '5 0 * * *';

/** Every tenant's tier changes due on the engine's date are taken by the dealers' columns; returns how many dealers moved. */
export async function applyDueTierChangesEverywhere(orm: MikroORM, now: Date): Promise<number> {
  const today = shanghaiToday(now);
  const tenants = await orm.em.fork().getConnection().execute<{ tenant_id: string }[]>(
    'select distinct tenant_id from dealer_tier_change where applied_at is null and effective_from <= ?', [today],
  );
  let moved = 0;
  for (const t of tenants) {
    const em = orm.em.fork({ clear: true, useContext: false });
    em.setFilterParams(TENANT_FILTER, { tenantId: t.tenant_id });
    moved += await applyDueTierChanges({ em, tenantId: t.tenant_id }, today);
  }
  return moved;
}
