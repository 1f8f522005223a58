import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../schemas/errors/app-error.js';
import { readBundleDir } from '../../server/bundle/bundle-files.js';
import { deployBundle } from '../../server/bundle/deploy.service.js';
import { formatJson } from '../../server/bundle/json-format.js';
import { exportFiles } from '../../server/bundle/tenant-config.service.js';
import { main as cli } from '../../server/cli/channelflow.js';
import { TENANT_FILTER } from '../../server/db/orm.js';
import { Tenant } from '../../server/entities/index.js';
import { seedBundleDir } from '../../server/seed/seed-files.js';
import { bearer, createTestApp, loginAs, type TestApp } from '../support/test-app.js';

type File = { path: string; content: string };

let t: TestApp;
let deployer: string;
let betaDeployer: string;
let admin: string;
const repoBundle = () => readBundleDir(seedBundleDir('acme-chips'))
  .filter((f) => f.path.endsWith('.json'))
  .map((f) => ({ path: f.path, content: new TextDecoder().decode(f.content as Uint8Array) }));

beforeAll(async () => {
  t = await createTestApp();
  const session = await loginAs(t.app, 'acme-chips', 'machao');
  // Pipelines use a long-lived API token.
  deployer = (await t.app.inject({ method: 'POST', url: '/api/tokens', headers: bearer(session), payload: { name: 'pipeline' } })).json().token;
  betaDeployer = await loginAs(t.app, 'beta-tools', 'deployer');
  admin = await loginAs(t.app, 'acme-chips', 'hefang');
});
afterAll(async () => t.close());

const exportBundle = async (token = deployer): Promise<File[]> => {
  const res = await t.app.inject({ url: '/api/config/export', headers: bearer(token) });
  expect(res.statusCode).toBe(200);
  return res.json().files;
};
const deploy = (files: File[], extra: object = {}, token = deployer) =>
  t.app.inject({ method: 'POST', url: '/api/config/deploy', headers: bearer(token), payload: { bundle: { files }, ...extra } });
const replaceFile = (files: File[], p: string, change: (doc: any) => void): File[] =>
  files.map((f) => {
    if (f.path !== p) return f;
    const doc = JSON.parse(f.content);
    change(doc);
    return { path: f.path, content: formatJson(doc) };
  });
const deploymentCount = async () => (await t.app.inject({ url: '/api/config/deployments', headers: bearer(deployer) })).json().length;

describe('export and deploy round trip', () => {
  it('exports exactly the bundle the repository ships, byte for byte', async () => {
    const exported = await exportBundle();
    // Other test files may have published rule sets of their own through the API; ours are all there, unchanged.
    for (const file of repoBundle()) expect(exported.find((f) => f.path === file.path)?.content, file.path).toBe(file.content);
  });

  it('export → deploy → export gives the same files, and the deploy changes nothing', async () => {
    const first = await exportBundle();
    const res = await deploy(first);
    expect(res.statusCode).toBe(201);
    expect(res.json().diff).toMatchObject({ added: [], changed: [], removed: [], unchanged: first.length });
    expect(await exportBundle()).toEqual(first);
  });
});

