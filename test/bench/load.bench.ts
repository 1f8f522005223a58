/**
 * `npm run bench:load`: 200 dealers place and submit orders while every approver works the inbox,
 * for LOAD_SECONDS (default 120), against the real server started as a child process on 127.0.0.1
 * on a fresh database of the Postgres at DATABASE_URL (default the local one; the database is
 * dropped at the end). autocannon drives the HTTP load. Before the load, a baseline is measured in
 * the same run at the same concurrency: GET /api/auth/me (session lookup, no business work), so the
 * order rate reads as a share of what the machine serves at all. Prints orders per second, p99
 * latency, errors and the server's resident memory at start and end, then checks that every order
 * is in exactly one state consistent with its instance, stock never went negative or over-allocated,
 * and every dealer's rebate ledger balances. Exits 1 when a check fails or any request errored.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon, { type Client, type Options, type Result } from 'autocannon';
import pg from 'pg';
import { createOrm, migrate } from '../../server/db/orm.js';
import { readSeedTenant } from '../../server/seed/seed-files.js';
import { seedPlatform, seedTenant } from '../../server/seed/tenant-seed.service.js';
import { createTestDatabase } from '../support/test-database.js';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
const root = fileURLToPath(new URL('../..', import.meta.url));
const SECONDS = Number(process.env.LOAD_SECONDS ?? 120);
const DEALERS = Number(process.env.LOAD_DEALERS ?? 200);
const PASSWORD = 'load-password-1';
const APPROVERS = ['wanglei', 'chenjing', 'zhaoqiang', 'liuyang', 'sunli', 'zhoutao', 'wumin', 'zhenghua', 'hefang'];
const LEAVES = ['EAST-SH', 'EAST-JS', 'EAST-ZJ', 'SOUTH-SZ', 'SOUTH-GZ', 'SOUTH-FJ', 'NORTH-BJ', 'NORTH-TJ', 'NORTH-SD'];
const TOP: Record<string, string> = { EAST: 'R-EAST', SOUTH: 'R-SOUTH', NORTH: 'R-NORTH' };
const TIERS = ['PLATINUM', 'GOLD', 'SILVER', 'STANDARD'];
const products = (JSON.parse(readFileSync(`${root}/server/seed/demo/acme-chips/records/products.json`, 'utf8')) as { sku: string; spq?: number; lifecycleStage: string }[])
  .filter((p) => p.lifecycleStage !== 'EOL');

const code = (i: number) => `LD${String(i + 1).padStart(3, '0')}`;
const login = (i: number) => `${code(i).toLowerCase()}.buyer`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    }).on('error', reject);
  });
}

/** acme-chips as shipped, plus DEALERS load dealers (one buyer each) spread over the leaf regions and tiers. */
async function seed(url: string): Promise<void> {
  const orm = await createOrm(url, 4);
  try {
    await migrate(orm);
    const em = orm.em.fork();
    await seedPlatform(em, PASSWORD);
    const acme = readSeedTenant('acme-chips');
    const demo = structuredClone(acme.demo);
    for (let i = 0; i < DEALERS; i++) {
      const leaf = LEAVES[i % LEAVES.length];
      demo.dealers.push({ code: code(i), name: `压测经销商 ${i + 1}`, homeRegion: TOP[leaf.split('-')[0]], authorizedRegions: [TOP[leaf.split('-')[0]]], status: 'ACTIVE', tier: TIERS[i % TIERS.length] });
      demo.users.push({ login: login(i), displayName: `压测采购 ${i + 1}`, systemRoles: ['DEALER_USER'], dealer: code(i), roles: [{ role: 'DEALER_PURCHASER' }] });
    }
    await seedTenant(em, acme.bundle, demo, PASSWORD);
    await em.getConnection().execute(
      `update dealer set credit_limit = '30000000.00', payment_term_days = 60 where code like 'LD%' and tenant_id = (select id from tenant where code = 'acme-chips')`,
    );
  } finally {
    await orm.close(true);
  }
}

async function startServer(url: string, port: number): Promise<ChildProcess> {
  // LOAD_SERVER_NODE_ARGS: flags for the server's node (--cpu-prof to see where a request's time goes)
  const nodeArgs = (process.env.LOAD_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts'], {
    cwd: root, stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SEED_DEMO: 'false', DB_POOL_MAX: '20' },
  });
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/ready`)).ok) return child;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not become ready');
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

async function logIn(base: string, who: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: 'acme-chips', login: who, password: PASSWORD }) });
  if (!res.ok) throw new Error(`login ${who}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Every status a run answered, by route kind; an error is a 5xx, a timeout, a refused connection or a 4xx that is not a business refusal. */
class Tally {
  readonly byKey = new Map<string, number>();
  add(kind: string, status: number): void {
    const key = `${kind} ${status}`;
    this.byKey.set(key, (this.byKey.get(key) ?? 0) + 1);
  }
  count(pred: (kind: string, status: number) => boolean): number {
    let n = 0;
    for (const [key, v] of this.byKey) {
      const [kind, status] = key.split(' ');
      if (pred(kind, Number(status))) n += v;
    }
    return n;
  }
}

