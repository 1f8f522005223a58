/**
 * `evaluate` over HTTP beside a bare Fastify route, in one run on 127.0.0.1 (autocannon).
 * Prints requests/s and p99 for both and their ratio; no thresholds (the machine is shared).
 */
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { startEmbeddedDatabase } from '../../server/db/embedded-database.js';
import { createOrm, migrate } from '../../server/db/orm.js';
import { readSeedTenant } from '../../server/seed/seed-files.js';
import { seedTenant } from '../../server/seed/tenant-seed.service.js';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;
const password = 'bench-password-1';

async function run(url: string, opts: Partial<autocannon.Options> = {}) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, ...opts });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

const external = process.env.DATABASE_URL;
const embedded = external ? null : await startEmbeddedDatabase({ dataDir: null });
const orm = await createOrm(external ?? embedded!.url, 4);
await migrate(orm);
const acme = readSeedTenant('acme-chips');
await seedTenant(orm.em.fork(), acme.bundle, acme.demo, password);

const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), loginMaxFailures: 1000 };
const app = await buildApp({ orm, config, logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

const bare = Fastify({ logger: false });
bare.get('/bare', async () => ({ status: 'ok' }));
await bare.listen({ port: 0, host: '127.0.0.1' });
const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/bare`;

const login = await (await fetch(`${base}/api/auth/login`, {
  method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ tenant: 'acme-chips', login: 'sunli', password }),
})).json() as { token: string };

const body = JSON.stringify({
  facts: { dealerStatus: 'ACTIVE', currentTier: 'GOLD', annualNetPurchase: '60000000.00', onTimePaymentRatePct: '94.99', certifiedFaeCount: 6, reviewRunDate: '2025-01-01' },
});
const evaluateOpts = { method: 'POST' as const, body, headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` } };

// warm-up: compile cache, JIT
await run(`${base}/api/rule-sets/tiering/evaluate`, { ...evaluateOpts, duration: 1 });
const bareResult = await run(bareUrl);
const evalResult = await run(`${base}/api/rule-sets/tiering/evaluate`, evaluateOpts);

const db = external ? 'DATABASE_URL' : 'embedded';
console.log(`\nrules over HTTP (${DURATION_S}s each, ${CONNECTIONS} connections, database: ${db})`);
console.log(`  bare Fastify route         ${bareResult.rps.toFixed(0).padStart(8)} req/s   p99 ${bareResult.p99} ms`);
console.log(`  POST /api/rule-sets/tiering/evaluate ${evalResult.rps.toFixed(0).padStart(8)} req/s   p99 ${evalResult.p99} ms`);
console.log(`  evaluate / bare            ${(evalResult.rps / bareResult.rps).toFixed(3)}×`);

await bare.close();
await app.close();
await orm.close(true);
await embedded?.stop();