describe('deploy, diff and rollback', () => {
  it('diffs, deploys a change as a new version, records who did it, and rolls back', async () => {
    const before = await exportBundle();
    const changed = replaceFile(before, 'rule-sets/tiering.json', (doc) => { doc.description = 'RS1 (2026 wording)'; });
    const withForm = [...changed, { path: 'forms/credit-request.json', content: formatJson({
      $schema: 'http://localhost:3000/schemas/FormDefinition.json', key: 'credit-request', name: { zh: '临时额度申请', en: 'Credit request' },
      schema: { type: 'object', required: ['amount'], properties: { amount: { type: 'string', format: 'money' } } },
    }) }];

    const diff = await t.app.inject({ method: 'POST', url: '/api/config/diff', headers: bearer(deployer), payload: { bundle: { files: withForm } } });
    expect(diff.json()).toMatchObject({
      added: [{ path: 'forms/credit-request.json', kind: 'form', key: 'credit-request' }],
      changed: [{ path: 'rule-sets/tiering.json', kind: 'ruleSet', key: 'tiering' }],
      removed: [],
    });

    const dry = await deploy(withForm, { dryRun: true });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, number: null });
    expect(await exportBundle()).toEqual(before);

    const done = await deploy(withForm, { message: 'tier wording' });
    expect(done.statusCode).toBe(201);
    const number = done.json().number;
    expect(done.json()).toMatchObject({ kind: 'DEPLOY', deployedBy: 'machao', message: 'tier wording' });
    const versions = (await t.app.inject({ url: '/api/rule-sets/tiering/versions', headers: bearer(admin) })).json();
    expect(versions[0]).toMatchObject({ status: 'PUBLISHED' });
    expect(versions[1]).toMatchObject({ status: 'SUPERSEDED' });
    expect((await exportBundle()).find((f) => f.path === 'forms/credit-request.json')).toBeTruthy();

    // Removing a document from the bundle retires it.
    const removed = await deploy(changed);
    expect(removed.json().diff.removed).toEqual([{ path: 'forms/credit-request.json', kind: 'form', key: 'credit-request' }]);

    const rollback = await t.app.inject({ method: 'POST', url: '/api/config/rollback', headers: bearer(deployer), payload: { to: number - 1 } });
    expect(rollback.statusCode).toBe(201);
    expect(rollback.json()).toMatchObject({ kind: 'ROLLBACK', rollbackOf: number - 1 });
    expect(await exportBundle()).toEqual(before);

    const list = (await t.app.inject({ url: '/api/config/deployments', headers: bearer(deployer) })).json();
    expect(list[0]).toMatchObject({ kind: 'ROLLBACK', rollbackOf: number - 1, deployedBy: 'machao' });
    expect(list.map((d: { number: number }) => d.number)).toEqual([...list.map((d: { number: number }) => d.number)].sort((a, b) => b - a));
  });

  it('refuses to remove a region still used by dealers, changing nothing', async () => {
    const before = await exportBundle();
    const count = await deploymentCount();
    const bad = replaceFile(before, 'tenant.json', (doc) => { doc.regions = doc.regions.filter((r: { code: string }) => r.code !== 'SOUTH-FJ'); });
    const res = await deploy(bad);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CFG_ERR_IN_USE');
    expect(await exportBundle()).toEqual(before);
    expect(await deploymentCount()).toBe(count);
  });
});

describe('atomicity and concurrency', () => {
  it('leaves the tenant exactly as before when a deploy fails half way', async () => {
    const before = await exportBundle();
    const count = await deploymentCount();
    let bundle = replaceFile(before, 'rule-sets/tiering.json', (doc) => { doc.description = 'half way A'; });
    bundle = replaceFile(bundle, 'rule-sets/rebate-offset.json', (doc) => { doc.description = 'half way B'; });
    bundle = replaceFile(bundle, 'tenant.json', (doc) => { doc.name = '半途而废'; });

    const em = t.orm.em.fork();
    const tenant = await em.findOneOrFail(Tenant, { code: 'acme-chips' });
    em.setFilterParams(TENANT_FILTER, { tenantId: tenant.id });
    const failure = deployBundle({ em, tenantId: tenant.id, userId: null, locale: 'en' }, bundle, {
      afterApply: (applied) => { if (applied === 2) throw new Error('injected failure after two documents'); },
    });
    await expect(failure).rejects.toThrow('injected failure');
    expect(await exportBundle()).toEqual(before);
    expect(await deploymentCount()).toBe(count);
  });

  it('serializes two deploys at once: both land, one after the other, never interleaved', async () => {
    const before = await exportBundle();
    const a = replaceFile(before, 'rule-sets/tiering.json', (doc) => { doc.description = 'deploy A'; });
    const b = replaceFile(before, 'rule-sets/tiering.json', (doc) => { doc.description = 'deploy B'; });
    const [ra, rb] = await Promise.all([deploy(a, { message: 'A' }), deploy(b, { message: 'B' })]);
    expect([ra.statusCode, rb.statusCode]).toEqual([201, 201]);
    const [first, second] = [ra.json(), rb.json()].sort((x, y) => x.number - y.number);
    expect(second.number).toBe(first.number + 1);
    // The second saw the first's result: its diff is against it, not against the state both started from.
    expect(second.diff.changed).toEqual([{ path: 'rule-sets/tiering.json', kind: 'ruleSet', key: 'tiering' }]);
    const tiering = JSON.parse((await exportBundle()).find((f) => f.path === 'rule-sets/tiering.json')!.content);
    expect(tiering.description).toBe(`deploy ${second.message}`);
    const versions = (await t.app.inject({ url: '/api/rule-sets/tiering/versions', headers: bearer(admin) })).json() as { status: string }[];
    expect(versions.filter((v) => v.status === 'PUBLISHED')).toHaveLength(1);
    await deploy(before);
  });
});