/**
 * Each autocannon client is one user: its token goes into the client's request context (set once,
 * kept across loops by making it the initial context) and every request carries it.
 */
function perUser(tokens: string[]): Pick<Options, 'setupClient'> {
  let next = 0;
  return {
    setupClient: (client: Client) => {
      const it = (client as unknown as { requestIterator: { initialContext: object; resetContext(): void; setRequests(r: unknown): void; requests: unknown } }).requestIterator;
      it.initialContext = { token: tokens[next++ % tokens.length] };
      it.resetContext();
      it.setRequests(it.requests);
    },
  };
}

/** What one client (one user) keeps between its requests. */
interface Ctx { token?: string; orderId?: string; taskId?: string }
const authed = (context: object) => ({ authorization: `Bearer ${(context as Ctx).token}`, 'content-type': 'application/json' });

function run(opts: Options): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

function orderBody(seq: number, dealerIndex: number): string {
  const lines = [];
  const count = 1 + (seq % 3);
  for (let k = 0; k < count; k++) {
    const p = products[(seq + k * 3) % products.length];
    lines.push({ sku: p.sku, qty: (p.spq ?? 1000) * (1 + ((seq + k) % 4)) });
  }
  const leaf = LEAVES[dealerIndex % LEAVES.length];
  return JSON.stringify({ lines, shipToRegion: leaf, shipToAddress: `压测地址 ${seq}` });
}

async function main(): Promise<void> {
  const db = await createTestDatabase();
  let server: ChildProcess | undefined;
  let failed = false;
  try {
    console.log(`seeding acme-chips and ${DEALERS} load dealers…`);
    await seed(db.url);
    const port = await freePort();
    server = await startServer(db.url, port);
    const base = `http://127.0.0.1:${port}`;
    const dealerTokens = await Promise.all(Array.from({ length: DEALERS }, (_, i) => logIn(base, login(i))));
    const approverTokens = await Promise.all(APPROVERS.map((a) => logIn(base, a)));
    const tokenIndex = new Map(dealerTokens.map((t, i) => [t, i]));

    const baseline = await run({
      url: base, connections: DEALERS, duration: Math.min(15, Math.max(5, Math.round(SECONDS / 8))), ...perUser(dealerTokens),
      requests: [{ method: 'GET', path: '/api/auth/me', setupRequest: (req, ctx) => ({ ...req, headers: authed(ctx) }) }],
    });
    const rssStart = rssMb(server.pid!);

    const tally = new Tally();
    let seq = 0;
    const dealersRun = run({
      url: base, connections: DEALERS, duration: SECONDS, timeout: 30, ...perUser(dealerTokens),
      requests: [
        {
          method: 'POST', path: '/api/orders',
          setupRequest: (req, ctx) => ({ ...req, headers: authed(ctx), body: orderBody(seq++, tokenIndex.get((ctx as Ctx).token!) ?? 0) }),
          onResponse: (status, body, ctx) => {
            tally.add('create', status);
            if (status === 201) (ctx as Ctx).orderId = (JSON.parse(body) as { id: string }).id;
          },
        },
        {
          method: 'POST',
          setupRequest: (req, ctx) => ((ctx as Ctx).orderId ? { ...req, path: `/api/orders/${(ctx as Ctx).orderId!}/submit`, headers: authed(ctx), body: '{}' } : null) as never,
          onResponse: (status) => tally.add('submit', status),
        },
      ],
    });
    const approversRun = run({
      url: base, connections: APPROVERS.length, duration: SECONDS, timeout: 30, ...perUser(approverTokens),
      requests: [
        {
          method: 'GET', path: '/api/tasks?box=todo',
          setupRequest: (req, ctx) => ({ ...req, headers: authed(ctx) }),
          onResponse: (status, body, ctx) => {
            tally.add('inbox', status);
            if (status !== 200) return;
            const pending = (JSON.parse(body) as { tasks: { id: string; status: string }[] }).tasks.filter((t) => t.status === 'PENDING');
            (ctx as Ctx).taskId = pending.length ? pending[Math.floor(Math.random() * pending.length)].id : undefined;
          },
        },
        {
          method: 'POST',
          setupRequest: (req, ctx) => ((ctx as Ctx).taskId ? { ...req, path: `/api/tasks/${(ctx as Ctx).taskId!}/approve`, headers: authed(ctx), body: JSON.stringify({ comment: '压测同意' }) } : null) as never,
          onResponse: (status) => tally.add('approve', status),
        },
      ],
    });
    const [dealers, approvers] = await Promise.all([dealersRun, approversRun]);
    const rssEnd = rssMb(server.pid!);

    // the actions after the last approvals (rebate offset, allocation) run as jobs: let them finish
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      for (let i = 0; i < 120; i++) {
        const { rows } = await client.query<{ n: string }>(`select count(*) as n from pgboss.job where state in ('created', 'retry', 'active') and name not like '%timer%'`);
        if (Number(rows[0].n) === 0) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      const { rows: [orders] } = await client.query<{ created: string; submitted: string }>(
        `select count(*) as created, count(*) filter (where submitted_at is not null) as submitted from dealer_order o join dealer d on d.id = o.dealer_id where d.code like 'LD%'`,
      );
      const errors = dealers.errors + dealers.timeouts + approvers.errors + approvers.timeouts
        + tally.count((_kind, s) => s >= 500 || s === 0)
        + tally.count((kind, s) => s >= 400 && s < 500 && !(kind === 'approve' && (s === 409 || s === 404)));
      const refusals = tally.count((kind, s) => kind === 'approve' && (s === 409 || s === 404));
      const orderRate = Number(orders.submitted) / SECONDS;
      const requestRate = (dealers.requests.total + approvers.requests.total) / SECONDS;
      console.log(`\nload: ${DEALERS} dealers + ${APPROVERS.length} approvers for ${SECONDS} s on 127.0.0.1`);
      console.log(`  baseline GET /api/auth/me at ${DEALERS} connections: ${baseline.requests.average.toFixed(0)} req/s, p99 ${baseline.latency.p99} ms`);
      console.log(`  orders created ${orders.created}, submitted ${orders.submitted}: ${orderRate.toFixed(1)} orders/s`);
      console.log(`  all requests ${requestRate.toFixed(0)} req/s = ${((requestRate / baseline.requests.average) * 100).toFixed(0)} % of the baseline rate`);
      console.log(`  latency p99: dealers ${dealers.latency.p99} ms, approvers ${approvers.latency.p99} ms (p50 ${dealers.latency.p50} / ${approvers.latency.p50} ms)`);
      console.log(`  statuses: ${[...tally.byKey].sort().map(([k, v]) => `${k}×${v}`).join(', ')}`);
      console.log(`  errors: ${errors} (approvals refused because another approver of the same 或签 step came first: ${refusals})`);
      console.log(`  server memory (RSS): ${rssStart.toFixed(0)} MB at start, ${rssEnd.toFixed(0)} MB at end`);
      if (errors > 0) failed = true;

      const problems = await consistencyProblems(client);
      console.log(problems.length === 0 ? '  consistency: every order in one state matching its instance; stock and rebate ledgers balance' : `  consistency FAILED:\n    ${problems.join('\n    ')}`);
      if (problems.length) failed = true;
    } finally {
      await client.end();
    }
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server!.once('exit', r));
    }
    await db.drop();
  }
  process.exit(failed ? 1 : 0);
}

