import type { PgBoss, QueueOptions } from 'pg-boss';

/**
 * How long a job a worker has taken stays with it. pg-boss's defaults keep a taken job `active`
 * for 15 minutes, also when the process that took it died (kill -9, OOM, a lost machine): its
 * order then waited 15 minutes. With a lease:
 *
 * - while a handler runs, pg-boss's `work()` refreshes the job's `heartbeat_on` every
 *   `heartbeatSeconds / 2` (it does so by itself for any job whose queue sets `heartbeatSeconds`);
 * - the supervisor of every process that runs workers looks every `superviseIntervalSeconds` for
 *   jobs whose heartbeat is older than `heartbeatSeconds` (their process is gone) and for jobs
 *   active longer than `expireInSeconds` (a handler that hangs), and puts them back to be retried
 *   with the queue's backoff (the first retry after 1–2 s);
 * - `expireInSeconds` is also how long pg-boss lets a live handler run before it fails the batch.
 *
 * So a dead process's job is taken by another process after at most heartbeatSeconds +
 * superviseIntervalSeconds + the first retry delay + one poll: about 23 s with the defaults (under
 * a minute even if a supervisor pass is skipped). The handlers are written for it: a retried action
 * finds its committed run (`workflow_action_run`, one per call) or redoes the whole attempt in its
 * own transaction; a late timer or a decided task is refused; a webhook is re-sent with the same
 * idempotency key.
 */
export interface JobLease {
  /** Longest a job may stay active, live handler or not (pg-boss ≥ 1). */
  expireInSeconds: number;
  /** A job whose heartbeat is this old has lost its worker (pg-boss ≥ 10). */
  heartbeatSeconds: number;
  /** How often a process with workers sweeps lost and expired jobs (pg-boss ≥ 1). */
  superviseIntervalSeconds: number;
}

export const DEFAULT_JOB_LEASE: Readonly<JobLease> = Object.freeze({ expireInSeconds: 60, heartbeatSeconds: 10, superviseIntervalSeconds: 10 });

/** Retries of the runtime's queues: 10 tries, 1 s doubling up to 5 minutes. */
export const WORKFLOW_RETRY = { retryLimit: 10, retryDelay: 1, retryBackoff: true, retryDelayMax: 300 } as const;

/**
 * Creates a queue with the lease, or gives an existing one the lease: `createQueue` leaves a queue
 * that exists as it was (an install from before the lease kept 15 minutes). Jobs queued before
 * keep the options they were queued with; new jobs take the queue's.
 */
export async function ensureQueue(boss: PgBoss, name: string, options: QueueOptions, lease: JobLease): Promise<void> {
  const leased = { ...options, expireInSeconds: lease.expireInSeconds, heartbeatSeconds: lease.heartbeatSeconds };
  await boss.createQueue(name, leased);
  await boss.updateQueue(name, leased);
}