describe('bad bundles are rejected with the file and pointer, and change nothing', () => {
  const cases: { name: string; mutate: (files: File[]) => File[]; file: string; pointer: string; code: string }[] = [
    { name: 'a wrong type', file: 'rule-sets/tiering.json', pointer: '/steps', code: 'CFG_ERR_SCHEMA', mutate: (f) => replaceFile(f, 'rule-sets/tiering.json', (d) => { d.steps = 'none'; }) },
    { name: 'a dangling reference', file: 'workflows/dealer-onboarding.json', pointer: '', code: 'CFG_ERR_DANGLING_REFERENCE', mutate: (f) => f.filter((x) => x.path !== 'forms/dealer-onboarding.json') },
    { name: 'a rule input the rule set does not declare', file: 'workflows/dealer-order-approval.json', pointer: '/nodes/1/params/inputs/discountCode', code: 'CFG_ERR_DANGLING_REFERENCE', mutate: (f) => replaceFile(f, 'workflows/dealer-order-approval.json', (d) => { d.nodes[1].params.inputs.discountCode = { $var: 'order.remark' }; }) },
    { name: 'a duplicate key', file: 'forms/dealer-order.json', pointer: '/key', code: 'CFG_ERR_DUPLICATE_KEY', mutate: (f) => f.map((x) => x.path === 'forms/dealer-order.json' ? { ...x, content: x.content.replace('"key": "dealer-order",', '"key": "dealer-order", "key": "dealer-order",') } : x) },
    { name: 'a failing rule test case', file: 'rule-sets/rebate-offset.json', pointer: '/testCases/0', code: 'CFG_ERR_TEST_CASE_FAILED', mutate: (f) => replaceFile(f, 'rule-sets/rebate-offset.json', (d) => { d.testCases[0].expected = { ...d.testCases[0].expected, payableAmount: '0.01' }; }) },
    { name: 'a 10 MB document', file: 'forms/huge.json', pointer: '', code: 'CFG_ERR_DOCUMENT_TOO_LARGE', mutate: (f) => [...f, { path: 'forms/huge.json', content: JSON.stringify({ key: 'huge', pad: 'x'.repeat(10 * 1024 * 1024) }) }] },
    { name: 'a key that differs from the file name', file: 'forms/dealer-order.json', pointer: '/key', code: 'CFG_ERR_KEY_MISMATCH', mutate: (f) => replaceFile(f, 'forms/dealer-order.json', (d) => { d.key = 'other-order'; }) },
    { name: 'a file of no known kind', file: 'scripts/hack.json', pointer: '', code: 'CFG_ERR_UNKNOWN_FILE', mutate: (f) => [...f, { path: 'scripts/hack.json', content: '{}' }] },
    { name: 'a wrong $schema', file: 'forms/dealer-order.json', pointer: '/$schema', code: 'CFG_ERR_WRONG_SCHEMA', mutate: (f) => replaceFile(f, 'forms/dealer-order.json', (d) => { d.$schema = 'http://localhost:3000/schemas/RuleSet.json'; }) },
  ];

  for (const c of cases) {
    it(`rejects ${c.name}`, async () => {
      const before = await exportBundle();
      const count = await deploymentCount();
      const res = await deploy(c.mutate(before));
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe('CFG_ERR_INVALID_BUNDLE');
      const problems = res.json().details.problems as { file: string; pointer: string; code: string }[];
      expect(problems).toContainEqual(expect.objectContaining({ file: c.file, code: c.code, ...(c.pointer ? { pointer: expect.stringContaining(c.pointer) } : {}) }));
      expect(await exportBundle()).toEqual(before);
      expect(await deploymentCount()).toBe(count);
    });
  }
});

