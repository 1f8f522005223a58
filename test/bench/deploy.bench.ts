/**
 * `npm run bench:deploy`: a generated bundle of 100 workflows and 100 rule sets, validated and
 * deployed in one transaction, beside a baseline measured in the same run (inserting the same
 * documents as rows in one transaction, on the same pool). Goal: under 2 s on the real Postgres.
 */
import { randomUUID } from 'node:crypto';
import { validateBundle, type BundleFile } from '../../server/bundle/bundle-validate.js';
import { deployBundle } from '../../server/bundle/deploy.service.js';
import { formatJson } from '../../server/bundle/json-format.js';
import { startEmbeddedDatabase } from '../../server/db/embedded-database.js';
import { createOrm, migrate, TENANT_FILTER } from '../../server/db/orm.js';
import { Tenant } from '../../server/entities/index.js';
import { readSeedTenant } from '../../server/seed/seed-files.js';
import { seedTenant } from '../../server/seed/tenant-seed.service.js';

const COUNT = 100;
const external = process.env.DATABASE_URL;
const embedded = external ? null : await startEmbeddedDatabase({ dataDir: null });
const orm = await createOrm(external ?? embedded!.url, 4);
await migrate(orm);

const acme = readSeedTenant('acme-chips');
const text = (f: BundleFile) => (typeof f.content === 'string' ? f.content : new TextDecoder().decode(f.content));
const original = acme.bundle.filter((f) => f.path.endsWith('.json'));
const manifest = JSON.parse(text(original.find((f) => f.path === 'tenant.json')!));
const code = `bench-${Date.now()}`;
const pick = (p: string) => JSON.parse(text(original.find((f) => f.path === p)!));
const ruleSet = pick('rule-sets/tiering.json');
const workflow = pick('workflows/dealer-onboarding.json');

const files: BundleFile[] = [
  { path: 'tenant.json', content: formatJson({ ...manifest, code }) },
  ...original.filter((f) => !f.path.startsWith('tenant.json') && !f.path.startsWith('workflows/')).map((f) => ({ path: f.path, content: text(f) })),
];
for (let i = 1; i <= COUNT; i++) {
  const n = String(i).padStart(3, '0');
  files.push({ path: `rule-sets/tiering-${n}.json`, content: formatJson({ ...ruleSet, key: `tiering-${n}` }) });
  files.push({ path: `workflows/onboarding-${n}.json`, content: formatJson({ ...workflow, key: `onboarding-${n}` }) });
}
const bytes = files.reduce((n, f) => n + Buffer.byteLength(text(f)), 0);

await seedTenant(orm.em.fork(), [{ path: 'tenant.json', content: files[0].content }], { dealers: [], users: [] }, 'bench-password-1');
const em = orm.em.fork();
const tenant = await em.findOneOrFail(Tenant, { code });
em.setFilterParams(TENANT_FILTER, { tenantId: tenant.id });

let t0 = performance.now();
const validation = validateBundle(files);
const validateMs = performance.now() - t0;
if (!validation.ok) throw new Error(JSON.stringify(validation.problems.slice(0, 3)));

t0 = performance.now();
const result = await deployBundle({ em, tenantId: tenant.id, userId: null, locale: 'en' }, files, { message: 'bench' });
const deployMs = performance.now() - t0;

// Baseline: the same documents inserted as rows in one transaction, nothing else.
await orm.em.getConnection().execute('create temporary table if not exists bench_doc (id uuid primary key, path text, document json)');
t0 = performance.now();
await orm.em.transactional(async (tx) => {
  for (const f of files) await tx.execute('insert into bench_doc (id, path, document) values (?, ?, ?)', [randomUUID(), f.path, text(f)]);
});
const baselineMs = performance.now() - t0;

const db = external ? 'DATABASE_URL' : 'embedded';
console.log(`\ndeploy of ${files.length} documents (${COUNT} workflows, ${COUNT + 6} rule sets, ${(bytes / 1024).toFixed(0)} KiB), database: ${db}`);
console.log(`  validate (schemas, graphs, ${COUNT + 6} rule sets with their test cases)  ${validateMs.toFixed(0).padStart(6)} ms`);
console.log(`  deploy (validate + one transaction, ${result.diff.added.length} added)          ${deployMs.toFixed(0).padStart(6)} ms   goal < 2000 ms`);
console.log(`  baseline: insert the same documents as rows in one transaction  ${baselineMs.toFixed(0).padStart(6)} ms`);
console.log(`  deploy / baseline                                              ${(deployMs / baselineMs).toFixed(1)}×`);

await orm.close(true);
await embedded?.stop();
