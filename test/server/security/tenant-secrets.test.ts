import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../../server/app.js';
import { main as cli } from '../../../server/cli/channelflow.js';
import { ConfigError, loadConfig } from '../../../server/config.js';
import { createOrm } from '../../../server/db/orm.js';
import { warnOfGlobalSecretVariables } from '../../../server/secrets/global-secret-variables.js';
import { openSecret, sealSecret } from '../../../server/secrets/secret-cipher.js';
import { readOrCreateSecretsKeyFile, withEmbeddedSecretsKey } from '../../../server/secrets/secrets-key-file.js';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from '../../../server/workflows/webhook-delivery.js';
import { bearer, createTestApp, loginAs, type TestApp } from '../../support/test-app.js';
import { eventually, publishTestFlow, uniqueKey } from '../workflows/workflow-test-support.js';

/**
 * Webhook secrets belong to a tenant. Before, `secretsFromEnv` looked a `secretRef` up in the
 * process environment whatever the tenant: tenant B's admin published a service node with
 * `secretRef: "erp"` and its own URL, and received payloads signed with the key meant for tenant
 * A's receiver.
 */

const KEY = randomBytes(32);
const ACME_ERP = `acme-erp-${randomBytes(16).toString('hex')}`;
const BETA_ERP = `beta-erp-${randomBytes(16).toString('hex')}`;

interface Received { body: string; signature: string; timestamp: string }
interface Receiver { server: Server; url: string; received: Received[] }

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => { let s = ''; req.on('data', (c) => (s += c)); req.on('end', () => resolve(s)); });
}

