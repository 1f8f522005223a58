import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_JOB_LEASE, type JobLease } from '../../../server/workflows/job-lease.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { createAcmeCopy } from '../dms/dms-tenant.js';
import { Client } from '../workflows/workflow-test-support.js';

/*
 * Bug: after kill -9 of a server, the jobs it had taken stayed `active` for pg-boss's default 15
 * minutes (3 of 31 orders waited 15 min 23 s). Here a real worker process takes an order's
 * allocateStock job, blocks on stock rows this test holds locked, and is SIGKILLed; another worker
 * process must finish the job once its heartbeat is stale, exactly once, and at every observation
 * the stock moved equals what the orders hold.
 */

const fixture = fileURLToPath(new URL('./job-worker.fixture.ts', import.meta.url));
/** The production lease, with the supervisor's sweep every second (a per-process option: the queues keep the defaults). */
const lease: JobLease = { ...DEFAULT_JOB_LEASE, superviseIntervalSeconds: 1 };
/** When another process has the job at the latest: heartbeat gone stale, a sweep, the first retry delay (≤ 2 s), a poll. */
const takeoverSeconds = lease.heartbeatSeconds + lease.superviseIntervalSeconds + 2 + 1;

const children: ChildProcess[] = [];
afterAll(() => children.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill('SIGKILL')));

function startWorker(name: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, CF_TEST_DATABASE_URL: inject('databaseUrl'), CF_TEST_JOB_LEASE: JSON.stringify(lease), PGAPPNAME: name },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => String(d).includes('ready') && resolve(child));
    child.on('exit', (code, signal) => reject(new Error(`worker ${name} exited (${code ?? signal}): ${err.slice(-2000)}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Polls `read` every 200 ms for at most `seconds` until `done` holds. */
async function within<T>(seconds: number, read: () => Promise<T>, done: (v: T) => boolean, what: string): Promise<T> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > until) throw new Error(`not within ${seconds} s: ${what} (last: ${JSON.stringify(v).slice(0, 300)})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let t: TestApp;
let db: pg.Pool;
let tenantId: string;
let hefang: Client;

beforeAll(async () => {
  // this app serves the requests only: no workers, so only the child processes take jobs
  t = await createTestApp({}, { poolMax: 4 });
  ({ tenantId } = await createAcmeCopy(t.orm));
  hefang = await Client.login(t.app, (await t.orm.em.fork().getConnection().execute<{ code: string }[]>('select code from tenant where id = ?', [tenantId]))[0].code, 'hefang');
  db = new pg.Pool({ connectionString: inject('databaseUrl'), max: 3 });
}, 120_000);
afterAll(async () => {
  await db?.end();
  await t?.close();
});

/**
 * One snapshot (one statement): units allocated in the tenant's stock, and units the tenant's orders
 * hold (the allocation of every ALLOCATED order, or BACKORDERED one with a partial allocation, not released).
 */
async function observe(): Promise<{ stock: number; held: number }> {
  const { rows: [row] } = await db.query<{ stock: number; held: number }>(`
    select (select coalesce(sum(allocated), 0) from inventory_level where tenant_id = $1)::int as stock,
           (select coalesce(sum((l->>'qty')::int), 0) from dealer_order o
              cross join lateral jsonb_array_elements(o.allocation::jsonb->'allocations') a
              cross join lateral jsonb_array_elements(a->'lines') l
             where o.tenant_id = $1 and o.status in ('ALLOCATED', 'BACKORDERED') and not (o.allocation::jsonb ? 'releasedOn'))::int as held`, [tenantId]);
  return row;
}

describe('a job whose worker process died is taken over by another process within the lease', () => {
  it('kill -9 of the worker holding an order’s allocateStock job: another worker allocates it once, after the heartbeat goes stale; stock moved = what the orders hold, at every observation', async () => {
    const base = await observe();
    const seen: { moved: number; held: number }[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const o = await observe();
        seen.push({ moved: o.stock - base.stock, held: o.held - base.held });
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    // Hold the tenant's stock rows: the allocation waits on them (pricing does not touch them).
    const blocker = await db.connect();
    await blocker.query('begin');
    await blocker.query('select id from inventory_level where tenant_id = $1 for update', [tenantId]);
    let locked = true;
    let doomed: ChildProcess | undefined;
    let survivor: ChildProcess | undefined;
    try {
      doomed = await startWorker('cf-job-expiry-doomed');
      const order = (await hefang.post('/api/orders', { dealerCode: 'D06', lines: [{ sku: 'PWR-DCDC5A', qty: 4000 }], shipToRegion: 'SOUTH-GZ' })).json();
      const submitted = await hefang.post(`/api/orders/${order.id}/submit`, {});
      expect(submitted.statusCode, submitted.body).toBe(200);
      const instanceId = submitted.json().workflowInstanceId as string;
      const allocateJob = async () => (await db.query<{ id: string; state: string; retry_count: number }>(
        `select id, state, retry_count from pgboss.job where name = 'workflow-action' and data->>'instanceId' = $1 and data->>'action' = 'allocateStock'`, [instanceId])).rows;

      // the doomed worker has taken the job and waits on the lock
      await within(60, async () => (await db.query(`select 1 from pg_stat_activity where application_name = 'cf-job-expiry-doomed' and wait_event_type = 'Lock'`)).rowCount, (n) => n === 1, 'the doomed worker blocked on the stock rows');
      expect((await allocateJob()).map((j) => j.state)).toEqual(['active']);

      doomed.kill('SIGKILL');
      await exited(doomed);
      await blocker.query('commit');
      locked = false;

      // the job is still active (its lease is the only way out) until another process takes it over
      survivor = await startWorker('cf-job-expiry-survivor');
      const done = await within(2 * takeoverSeconds + 10, async () => (await hefang.get(`/api/orders/${order.id}`)).json() as { status: string; rebateOffset: string }, (o) => o.status !== 'SUBMITTED', 'the order allocated by the other worker');
      expect(done).toMatchObject({ status: 'ALLOCATED', rebateOffset: '0.00' });

      const [job] = await within(10, allocateJob, (jobs) => jobs[0]?.state === 'completed', 'the job completed');
      expect(job.retry_count).toBeGreaterThanOrEqual(1);
      const runs = await db.query(`select attempt from workflow_action_run where instance_id = $1 and action = 'allocateStock'`, [instanceId]);
      expect(runs.rowCount).toBe(1);
      const events = (await hefang.get(`/api/instances/${instanceId}/timeline`)).json() as { type: string; data: { nodeId?: string } }[];
      expect(events.filter((e) => e.type === 'serviceSucceeded' && e.data.nodeId === 'allocate')).toHaveLength(1);
      const end = await observe();
      expect({ moved: end.stock - base.stock, held: end.held - base.held }).toEqual({ moved: 4000, held: 4000 });
    } finally {
      if (locked) await blocker.query('rollback');
      blocker.release();
      watching = false;
      await watcher;
      survivor?.kill('SIGTERM');
      if (survivor) await exited(survivor);
    }
    // every observation, before, during and after the takeover: stock moved only together with an order holding it
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.filter((o) => o.moved !== o.held)).toEqual([]);
    expect(seen.map((o) => o.moved)).toContain(0);
    expect(seen.map((o) => o.moved)).toContain(4000);
  }, 180_000);
});