describe('the channelflow CLI', () => {
  let dir: string;
  let server: string;
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await cli(argv, { log: (l) => out.push(l), error: (l) => err.push(l) }, {});
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cf-bundle-'));
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    server = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('validates the shipped bundle offline', async () => {
    const res = await run('validate', seedBundleDir('acme-chips'));
    expect(res.code).toBe(0);
    expect(res.out).toContain('15 documents, no problems');
  });

  it('reports invalid UTF-8 and every other problem with file and pointer, exit code 1', async () => {
    const bad = path.join(dir, 'bad');
    mkdirSync(path.join(bad, 'forms'), { recursive: true });
    writeFileSync(path.join(bad, 'tenant.json'), readFileSync(path.join(seedBundleDir('acme-chips'), 'tenant.json')));
    writeFileSync(path.join(bad, 'forms', 'latin1.json'), Buffer.from([0x7b, 0x22, 0x6b, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]));
    writeFileSync(path.join(bad, 'forms', 'typo.json'), '{"$schema": "FormDefinition", "key": "typo", "name": {"zh": "x", "en": "x"}, "schema": {"type": "object", "properties": {}}, "extra": 1}');
    const res = await run('validate', bad);
    expect(res.code).toBe(1);
    expect(res.err).toContain('forms/latin1.json: CFG_ERR_NOT_UTF8 invalid UTF-8 at byte 6');
    expect(res.err).toContain('forms/typo.json#/extra: CFG_ERR_SCHEMA');
    expect((await run('validate', bad, '--lang', 'zh-CN')).err).toContain('不允许有额外的属性');
  });

  it('exports, diffs, deploys, lists and rolls back against a server', async () => {
    const out = path.join(dir, 'export');
    expect((await run('export', out, '--server', server, '--token', deployer)).code).toBe(0);
    for (const file of repoBundle()) expect(readFileSync(path.join(out, file.path), 'utf8')).toBe(file.content);

    const tieringPath = path.join(out, 'rule-sets', 'tiering.json');
    const doc = JSON.parse(readFileSync(tieringPath, 'utf8'));
    doc.description = 'changed by the CLI test';
    writeFileSync(tieringPath, formatJson(doc));
    const diff = await run('diff', out, '--server', server, '--token', deployer);
    expect(diff.out).toContain('~ rule-sets/tiering.json');
    expect(diff.out).toContain('0 added, 1 changed, 0 removed');
    const deployed = await run('deploy', out, '--server', server, '--token', deployer, '--message', 'from the CLI');
    expect(deployed.code).toBe(0);
    const number = Number(/deployment #(\d+) done/.exec(deployed.out)![1]);
    const list = await run('deployments', '--server', server, '--token', deployer);
    expect(list.out).toMatch(new RegExp(`#${number}\\t.*\\tmachao\\tDEPLOY\\t0\\+ 1~ 0-\\tfrom the CLI`));
    expect((await run('rollback', '--to', String(number - 1), '--server', server, '--token', deployer)).code).toBe(0);
    // Back to the shipped bundle (other test files may have added rule sets of their own: "removed" here).
    expect((await run('diff', seedBundleDir('acme-chips'), '--server', server, '--token', deployer)).out).toMatch(/0 added, 0 changed, \d+ removed/);

    const refused = await run('deploy', out, '--server', server, '--token', admin);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('403 AUTH_ERR_FORBIDDEN');
    expect((await run('deploy', out)).code).toBe(2);
  });
});

describe('walls and schemas', () => {
  it('keeps changes to deployers of the tenant; business admins read the export and the history', async () => {
    expect((await t.app.inject({ url: '/api/config/export', headers: bearer(admin) })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/config/deployments', headers: bearer(admin) })).statusCode).toBe(200);
    const adminDeploy = await t.app.inject({ method: 'POST', url: '/api/config/deploy', headers: bearer(admin), payload: { bundle: { files: [] } } });
    expect(adminDeploy.statusCode).toBe(403);
    // comparing with an earlier deployment is a dry-run rollback: business admins may; rolling back is for deployers
    const preview = await t.app.inject({ method: 'POST', url: '/api/config/rollback', headers: bearer(admin), payload: { to: 1, dryRun: true } });
    expect(preview.statusCode, preview.body).toBe(200);
    const rollback = await t.app.inject({ method: 'POST', url: '/api/config/rollback', headers: bearer(admin), payload: { to: 1 } });
    expect(rollback.statusCode).toBe(403);
    expect(rollback.json().code).toBe('AUTH_ERR_FORBIDDEN');
    const dealer = await loginAs(t.app, 'acme-chips', 'd05.buyer');
    expect((await t.app.inject({ url: '/api/config/deployments', headers: bearer(dealer) })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/config/export' })).statusCode).toBe(401);
    const cross = await deploy(await exportBundle(), {}, betaDeployer);
    expect(cross.statusCode).toBe(422);
    expect(cross.json().details.problems).toContainEqual(expect.objectContaining({ file: 'tenant.json', pointer: '/code', code: 'CFG_ERR_WRONG_TENANT' }));
    // beta-tools holds none of acme-chips' documents (other test files may have authored forms of its own)
    const beta = await exportBundle(betaDeployer);
    const acmePaths = new Set(readBundleDir(seedBundleDir('acme-chips')).map((f) => f.path).filter((p) => p !== 'tenant.json'));
    expect(beta.map((f) => f.path).filter((p) => acmePaths.has(p))).toEqual([]);
    expect(JSON.parse(beta.find((f) => f.path === 'tenant.json')!.content).code).toBe('beta-tools');
    expect((await t.app.inject({ method: 'POST', url: '/api/config/rollback', headers: bearer(betaDeployer), payload: { to: 2 } })).json().code).toBe('CFG_ERR_NO_DEPLOYMENT');
  });

  it('serves each document schema self-contained, and it accepts the shipped documents', async () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    ajv.addFormat('money', /^-?\d{1,15}(\.\d{1,2})?$/);
    ajv.addFormat('decimal', /^-?\d+(\.\d+)?$/);
    for (const [file, id] of [['tenant.json', 'TenantManifest'], ['rule-sets/order-pricing.json', 'RuleSet'], ['forms/dealer-order.json', 'FormDefinition'], ['workflows/dealer-order-approval.json', 'FlowDefinition'], ['calendars/cn-2026.json', 'WorkingCalendar']]) {
      const res = await t.app.inject({ url: `/schemas/${id}.json` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('application/schema+json');
      const validate = ajv.compile({ ...(res.json() as object), $id: undefined });
      const doc = JSON.parse(repoBundle().find((f) => f.path === file)!.content);
      expect(validate(doc), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect((await t.app.inject({ url: '/schemas/Nope.json' })).statusCode).toBe(404);
  });

  it("checks a dealer's custom fields against the tenant declaration", async () => {
    const dealers = (await t.app.inject({ url: '/api/dealers', headers: bearer(admin) })).json() as { id: string; code: string; version: number; customFields: Record<string, unknown> }[];
    const d03 = dealers.find((d) => d.code === 'D03')!;
    expect(d03.customFields).toMatchObject({ creditLimit: '1000000.00', paymentTermsDays: 30 });
    const bad = await t.app.inject({
      method: 'PATCH', url: `/api/dealers/${d03.id}`, headers: bearer(admin),
      payload: { version: d03.version, customFields: { creditLimit: 1000000, paymentTermsDays: 400, favouriteColour: 'red' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('CFG_ERR_CUSTOM_FIELDS_INVALID');
    expect(bad.json().details.problems.map((p: { pointer: string }) => p.pointer).sort()).toEqual(['/customFields/creditLimit', '/customFields/favouriteColour', '/customFields/paymentTermsDays']);
    const ok = await t.app.inject({
      method: 'PATCH', url: `/api/dealers/${d03.id}`, headers: bearer(admin),
      payload: { version: d03.version, customFields: { ...d03.customFields, creditLimit: '1200000.00' } },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().customFields.creditLimit).toBe('1200000.00');
    const betaAdmin = await loginAs(t.app, 'beta-tools', 'admin');
    expect((await t.app.inject({ method: 'PATCH', url: `/api/dealers/${d03.id}`, headers: bearer(betaAdmin), payload: { version: 1, name: 'x' } })).statusCode).toBe(404);
    const beta = (await t.app.inject({ url: '/api/dealers', headers: bearer(betaAdmin) })).json()[0];
    const none = await t.app.inject({ method: 'PATCH', url: `/api/dealers/${beta.id}`, headers: bearer(betaAdmin), payload: { version: beta.version, customFields: { anything: 1 } } });
    expect(none.statusCode).toBe(400);
  });
});