async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    received.push({ body, signature: String(req.headers[SIGNATURE_HEADER]), timestamp: String(req.headers[TIMESTAMP_HEADER]) });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/erp`, received };
}

/** Every log line the app writes, to prove no secret value is ever logged. */
const logLines: string[] = [];
/** Every response body the tests saw, to prove no secret value is ever answered. */
const bodies: string[] = [];
/** Every secret value this file sent. */
const valuesSent = new Set<string>();

let app: FastifyInstance;
let t: TestApp;
let acme: Receiver;
let beta: Receiver;
const tokens: Record<string, string> = {};

async function call(who: string, method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object): Promise<LightMyRequestResponse> {
  const value = (payload as { value?: unknown } | undefined)?.value;
  if (typeof value === 'string') valuesSent.add(value);
  const res = await app.inject({ method, url, headers: bearer(tokens[who]), ...(payload ? { payload } : {}) });
  bodies.push(res.body);
  return res;
}

beforeAll(async () => {
  [acme, beta] = await Promise.all([startReceiver(), startReceiver()]);
  // The real app with workers, a key of its own, and a logger whose lines the tests read.
  const config = { ...loadConfig({ LOG_LEVEL: 'trace', WEBHOOK_ALLOW_HOSTS: '127.0.0.1' }), secretsKey: KEY };
  const orm = await createOrm(inject('databaseUrl'), 4);
  app = await buildApp({ orm, config, logger: { level: 'trace', stream: { write: (line: string) => void logLines.push(line) } }, workflows: { workers: true, pollingIntervalSeconds: 0.5 } });
  t = { app, orm, config, close: async () => { await app.close(); await orm.close(true); } };
  for (const [who, tenant, login] of [
    ['acmeDeployer', 'acme-chips', 'machao'], ['acmeAdmin', 'acme-chips', 'hefang'], ['acmeApprover', 'acme-chips', 'chenjing'], ['acmeDealer', 'acme-chips', 'd05.buyer'],
    ['betaDeployer', 'beta-tools', 'deployer'], ['betaAdmin', 'beta-tools', 'admin'],
  ] as const) tokens[who] = await loginAs(app, tenant, login);
});
afterAll(async () => {
  await t?.close();
  await Promise.all([acme, beta].map((r) => new Promise((resolve) => r?.server.close(resolve))));
});

function serviceFlow(key: string, url: string, secretRef: string) {
  return {
    key, name: { zh: '推送ERP', en: 'Push to ERP' }, variables: [{ name: 'orderNo', type: 'string' }],
    nodes: [
      { id: 'start', type: 'start', params: {} },
      { id: 'erp', type: 'service', params: { url, method: 'POST', secretRef, body: { orderNo: { $var: 'orderNo' } }, retry: { maxAttempts: 2, backoffSeconds: 1 } } },
      { id: 'ok', type: 'end', params: { outcome: 'APPROVED' } },
    ],
    edges: [{ id: 'e1', from: 'start', to: 'erp' }, { id: 'e2', from: 'erp', to: 'ok' }],
  };
}

/** A business admin authors and publishes a flow through the API (the publish checks run). */
async function publishThroughApi(admin: string, document: object): Promise<LightMyRequestResponse> {
  const key = (document as { key: string }).key;
  const created = await call(admin, 'POST', '/api/workflows', { document });
  expect(created.statusCode, created.body).toBe(201);
  return call(admin, 'POST', `/api/workflows/${key}/publish`);
}

async function startAndDeliver(admin: string, key: string, receiver: Receiver) {
  const orderNo = `PO-${randomUUID().slice(0, 8)}`;
  const started = await call(admin, 'POST', `/api/workflows/${key}/instances`, { variables: { orderNo }, idempotencyKey: uniqueKey('secret') });
  expect(started.statusCode, started.body).toBe(201);
  const id = started.json().id as string;
  await eventually(() => call(admin, 'GET', `/api/instances/${id}`), (r) => r.json().status === 'APPROVED', `instance ${key} delivered`);
  const request = receiver.received.find((r) => JSON.parse(r.body).orderNo === orderNo);
  expect(request, `the ${key} receiver got the call`).toBeDefined();
  return request!;
}

const secretsOf = async (who: string) => ((await call(who, 'GET', '/api/config/secrets')).json() as { name: string }[]).map((s) => s.name);

describe('webhook secrets are global (regression)', () => {
  it("signs each tenant's webhook with its own tenant's secret \"erp\" only: each receiver verifies with its own key, never the other's", async () => {
    for (const [who, value] of [['acmeDeployer', ACME_ERP], ['betaDeployer', BETA_ERP]] as const) {
      const set = await call(who, 'PUT', '/api/config/secrets/erp', { value });
      expect([200, 201], set.body).toContain(set.statusCode);
      expect(set.json()).toMatchObject({ name: 'erp' });
    }
    const acmeKey = `sec-acme-${randomUUID().slice(0, 8)}`;
    const betaKey = `sec-beta-${randomUUID().slice(0, 8)}`;
    expect((await publishThroughApi('acmeAdmin', serviceFlow(acmeKey, acme.url, 'erp'))).statusCode).toBe(200);
    // tenant B's admin publishes a service node with the same secretRef and its own URL
    expect((await publishThroughApi('betaAdmin', serviceFlow(betaKey, beta.url, 'erp'))).statusCode).toBe(200);

    const [toAcme, toBeta] = await Promise.all([startAndDeliver('acmeAdmin', acmeKey, acme), startAndDeliver('betaAdmin', betaKey, beta)]);
    expect(toAcme.signature).toBe(signWebhook(ACME_ERP, toAcme.timestamp, toAcme.body));
    expect(toAcme.signature).not.toBe(signWebhook(BETA_ERP, toAcme.timestamp, toAcme.body));
    expect(toBeta.signature).toBe(signWebhook(BETA_ERP, toBeta.timestamp, toBeta.body));
    expect(toBeta.signature).not.toBe(signWebhook(ACME_ERP, toBeta.timestamp, toBeta.body));
    // neither receiver ever got a call signed with the other tenant's key
    for (const r of acme.received) expect(r.signature).not.toBe(signWebhook(BETA_ERP, r.timestamp, r.body));
    for (const r of beta.received) expect(r.signature).not.toBe(signWebhook(ACME_ERP, r.timestamp, r.body));
  });

  it("a tenant cannot list, read, delete or use another tenant's secret (404), and setting the same name makes its own", async () => {
    const name = `only-acme-${randomUUID().slice(0, 8)}`;
    const value = `acme-only-${randomBytes(16).toString('hex')}`;
    expect((await call('acmeDeployer', 'PUT', `/api/config/secrets/${name}`, { value })).statusCode).toBe(201);
    const acmeView = (await call('acmeDeployer', 'GET', `/api/config/secrets/${name}`)).json();

    expect(await secretsOf('acmeDeployer')).toContain(name);
    expect(await secretsOf('betaDeployer')).not.toContain(name);
    expect(await secretsOf('betaAdmin')).not.toContain(name);
    for (const [method, url] of [['GET', `/api/config/secrets/${name}`], ['DELETE', `/api/config/secrets/${name}`]] as const) {
      const res = await call('betaDeployer', method, url);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('CFG_ERR_SECRET_NOT_FOUND');
    }

    // beta's admin publishing a flow that names acme's secret: refused at publish, with the pointer
    const key = `sec-steal-${randomUUID().slice(0, 8)}`;
    const refused = await publishThroughApi('betaAdmin', serviceFlow(key, beta.url, name));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().details.problems).toContainEqual(expect.objectContaining({ pointer: '/nodes/1/params/secretRef', nodeId: 'erp', code: 'CFG_ERR_UNKNOWN_SECRET' }));

    // and at delivery (a flow that got in without the check, as one published before it): an incident, nothing sent
    const sneaked = `sec-sneak-${randomUUID().slice(0, 8)}`;
    await publishTestFlow(t, 'beta-tools', serviceFlow(sneaked, beta.url, name));
    const before = beta.received.length;
    const id = (await call('betaAdmin', 'POST', `/api/workflows/${sneaked}/instances`, { variables: { orderNo: 'X' }, idempotencyKey: uniqueKey('sneak') })).json().id as string;
    const inst = await eventually(() => call('betaAdmin', 'GET', `/api/instances/${id}`), (r) => r.json().incidents?.length > 0, 'incident').then((r) => r.json());
    expect(inst.incidents[0]).toMatchObject({ nodeId: 'erp', code: 'FLW_ERR_SECRET_MISSING' });
    expect(beta.received.length).toBe(before);

    // beta setting the same name creates beta's own secret; acme's is untouched
    expect((await call('betaDeployer', 'PUT', `/api/config/secrets/${name}`, { value: `beta-own-${randomBytes(12).toString('hex')}` })).statusCode).toBe(201);
    expect((await call('acmeDeployer', 'GET', `/api/config/secrets/${name}`)).json()).toEqual(acmeView);
    expect((await call('betaDeployer', 'DELETE', `/api/config/secrets/${name}`)).statusCode).toBe(409); // the sneaked flow uses it now
    expect((await call('acmeDeployer', 'GET', `/api/config/secrets/${name}`)).statusCode).toBe(200);
  });

  it('a missing secret becomes an FLW_ERR_SECRET_MISSING incident without any call; once the deployer sets it, a retry delivers signed with it', async () => {
    const name = `late-${randomUUID().slice(0, 8)}`;
    const key = `sec-late-${randomUUID().slice(0, 8)}`;
    await publishTestFlow(t, 'acme-chips', serviceFlow(key, acme.url, name));
    const orderNo = `PO-${randomUUID().slice(0, 8)}`;
    const id = (await call('acmeAdmin', 'POST', `/api/workflows/${key}/instances`, { variables: { orderNo }, idempotencyKey: uniqueKey('late') })).json().id as string;
    const incident = await eventually(async () => ((await call('acmeAdmin', 'GET', '/api/admin/incidents')).json() as { id: string; instanceId: string; code: string }[]).find((i) => i.instanceId === id),
      (i) => i !== undefined, 'incident');
    expect(incident!.code).toBe('FLW_ERR_SECRET_MISSING');
    const failed = ((await call('acmeAdmin', 'GET', `/api/instances/${id}/timeline`)).json() as { type: string; data: { willRetry: boolean } }[]).filter((e) => e.type === 'serviceFailed');
    expect(failed.map((e) => e.data.willRetry)).toEqual([false]);
    expect(acme.received.filter((r) => JSON.parse(r.body).orderNo === orderNo)).toEqual([]);

    const value = `late-value-${randomBytes(16).toString('hex')}`;
    expect((await call('acmeDeployer', 'PUT', `/api/config/secrets/${name}`, { value })).statusCode).toBe(201);
    expect((await call('acmeAdmin', 'POST', `/api/admin/incidents/${incident!.id}/retry`)).statusCode).toBe(200);
    await eventually(() => call('acmeAdmin', 'GET', `/api/instances/${id}`), (r) => r.json().status === 'APPROVED', 'delivered after retry');
    const sent = acme.received.filter((r) => JSON.parse(r.body).orderNo === orderNo);
    expect(sent).toHaveLength(1);
    expect(sent[0].signature).toBe(signWebhook(value, sent[0].timestamp, sent[0].body));
  });
});

describe('managing secrets', () => {
  it('deployers set, replace and delete; business admins list names only; who and when are kept; values never answered', async () => {
    const name = `rotate-${randomUUID().slice(0, 8)}`;
    const first = `first-${randomBytes(16).toString('hex')}`;
    const second = `second-${randomBytes(16).toString('hex')}`;
    const created = await call('acmeDeployer', 'PUT', `/api/config/secrets/${name}`, { value: first });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ name, createdAt: expect.any(String), createdBy: 'machao', updatedAt: expect.any(String), updatedBy: 'machao' });
    const replaced = await call('acmeDeployer', 'PUT', `/api/config/secrets/${name}`, { value: second });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().createdAt).toBe(created.json().createdAt);
    expect(Date.parse(replaced.json().updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.json().updatedAt));

    const listed = (await call('acmeAdmin', 'GET', '/api/config/secrets')).json() as Record<string, unknown>[];
    expect(listed.find((s) => s.name === name)).toEqual(replaced.json());
    expect((await call('acmeAdmin', 'PUT', `/api/config/secrets/${name}`, { value: `x-${first}` })).statusCode).toBe(403);
    expect((await call('acmeAdmin', 'DELETE', `/api/config/secrets/${name}`)).statusCode).toBe(403);
    expect((await call('acmeApprover', 'GET', '/api/config/secrets')).statusCode).toBe(403);
    expect((await call('acmeDealer', 'GET', '/api/config/secrets')).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/config/secrets' })).statusCode).toBe(401);

    // a refused body is not echoed either
    const short = await call('acmeDeployer', 'PUT', `/api/config/secrets/${name}`, { value: 'short-xyz' });
    expect(short.statusCode).toBe(400);
    expect(short.body).not.toContain('short-xyz');
    expect((await call('acmeDeployer', 'PUT', '/api/config/secrets/bad%20name', { value: first })).statusCode).toBe(400);

    // stored sealed: neither value is in the row
    const [row] = await t.orm.em.fork().getConnection().execute<{ sealed: string }[]>('select sealed from tenant_secret where name = ?', [name]);
    expect(row.sealed).toMatch(/^v1:/);
    expect(row.sealed).not.toContain(second);
    expect(Buffer.from(row.sealed.split(':')[3], 'base64').toString('utf8')).not.toContain(second);

    expect((await call('acmeDeployer', 'DELETE', `/api/config/secrets/${name}`)).statusCode).toBe(204);
    expect(await secretsOf('acmeDeployer')).not.toContain(name);
    expect((await call('acmeDeployer', 'DELETE', `/api/config/secrets/${name}`)).statusCode).toBe(404);

    // the export and the deployment history carry no secret either
    await call('acmeDeployer', 'GET', '/api/config/export');
    await call('acmeDeployer', 'GET', '/api/config/deployments');
    for (const body of bodies) {
      for (const value of [first, second]) expect(body).not.toContain(value);
    }
  });

  it('eight deployers setting the same new secret at once all succeed: one creates it, the others replace it, one row remains', async () => {
    const name = `race-${randomUUID().slice(0, 8)}`;
    const values = Array.from({ length: 8 }, (_, i) => `race-${i}-${randomBytes(12).toString('hex')}`);
    const answers = await Promise.all(values.map((value) => call('acmeDeployer', 'PUT', `/api/config/secrets/${name}`, { value })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    const rows = await t.orm.em.fork().getConnection().execute<{ version: number }[]>('select version from tenant_secret where name = ?', [name]);
    expect(rows).toEqual([{ version: 8 }]);
  });

  it('refuses to delete a secret a published workflow signs with (409, with the workflow and pointer)', async () => {
    const name = `in-use-${randomUUID().slice(0, 8)}`;
    expect((await call('betaDeployer', 'PUT', `/api/config/secrets/${name}`, { value: randomBytes(24).toString('hex') })).statusCode).toBe(201);
    const key = `sec-use-${randomUUID().slice(0, 8)}`;
    expect((await publishThroughApi('betaAdmin', serviceFlow(key, beta.url, name))).statusCode).toBe(200);
    const refused = await call('betaDeployer', 'DELETE', `/api/config/secrets/${name}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().details.problems).toEqual([expect.objectContaining({ file: `workflows/${key}.json`, pointer: '/nodes/1/params/secretRef' })]);
    expect(await secretsOf('betaDeployer')).toContain(name);
  });

  it('a deploy (and its validation) refuses a workflow whose secretRef names no secret of the tenant, with file and pointer', async () => {
    const name = `deploy-${randomUUID().slice(0, 8)}`;
    const files = ((await call('betaDeployer', 'GET', '/api/config/export')).json() as { files: { path: string; content: string }[] }).files;
    const key = `sec-deploy-${randomUUID().slice(0, 8)}`;
    const workflow = { path: `workflows/${key}.json`, content: JSON.stringify({ $schema: 'FlowDefinition', ...serviceFlow(key, beta.url, name) }, null, 2) + '\n' };
    const bundle = { files: [...files, workflow] };

    const validated = (await call('betaDeployer', 'POST', '/api/config/validate', { bundle })).json();
    expect(validated.ok).toBe(false);
    expect(validated.problems).toEqual([expect.objectContaining({ file: workflow.path, pointer: '/nodes/1/params/secretRef', code: 'CFG_ERR_UNKNOWN_SECRET' })]);
    const deployed = await call('betaDeployer', 'POST', '/api/config/deploy', { bundle, dryRun: true });
    expect(deployed.statusCode).toBe(422);
    expect(deployed.json().details.problems).toEqual([expect.objectContaining({ file: workflow.path, pointer: '/nodes/1/params/secretRef', code: 'CFG_ERR_UNKNOWN_SECRET' })]);
    // acme having a secret of that name does not help beta
    expect((await call('acmeDeployer', 'PUT', `/api/config/secrets/${name}`, { value: randomBytes(24).toString('hex') })).statusCode).toBe(201);
    expect((await call('betaDeployer', 'POST', '/api/config/deploy', { bundle, dryRun: true })).statusCode).toBe(422);

    expect((await call('betaDeployer', 'PUT', `/api/config/secrets/${name}`, { value: randomBytes(24).toString('hex') })).statusCode).toBe(201);
    expect((await call('betaDeployer', 'POST', '/api/config/validate', { bundle })).json()).toMatchObject({ ok: true, problems: [] });
    const dryRun = await call('betaDeployer', 'POST', '/api/config/deploy', { bundle, dryRun: true });
    expect(dryRun.statusCode, dryRun.body).toBe(200);
  });

  it('without a key the server refuses to store a secret, and says which variable to set', async () => {
    const keyless = await createTestApp({ secretsKey: null });
    try {
      const token = await loginAs(keyless.app, 'acme-chips', 'machao');
      const res = await keyless.app.inject({ method: 'PUT', url: '/api/config/secrets/anything', headers: bearer(token), payload: { value: randomBytes(24).toString('hex') } });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'CFG_ERR_SECRETS_KEY_MISSING' });
      expect(res.json().message).toContain('SECRETS_KEY');
    } finally {
      await keyless.close();
    }
  });

  it('the channelflow CLI lists, sets (from an environment variable) and deletes secrets, never printing a value', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const server = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const token = (await call('acmeDeployer', 'POST', '/api/tokens', { name: `cli-${randomUUID().slice(0, 6)}` })).json().token as string;
    const name = `cli-${randomUUID().slice(0, 8)}`;
    const value = `cli-value-${randomBytes(16).toString('hex')}`;
    valuesSent.add(value);
    const run = async (env: Record<string, string>, ...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await cli(argv, { log: (l) => out.push(l), error: (l) => err.push(l) }, env);
      const all = [...out, ...err].join('\n');
      expect(all).not.toContain(value);
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const set = await run({ ERP_KEY: value }, 'secrets', 'set', name, '--from-env', 'ERP_KEY', '--server', server, '--token', token);
    expect(set.code, set.err).toBe(0);
    expect(set.out).toContain(`secret ${name} set`);
    expect((await run({}, 'secrets', 'list', '--server', server, '--token', token)).out).toMatch(new RegExp(`^${name}\\tupdated .* by machao`, 'm'));
    expect((await run({}, 'secrets', 'set', name, '--from-env', 'NOT_SET', '--server', server, '--token', token)).code).toBe(2);
    expect((await run({}, 'secrets', 'frobnicate', '--server', server, '--token', token)).code).toBe(2);
    const adminToken = tokens.acmeAdmin;
    const refused = await run({ ERP_KEY: value }, 'secrets', 'set', name, '--from-env', 'ERP_KEY', '--server', server, '--token', adminToken);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('403 AUTH_ERR_FORBIDDEN');
    const betaDelete = await run({}, 'secrets', 'delete', name, '--server', server, '--token', tokens.betaDeployer);
    expect(betaDelete.code).toBe(1);
    expect(betaDelete.err).toContain('404 CFG_ERR_SECRET_NOT_FOUND');
    expect((await run({}, 'secrets', 'delete', name, '--server', server, '--token', token)).code).toBe(0);
    expect((await run({}, 'secrets', 'list', '--server', server, '--token', token)).out).not.toContain(name);
  });

  it('no secret value this file sent ever reached the log or a response', () => {
    const log = logLines.join('');
    expect(log).toContain('tenant secret set');
    expect(valuesSent.size).toBeGreaterThan(10);
    for (const value of valuesSent) {
      expect(log).not.toContain(value);
      for (const body of bodies) expect(body).not.toContain(value);
    }
  });
});

