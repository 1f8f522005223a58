import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyBaseLogger } from 'fastify';
import { PgBoss } from 'pg-boss';
import { bossDatabase } from './boss-db.js';
import { DEFAULT_JOB_LEASE, ensureQueue, WORKFLOW_RETRY, type JobLease } from './job-lease.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { TENANT_FILTER } from '../db/orm.js';
import { runActionJob } from './action-delivery.js';
import { deliverOutbox } from './webhook-delivery.js';
import type { ActionJob } from './workflow-persistence.js';
import type { EngineContext } from './workflow-env.service.js';
import { runCommand } from './workflow-engine.service.js';
import { ACTION_QUEUE, TIMER_QUEUE, WEBHOOK_QUEUE, WorkflowRuntime, type RuntimeClock, type WebhookGuard, type WorkflowExtension } from './workflow-runtime.js';

export interface WorkflowOptions {
  /** Run the timer, webhook and action workers in this process (every server may; pg-boss hands each job to one). */
  workers?: boolean;
  /** Seconds between polls of an idle worker (pg-boss minimum 0.5). */
  pollingIntervalSeconds?: number;
  clock?: RuntimeClock;
  /** How long a taken job stays with its worker (see JobLease); unset parts take DEFAULT_JOB_LEASE. */
  jobLease?: Partial<JobLease>;
  secretsKey?: Buffer | null;
  webhookGuard?: WebhookGuard;
  /** Modules built on the engine (the DMS): their action handlers, incident policies and end hooks. */
  extensions?: readonly WorkflowExtension[];
}

interface TimerJob { tenantId: string; instanceId: string; timerId: string }
interface WebhookJob { tenantId: string; outboxId: string }

/** A background job acts for the tenant stored in the job, with a fresh entity manager (as a request would). */
function jobContext(orm: MikroORM, tenantId: string): EngineContext {
  const em = orm.em.fork({ clear: true, useContext: false });
  em.setFilterParams(TENANT_FILTER, { tenantId });
  return { em, tenantId };
}

/** A refusal of a late job (the instance ended, the task was decided) is an answer, not a failure to retry. */
function isRefusal(e: unknown): boolean {
  return e instanceof AppError;
}

/**
 * Creates the runtime: pg-boss on the ORM's own pool (so a job can be enqueued inside a MikroORM
 * transaction, and the embedded database sees no extra connections), its queues, and with
 * `workers` the timer and webhook workers. Returns a stop function for the app's onClose.
 */
export async function startWorkflowRuntime(
  orm: MikroORM, options: WorkflowOptions, log: Pick<FastifyBaseLogger, 'error' | 'info'>,
): Promise<{ runtime: WorkflowRuntime; stop: () => Promise<void> }> {
  const lease: JobLease = { ...DEFAULT_JOB_LEASE, ...options.jobLease };
  const boss = new PgBoss({
    db: await bossDatabase(orm), supervise: options.workers === true, schedule: options.workers === true, migrate: true,
    // the supervisor's pass and each queue's sweep of lost and expired jobs, at the lease's pace
    superviseIntervalSeconds: lease.superviseIntervalSeconds, monitorIntervalSeconds: lease.superviseIntervalSeconds,
  });
  boss.on('error', (e) => log.error({ err: e }, 'pg-boss error'));
  await boss.start();
  for (const queue of [TIMER_QUEUE, WEBHOOK_QUEUE, ACTION_QUEUE]) await ensureQueue(boss, queue, WORKFLOW_RETRY, lease);
  // Built once, whole: jobs may run as soon as the workers below poll.
  const runtime = new WorkflowRuntime({
    boss, secretsKey: options.secretsKey, clock: options.clock, lease, webhookGuard: options.webhookGuard, extensions: options.extensions,
  });

  if (options.workers) {
    const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5, batchSize: 10 };
    await boss.work<TimerJob>(TIMER_QUEUE, polling, async (jobs) => {
      for (const job of jobs) {
        const { tenantId, instanceId, timerId } = job.data;
        try {
          await runCommand(runtime, jobContext(orm, tenantId), instanceId, { type: 'timerFired', timerId });
        } catch (e) {
          if (!isRefusal(e)) throw e;
          log.info({ instanceId, timerId, code: (e as AppError).code }, 'late timer refused');
        }
      }
    });
    await boss.work<WebhookJob>(WEBHOOK_QUEUE, polling, async (jobs) => {
      // Side by side: each call may wait out its 10 s timeout, and the batch ends within the lease's expiry.
      const settled = await Promise.allSettled(jobs.map((job) => deliverOutbox(runtime, jobContext(orm, job.data.tenantId), job.data.outboxId)));
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected' && !isRefusal(r.reason));
      if (failed) throw failed.reason;
    });
    await boss.work<ActionJob>(ACTION_QUEUE, polling, async (jobs) => {
      for (const job of jobs) {
        try {
          await runActionJob(runtime, jobContext(orm, job.data.tenantId), job.data);
        } catch (e) {
          if (!isRefusal(e)) throw e;
          log.info({ instanceId: job.data.instanceId, callId: job.data.callId, code: (e as AppError).code }, 'late action result refused');
        }
      }
    });
  }
  return { runtime, stop: () => boss.stop({ graceful: true, timeout: 5_000, close: false }) };
}
