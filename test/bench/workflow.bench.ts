/**
 * `npm run bench:workflow`: approval steps committed per second on a three-step sequential flow
 * (each step = one transaction: lock, step the machine, state + timeline + task projection),
 * beside a baseline measured in the same run on the same pool: a single-row update transaction
 * loop. Both run sequentially and with 8 callers, in interleaved rounds (the machine is shared),
 * each keeping its best round. Goal: ≥ 50 % of the baseline on the real Postgres.
 *
 * Without DATABASE_URL it runs on an embedded database; with it, on a fresh database created on
 * that server and dropped at the end (no other database is touched).
 */
import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createOrm, migrate, TENANT_FILTER } from '../../server/db/orm.js';
import { readSeedTenant } from '../../server/seed/seed-files.js';
import { seedTenant } from '../../server/seed/tenant-seed.service.js';
import type { EngineContext } from '../../server/workflows/workflow-env.service.js';
import type { FlowState } from '../../rules/flow/index.js';
import { runCommand, startInstance } from '../../server/workflows/workflow-engine.service.js';
import { startWorkflowRuntime } from '../../server/workflows/workflow-jobs.js';
import type { WorkflowRuntime } from '../../server/workflows/workflow-runtime.js';
import { createTestDatabase } from '../support/test-database.js';

const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 100);
const CALLERS = 8;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** The acme-chips tenant seeded, and a published three-step flow of named approvers. */
async function setUp(orm: MikroORM) {
  await migrate(orm);
  const acme = readSeedTenant('acme-chips');
  await seedTenant(orm.em.fork(), acme.bundle, acme.demo, 'bench-password-1');
  const conn = orm.em.fork().getConnection();
  const [tenant] = await conn.execute<{ id: string }[]>(`select id from tenant where code = 'acme-chips'`);
  const users = new Map((await conn.execute<{ id: string; login: string }[]>('select id, login from app_user where tenant_id = ?', [tenant.id])).map((u) => [u.login, u.id]));
  const approvers = ['wanglei', 'chenjing', 'zhaoqiang'].map((l) => users.get(l)!);
  const key = 'bench-three-steps';
  await conn.execute(
    `insert into config_document_version (id, tenant_id, kind, key, version, status, document, published_at, created_at) values (?, ?, 'workflow', ?, 1, 'PUBLISHED', ?, now(), now())`,
    [randomUUID(), tenant.id, key, JSON.stringify({
      key, name: { zh: '三级审批', en: 'Three steps' }, variables: [],
      nodes: [
        { id: 'start', type: 'start', params: {} },
        ...approvers.map((u, i) => ({ id: `step${i + 1}`, type: 'approval', params: { mode: 'SINGLE', assignees: [{ kind: 'user', users: [u] }] } })),
        { id: 'ok', type: 'end', params: { outcome: 'APPROVED' } },
      ],
      edges: [
        { id: 'e0', from: 'start', to: 'step1' },
        { id: 'e1', from: 'step1', to: 'step2', port: 'approved' },
        { id: 'e2', from: 'step2', to: 'step3', port: 'approved' },
        { id: 'e3', from: 'step3', to: 'ok', port: 'approved' },
      ],
    })],
  );
  await conn.execute('create table bench_counter (id int primary key, n bigint not null)');
  await conn.execute(`insert into bench_counter (id, n) select g, 0 from generate_series(1, ${CALLERS}) g`);
  return { tenantId: tenant.id, initiator: users.get('hefang')!, key };
}

async function measure(orm: MikroORM, runtime: WorkflowRuntime, flow: Awaited<ReturnType<typeof setUp>>): Promise<[string, number, number][]> {
  const ctx = (): EngineContext => {
    const em = orm.em.fork({ clear: true, useContext: false });
    em.setFilterParams(TENANT_FILTER, { tenantId: flow.tenantId });
    return { em, tenantId: flow.tenantId };
  };

  const startMany = async (n: number): Promise<[string, FlowState][]> => {
    const started: [string, FlowState][] = [];
    for (let i = 0; i < n; i++) {
      const s = await startInstance(runtime, ctx(), { definitionKey: flow.key, variables: {}, idempotencyKey: randomUUID(), userId: flow.initiator, dealerId: null });
      started.push([s.instanceId, s.state]);
    }
    return started;
  };

  /** Approves whatever is pending until the instance ends; the next task comes from the state each command returns. */
  const approveChain = async (instanceId: string, state: FlowState): Promise<number> => {
    let steps = 0;
    for (let task = state.tasks.find((t) => t.status === 'PENDING'); state.status === 'RUNNING' && task; task = state.tasks.find((t) => t.status === 'PENDING')) {
      state = (await runCommand(runtime, ctx(), instanceId, { type: 'approve', actor: task.assignee, taskId: task.id })).state;
      steps++;
    }
    return steps;
  };

  const runWorkflow = async (callers: number): Promise<number> => {
    const queue = await startMany(INSTANCES);
    let steps = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: callers }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const n = await approveChain(...next); // not `steps += await …`: that reads `steps` before the wait
        steps += n;
      }
    }));
    const seconds = (performance.now() - t0) / 1000;
    if (steps !== INSTANCES * 3) throw new Error(`expected ${INSTANCES * 3} steps, got ${steps}`);
    return steps / seconds;
  };

  const runBaseline = async (callers: number): Promise<number> => {
    const total = INSTANCES * 3;
    let done = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: callers }, async (_, c) => {
      while (done < total) {
        done++;
        await orm.em.fork().transactional(async (tx) => { await tx.execute('update bench_counter set n = n + 1 where id = ?', [c + 1]); });
      }
    }));
    return total / ((performance.now() - t0) / 1000);
  };

  // Warm up (compile, caches, connections), then measure.
  await approveChain(...(await startMany(1))[0]);
  const rows: [string, number, number][] = [];
  for (const callers of [1, CALLERS]) {
    let wf = 0;
    let base = 0;
    for (let round = 0; round < ROUNDS; round++) {
      wf = Math.max(wf, await runWorkflow(callers));
      base = Math.max(base, await runBaseline(callers));
    }
    rows.push([callers === 1 ? 'sequential' : `${callers} callers`, wf, base]);
  }
  return rows;
}

const database = await createTestDatabase();
try {
  const orm = await createOrm(database.url, 8);
  try {
    const flow = await setUp(orm);
    const { runtime, stop } = await startWorkflowRuntime(orm, {}, { error: () => {}, info: () => {} });
    try {
      const rows = await measure(orm, runtime, flow);
      console.log(`\nworkflow approval steps (three-step sequential flow, ${INSTANCES} instances per round, best of ${ROUNDS} rounds), database: ${database.kind === 'postgres' ? 'a fresh database on DATABASE_URL' : 'embedded'}`);
      for (const [label, wf, base] of rows) {
        console.log(`  ${label.padEnd(11)} steps ${wf.toFixed(0).padStart(6)}/s   baseline update tx ${base.toFixed(0).padStart(6)}/s   ratio ${(100 * wf / base).toFixed(0).padStart(3)} %   goal ≥ 50 %`);
      }
    } finally {
      await stop();
    }
  } finally {
    await orm.close(true);
  }
} finally {
  await database.drop();
}