describe('sealing and the key', () => {
  it('a sealed value opens only with its key, for its own tenant and name', () => {
    const [tenantA, tenantB] = [randomUUID(), randomUUID()];
    const sealed = sealSecret(KEY, tenantA, 'erp', ACME_ERP);
    expect(sealed).not.toContain(ACME_ERP);
    expect(sealSecret(KEY, tenantA, 'erp', ACME_ERP)).not.toBe(sealed); // a fresh nonce each time
    expect(openSecret(KEY, tenantA, 'erp', sealed)).toBe(ACME_ERP);
    expect(openSecret(KEY, tenantB, 'erp', sealed)).toBeNull();
    expect(openSecret(KEY, tenantA, 'crm', sealed)).toBeNull();
    expect(openSecret(randomBytes(32), tenantA, 'erp', sealed)).toBeNull();
    const [v, nonce, tag, ct] = sealed.split(':');
    const flipped = Buffer.from(ct, 'base64');
    flipped[0] ^= 1;
    expect(openSecret(KEY, tenantA, 'erp', [v, nonce, tag, flipped.toString('base64')].join(':'))).toBeNull();
  });

  it('SECRETS_KEY takes 32 bytes as base64 or hex and refuses anything else', () => {
    const key = randomBytes(32);
    expect(loadConfig({ SECRETS_KEY: key.toString('base64') }).secretsKey).toEqual(key);
    expect(loadConfig({ SECRETS_KEY: key.toString('hex') }).secretsKey).toEqual(key);
    expect(loadConfig({}).secretsKey).toBeNull();
    expect(() => loadConfig({ SECRETS_KEY: 'too-short' })).toThrow(ConfigError);
    expect(() => loadConfig({ SECRETS_KEY: randomBytes(16).toString('base64') })).toThrow(/SECRETS_KEY must be 32 random bytes/);
  });

  it('the embedded default makes its key file once, mode 0600, and reads the same key on every later start; with DATABASE_URL it makes none', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cf-secrets-key-'));
    try {
      const dataDir = path.join(dir, 'data');
      const base = loadConfig({ DATA_DIR: dataDir });
      const first = withEmbeddedSecretsKey(base).secretsKey!;
      expect(first).toHaveLength(32);
      const file = path.join(dataDir, 'secrets.key');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(withEmbeddedSecretsKey(base).secretsKey).toEqual(first);
      expect(readOrCreateSecretsKeyFile(dataDir)).toEqual(first);
      expect(readFileSync(file, 'utf8').trim()).toBe(first.toString('base64'));
      const given = randomBytes(32);
      expect(withEmbeddedSecretsKey({ ...base, secretsKey: given }).secretsKey).toEqual(given);
      const external = loadConfig({ DATA_DIR: path.join(dir, 'other'), DATABASE_URL: 'postgres://u@127.0.0.1:5432/db' });
      expect(withEmbeddedSecretsKey(external).secretsKey).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('six servers starting at once on a fresh DATA_DIR all read the one key the first of them wrote', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cf-secrets-race-'));
    try {
      const module = path.resolve('server/secrets/secrets-key-file.ts');
      const script = `const { readOrCreateSecretsKeyFile } = await import(${JSON.stringify(module)}); process.stdout.write(readOrCreateSecretsKeyFile(${JSON.stringify(dir)}).toString('base64'));`;
      const keys = await Promise.all(Array.from({ length: 6 }, () => new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (c) => (out += c));
        child.stderr.on('data', (c) => (err += c));
        child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
      })));
      expect(new Set(keys).size).toBe(1);
      expect(Buffer.from(keys[0], 'base64')).toHaveLength(32);
      expect(readdirSync(dir)).toEqual(['secrets.key']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the former global CF_WEBHOOK_SECRET_* variables are not read; a server that has them names them (not their values) once at start', () => {
    const warnings: { obj: object; msg: string }[] = [];
    const names = warnOfGlobalSecretVariables({ CF_WEBHOOK_SECRET_ERP: ACME_ERP, PATH: '/bin' }, { warn: (obj, msg) => warnings.push({ obj, msg }) });
    expect(names).toEqual(['CF_WEBHOOK_SECRET_ERP']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toContain('channelflow secrets set');
    expect(JSON.stringify(warnings)).not.toContain(ACME_ERP);
    expect(warnOfGlobalSecretVariables({ PATH: '/bin' }, { warn: () => { throw new Error('no warning expected'); } })).toEqual([]);
  });
});
