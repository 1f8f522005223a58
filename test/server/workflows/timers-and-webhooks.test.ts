import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from '../../../server/workflows/webhook-delivery.js';
import type { RuntimeClock } from '../../../server/workflows/workflow-runtime.js';
import { bearer, createTestApp, loginAs, type TestApp } from '../../support/test-app.js';
import { anyOfFlow, Client, publishTestFlow, uniqueKey } from './workflow-test-support.js';

/** Engine time starts on a working Tuesday (Asia/Shanghai) and runs 43,200× faster: a working day passes in about 2 s. */
const SPEED = 43_200;
const engineStart = Date.parse('2025-09-23T10:00:00+08:00');
const realStart = Date.now();
const fastClock: RuntimeClock = {
  now: () => new Date(engineStart + (Date.now() - realStart) * SPEED),
  toRealTime: (d) => new Date(realStart + (d.getTime() - engineStart) / SPEED),
};

const SECRET = 'erp-webhook-secret';
let t: TestApp;
let hook: Server;
let hookUrl: string;
const received: { body: string; signature: string; timestamp: string; idempotencyKey: string }[] = [];
let failuresLeft = 0;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => { let s = ''; req.on('data', (c) => (s += c)); req.on('end', () => resolve(s)); });
}

beforeAll(async () => {
  hook = createServer(async (req, res) => {
    const body = await readBody(req);
    received.push({ body, signature: String(req.headers[SIGNATURE_HEADER]), timestamp: String(req.headers[TIMESTAMP_HEADER]), idempotencyKey: String(req.headers['idempotency-key']) });
    if (failuresLeft > 0) {
      failuresLeft--;
      res.writeHead(503).end('busy');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ erpOrderNo: 'SO-1001' }));
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/erp/orders`;
  t = await createTestApp({ secretsKey: randomBytes(32) }, { workflows: { workers: true, pollingIntervalSeconds: 0.5, clock: fastClock } });
  // The service nodes sign with acme-chips' own secret "erp", set by its deployer.
  const deployer = await loginAs(t.app, 'acme-chips', 'machao');
  const set = await t.app.inject({ method: 'PUT', url: '/api/config/secrets/erp', headers: bearer(deployer), payload: { value: SECRET } });
  if (set.statusCode >= 300) throw new Error(`setting the secret failed: ${set.body}`);
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => hook?.close(resolve));
});

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function serviceFlow(key: string, retry: Record<string, number>) {
  return {
    key, name: { zh: '推送ERP', en: 'Push to ERP' }, variables: [{ name: 'orderNo', type: 'string' }],
    nodes: [
      { id: 'start', type: 'start', params: {} },
      { id: 'erp', type: 'service', params: { url: hookUrl, method: 'POST', secretRef: 'erp', body: { orderNo: { $var: 'orderNo' } }, retry, resultVariable: 'erp' } },
      { id: 'ok', type: 'end', params: { outcome: 'APPROVED' } },
    ],
    edges: [{ id: 'e1', from: 'start', to: 'erp' }, { id: 'e2', from: 'erp', to: 'ok' }],
  };
}

type Event = { type: string; actor: string; data: Record<string, any> };

describe('SLA timers on pg-boss', () => {
  it('escalates after 2 working hours and auto-approves after 1 working day, each timer firing once', async () => {
    const key = `sla-${randomUUID().slice(0, 8)}`;
    await publishTestFlow(t, 'acme-chips', anyOfFlow(key, { sla: { escalateAfterWorkingHours: 2, escalateToRole: 'SALES_DIRECTOR', autoDecideAfterWorkingDays: 1, autoDecision: 'APPROVE' } }));
    const admin = await Client.login(t.app, 'acme-chips', 'hefang');
    const started = await admin.post(`/api/workflows/${key}/instances`, { variables: {}, idempotencyKey: uniqueKey('sla') });
    expect(started.statusCode, started.body).toBe(201);
    const id = started.json().id as string;
    const ended = await waitFor('auto-approval', async () => {
      const inst = (await admin.get(`/api/instances/${id}`)).json();
      return inst.status === 'APPROVED' && inst;
    });
    const timeline = (await admin.get(`/api/instances/${id}/timeline`)).json() as Event[];
    const types = timeline.map((e) => e.type);
    expect(types.indexOf('taskEscalated')).toBeGreaterThan(-1);
    expect(types.indexOf('taskEscalated')).toBeLessThan(types.indexOf('taskApproved'));
    expect(timeline.filter((e) => e.type === 'taskEscalated')).toHaveLength(3);
    const approved = timeline.filter((e) => e.type === 'taskApproved');
    expect(approved).toHaveLength(1);
    expect(approved[0]).toMatchObject({ actor: 'system', data: { autoReason: 'TIMEOUT' } });
    expect(ended.tasks.some((x: { autoReason?: string }) => x.autoReason === 'TIMEOUT')).toBe(true);
  });
});

describe('webhook outbox', () => {
  it('delivers a service call signed with HMAC-SHA256 and continues the flow with the response', async () => {
    const key = `hook-${randomUUID().slice(0, 8)}`;
    await publishTestFlow(t, 'acme-chips', serviceFlow(key, { maxAttempts: 3, backoffSeconds: 1, factor: 2 }));
    const admin = await Client.login(t.app, 'acme-chips', 'hefang');
    const orderNo = `PO-${randomUUID().slice(0, 6)}`;
    const id = (await admin.post(`/api/workflows/${key}/instances`, { variables: { orderNo }, idempotencyKey: uniqueKey('hook') })).json().id as string;
    const inst = await waitFor('delivery', async () => {
      const i = (await admin.get(`/api/instances/${id}`)).json();
      return i.status === 'APPROVED' && i;
    });
    expect(inst.variables.erp).toMatchObject({ erpOrderNo: 'SO-1001' });
    const req = received.find((r) => JSON.parse(r.body).orderNo === orderNo)!;
    expect(req.signature).toBe(signWebhook(SECRET, req.timestamp, req.body));
    expect(req.idempotencyKey).toContain(id);
    const types = ((await admin.get(`/api/instances/${id}/timeline`)).json() as Event[]).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['serviceCalled', 'serviceSucceeded', 'instanceEnded']));
  });

  it('retries with backoff, raises an incident after the last try, and an admin retry completes it', async () => {
    const key = `hook-fail-${randomUUID().slice(0, 8)}`;
    await publishTestFlow(t, 'acme-chips', serviceFlow(key, { maxAttempts: 2, backoffSeconds: 1, factor: 2 }));
    const admin = await Client.login(t.app, 'acme-chips', 'hefang');
    const orderNo = `PO-${randomUUID().slice(0, 6)}`;
    failuresLeft = 2;
    const id = (await admin.post(`/api/workflows/${key}/instances`, { variables: { orderNo }, idempotencyKey: uniqueKey('hook-fail') })).json().id as string;
    const incident = await waitFor('incident', async () => {
      const list = (await admin.get('/api/admin/incidents')).json() as { id: string; instanceId: string; code: string }[];
      return list.find((i) => i.instanceId === id);
    });
    expect(incident.code).toBe('FLW_ERR_SERVICE_FAILED');
    const attempts = received.filter((r) => JSON.parse(r.body).orderNo === orderNo);
    expect(attempts).toHaveLength(2);
    expect(new Set(attempts.map((a) => a.idempotencyKey)).size).toBe(2);
    const failed = ((await admin.get(`/api/instances/${id}/timeline`)).json() as Event[]).filter((e) => e.type === 'serviceFailed');
    expect(failed.map((e) => e.data.willRetry)).toEqual([true, false]);

    const approver = await Client.login(t.app, 'acme-chips', 'chenjing');
    expect((await approver.post(`/api/admin/incidents/${incident.id}/retry`)).statusCode).toBe(403);
    const retried = await admin.post(`/api/admin/incidents/${incident.id}/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    await waitFor('completion after retry', async () => (await admin.get(`/api/instances/${id}`)).json().status === 'APPROVED');
    expect(((await admin.get('/api/admin/incidents')).json() as { instanceId: string }[]).map((i) => i.instanceId)).not.toContain(id);
  });
});
