import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { TierReviewRequest } from '../../schemas/api/order-loop.schema.js';
import { requireUser } from '../http/request-context.js';
import { shanghaiToday } from '../rule-sets/rule-set.service.js';
import { ensureQueue } from '../workflows/job-lease.js';
import type { WorkflowRuntime } from '../workflows/workflow-runtime.js';
import { dmsErrors } from './dms.routes.js';
import { emptyBodyAsObject } from './order-loop.routes.js';
import {
  applyDueTierChangesEverywhere, runScheduledTierReviews, runTierReview, TIER_CHANGES_CRON, TIER_CHANGES_QUEUE, TIER_REVIEW_CRON, TIER_REVIEW_QUEUE,
} from './tier-review.service.js';

/** A tenant admin runs the yearly tier review now (idempotent per dealer and year). */
export async function tierReviewRoutes(app: FastifyInstance, { runtime }: { runtime: WorkflowRuntime }): Promise<void> {
  app.post<{ Body: FromSchema<typeof TierReviewRequest> | undefined }>('/api/admin/tier-review', {
    config: { roles: ['TENANT_ADMIN'] },
    preValidation: emptyBodyAsObject,
    schema: {
      tags: ['dms-dealers'], summary: 'Run the yearly dealer tier review now / 立即执行年度评级',
      body: { $ref: 'TierReviewRequest#' }, response: { 200: { $ref: 'TierReviewReport#' }, ...dmsErrors },
    },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    const year = request.body?.year ?? Number(shanghaiToday(runtime.clock()).slice(0, 4));
    return runTierReview(runtime, ctx, year, ctx.user.id);
  });
}

/**
 * The 1 January review as a pg-boss cron schedule (Asia/Shanghai), worked by a process that runs
 * the workers; and the daily job that moves dealers to a tier whose effective day has come.
 */
export async function scheduleTierReview(runtime: WorkflowRuntime, orm: MikroORM, log: Pick<FastifyBaseLogger, 'info' | 'error'>): Promise<void> {
  // The runtime's heartbeat (a dead process's review is taken over), but a sweep over every tenant's dealers may run for minutes.
  await ensureQueue(runtime.boss, TIER_REVIEW_QUEUE, { retryLimit: 5, retryDelay: 60, retryBackoff: true }, { ...runtime.lease, expireInSeconds: 15 * 60 });
  await runtime.boss.schedule(TIER_REVIEW_QUEUE, TIER_REVIEW_CRON, null, { tz: 'Asia/Shanghai' });
  await runtime.boss.work(TIER_REVIEW_QUEUE, async () => {
    const reports = await runScheduledTierReviews(runtime, orm, runtime.clock());
    log.info({ reports: reports.map((r) => ({ year: r.year, started: r.started, existing: r.existing })) }, 'yearly tier review started');
  });
  await ensureQueue(runtime.boss, TIER_CHANGES_QUEUE, { retryLimit: 5, retryDelay: 60, retryBackoff: true }, runtime.lease);
  await runtime.boss.schedule(TIER_CHANGES_QUEUE, TIER_CHANGES_CRON, null, { tz: 'Asia/Shanghai' });
  await runtime.boss.work(TIER_CHANGES_QUEUE, async () => {
    const moved = await applyDueTierChangesEverywhere(orm, runtime.clock());
    if (moved) log.info({ moved }, 'dealer tier changes took effect');
  });
}