/** What must hold after the run, each as SQL answering the offending rows. */
async function consistencyProblems(client: pg.Client): Promise<string[]> {
  const checks: [string, string][] = [
    ['orders whose status disagrees with their workflow instance', `
      select o.order_no, o.status, i.status as instance_status from dealer_order o left join workflow_instance i on i.id = o.workflow_instance_id
       where (o.status = 'DRAFT' and o.workflow_instance_id is not null and i.status = 'RUNNING')
          or (o.status = 'SUBMITTED' and (i.id is null or i.status <> 'RUNNING'))
          or (o.status in ('APPROVED', 'ALLOCATED', 'BACKORDERED', 'REJECTED') and (i.id is null or i.status = 'RUNNING'))`],
    ['stock allocated below zero or above what is on hand', `
      select w.code, p.sku, l.on_hand, l.allocated from inventory_level l join warehouse w on w.id = l.warehouse_id join product p on p.id = l.product_id
       where l.allocated < 0 or l.on_hand < 0`],
    ['allocated orders without an allocation on every line', `
      select o.order_no from dealer_order o join order_line ol on ol.order_id = o.id
       where o.status = 'ALLOCATED' and ol.allocated_warehouse_id is null group by o.order_no`],
    ['rebate consumed beyond what was credited, per dealer', `
      select d.code, sum(e.amount) as balance from rebate_entry e join dealer d on d.id = e.dealer_id
       group by d.code having sum(e.amount) < 0`],
    ['dealers whose ledger does not balance (signed entries against what the accruals have left)', `
      select d.code, sum(e.amount) as entries, sum(case when e.type = 'ACCRUAL' then e.balance else 0 end) as accrual_balances
        from rebate_entry e join dealer d on d.id = e.dealer_id
       group by d.code having sum(e.amount) <> sum(case when e.type = 'ACCRUAL' then e.balance else 0 end)`],
    ['orders with a rebate offset but no ledger consumption (or the reverse)', `
      select o.order_no, o.rebate_offset, coalesce(-sum(e.amount), 0) as consumed from dealer_order o
        left join rebate_entry e on e.order_id = o.id
       where o.status in ('APPROVED', 'ALLOCATED', 'BACKORDERED')
       group by o.order_no, o.rebate_offset having o.rebate_offset <> coalesce(-sum(e.amount), 0)`],
  ];
  const problems: string[] = [];
  for (const [what, sql] of checks) {
    const { rows } = await client.query(sql);
    if (rows.length) problems.push(`${what}: ${rows.length} (e.g. ${JSON.stringify(rows.slice(0, 3))})`);
  }
  return problems;
}

await main();
