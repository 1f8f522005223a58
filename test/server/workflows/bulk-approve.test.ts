import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../../support/fixtures.js';
import type { TestApp } from '../../support/test-app.js';
import { approvalFlow } from '../../rules/flow/flow-harness.js';
import { createWorkflowApp, orderVariables, publishTestFlow, uniqueKey } from './workflow-test-support.js';

/** A logged-in user speaking to the app over real HTTP on 127.0.0.1. */
class HttpClient {
  constructor(readonly base: string, readonly token: string) {}

  static async login(base: string, tenant: string, login: string): Promise<HttpClient> {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant, login, password: TEST_PASSWORD }) });
    if (res.status !== 200) throw new Error(`login ${login}: ${res.status}`);
    return new HttpClient(base, (await res.json()).token);
  }

  async call(method: string, path: string, body?: unknown, lang = 'zh'): Promise<{ status: number; json: any }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'accept-language': lang, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  }

  get = (path: string) => this.call('GET', path);
  post = (path: string, body: unknown = {}, lang?: string) => this.call('POST', path, body, lang);
  id = async () => (await this.get('/api/me')).json.id as string;
}

let t: TestApp;
let d05: HttpClient, d06: HttpClient, chenjing: HttpClient, zhoutao: HttpClient, sunli: HttpClient, hefang: HttpClient, beta: HttpClient;

beforeAll(async () => {
  t = await createWorkflowApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  [d05, d06, chenjing, zhoutao, sunli, hefang, beta] = await Promise.all([
    HttpClient.login(base, 'acme-chips', 'd05.buyer'), HttpClient.login(base, 'acme-chips', 'd06.buyer'), HttpClient.login(base, 'acme-chips', 'chenjing'),
    HttpClient.login(base, 'acme-chips', 'zhoutao'), HttpClient.login(base, 'acme-chips', 'sunli'),
    HttpClient.login(base, 'acme-chips', 'hefang'), HttpClient.login(base, 'beta-tools', 'admin'),
  ]);
});
afterAll(async () => t?.close());

/** A D05 order over 1,000,000.00: chenjing (RSM R-SOUTH) first, then zhoutao. */
async function startD05Order(label: string) {
  const res = await d05.post('/api/workflows/dealer-order-approval/instances', { variables: orderVariables('D05', 30000), idempotencyKey: uniqueKey(label) });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json as { id: string; pendingTasks: { id: string; assignee: string }[] };
}

/** A flow of the tenant whose one approval goes to the given user, started by `starter`. */
async function startSingleApproverFlow(tenant: string, starter: HttpClient, approverId: string) {
  const key = `bulk-${randomUUID().slice(0, 8)}`;
  await publishTestFlow(t, tenant, { ...approvalFlow({ mode: 'SINGLE', assignees: [{ kind: 'user', users: [approverId] }] }), key });
  const res = await starter.post(`/api/workflows/${key}/instances`, { variables: {}, idempotencyKey: uniqueKey(key) });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json as { id: string; pendingTasks: { id: string }[] };
}

describe('POST /api/tasks/bulk-approve', () => {
  it('approves each task on its own: refusals (done, not mine, not visible, another tenant) leave the others approved', async () => {
    const [a, b, c] = [await startD05Order('bulk-a'), await startD05Order('bulk-b'), await startD05Order('bulk-c')];
    // A: chenjing already approved → her task is done and zhoutao's (visible to her: she took part) is pending.
    expect((await chenjing.post(`/api/tasks/${a.pendingTasks[0].id}/approve`, { comment: '单独同意' })).status).toBe(200);
    const aAfter = (await chenjing.get(`/api/instances/${a.id}`)).json;
    const zhoutaoOnA = aAfter.pendingTasks[0].id as string;
    // sunli's own flow: chenjing takes no part in it.
    const sunliFlow = await startSingleApproverFlow('acme-chips', hefang, await sunli.id());
    const betaFlow = await startSingleApproverFlow('beta-tools', beta, await beta.id());

    const ids = [b.pendingTasks[0].id, a.pendingTasks[0].id, zhoutaoOnA, sunliFlow.pendingTasks[0].id, betaFlow.pendingTasks[0].id, randomUUID(), c.pendingTasks[0].id];
    const res = await chenjing.post('/api/tasks/bulk-approve', { taskIds: ids, comment: '批量同意' });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const results = res.json.results as { taskId: string; ok: boolean; instanceStatus?: string; error?: { code: string; message: string } }[];
    expect(results.map((r) => r.taskId)).toEqual(ids);
    expect(results.map((r) => (r.ok ? 'ok' : r.error!.code))).toEqual([
      'ok', 'FLW_ERR_TASK_NOT_PENDING', 'FLW_ERR_NOT_ASSIGNEE', 'CF_ERR_NOT_FOUND', 'CF_ERR_NOT_FOUND', 'CF_ERR_NOT_FOUND', 'ok',
    ]);
    expect(results[0]).toMatchObject({ instanceId: b.id, instanceStatus: 'RUNNING' });
    expect(results[1].error!.message).toBe('审批任务已处理');
    expect(results[3].error!.message).toBe('记录不存在');

    // The approvals happened, with the comment; the refused tasks are untouched.
    for (const inst of [b, c]) {
      const view = (await chenjing.get(`/api/instances/${inst.id}`)).json;
      expect(view.tasks[0]).toMatchObject({ status: 'APPROVED', comment: '批量同意' });
      expect(view.pendingTasks.map((p: { assignee: string }) => p.assignee)).toEqual([await zhoutao.id()]);
    }
    expect((await zhoutao.get(`/api/instances/${a.id}`)).json.pendingTasks.map((p: { id: string }) => p.id)).toEqual([zhoutaoOnA]);
    expect((await sunli.get(`/api/instances/${sunliFlow.id}`)).json.status).toBe('RUNNING');
    expect((await beta.get(`/api/instances/${betaFlow.id}`)).json).toMatchObject({ status: 'RUNNING', pendingTasks: [{ id: betaFlow.pendingTasks[0].id }] });
    // Another tenant's task is not even revealed to exist: the same answer as an unknown id.
    expect(results[4].error).toEqual(results[5].error);

    // zhoutao finishes B and C in one go: both approval nodes complete APPROVED (what follows them is the flow's business).
    const mine = (await zhoutao.get('/api/tasks?box=todo')).json.tasks.filter((x: { instanceId: string }) => x.instanceId === b.id || x.instanceId === c.id);
    expect(mine).toHaveLength(2);
    const second = await zhoutao.post('/api/tasks/bulk-approve', { taskIds: mine.map((x: { id: string }) => x.id) }, 'en');
    expect(second.json.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, true]);
    for (const inst of [b, c]) {
      const events = (await d05.get(`/api/instances/${inst.id}/timeline`)).json as { type: string; data: { outcome?: string; approved?: number } }[];
      expect(events.find((e) => e.type === 'approvalCompleted')?.data).toMatchObject({ outcome: 'APPROVED', approved: 2 });
    }
    // sunli's single-approval flow ends with her bulk approval: the result carries the instance's new status.
    const last = await sunli.post('/api/tasks/bulk-approve', { taskIds: [sunliFlow.pendingTasks[0].id] });
    expect(last.json.results).toEqual([{ taskId: sunliFlow.pendingTasks[0].id, ok: true, instanceId: sunliFlow.id, instanceStatus: 'APPROVED' }]);
    expect((await hefang.get(`/api/instances/${sunliFlow.id}`)).json.status).toBe('APPROVED');
  });

  it('answers a repeated batch with TASK_NOT_PENDING for each task, approving nothing twice', async () => {
    const inst = await startD05Order('bulk-repeat');
    const body = { taskIds: [inst.pendingTasks[0].id] };
    expect((await chenjing.post('/api/tasks/bulk-approve', body)).json.results[0].ok).toBe(true);
    const again = (await chenjing.post('/api/tasks/bulk-approve', body, 'en')).json.results[0];
    expect(again).toMatchObject({ ok: false, error: { code: 'FLW_ERR_TASK_NOT_PENDING', message: 'The task is no longer pending' } });
    const timeline = (await chenjing.get(`/api/instances/${inst.id}/timeline`)).json as { type: string }[];
    expect(timeline.filter((e) => e.type === 'taskApproved')).toHaveLength(1);
  });

  it('refuses a bad body with 400 and the pointer of each problem, approving nothing', async () => {
    const inst = await startD05Order('bulk-bad');
    const taskId = inst.pendingTasks[0].id;
    const cases: [unknown, string[]][] = [
      [{}, ['/taskIds']],
      [{ taskIds: [] }, ['/taskIds']],
      [{ taskIds: [taskId, taskId] }, ['/taskIds']],
      [{ taskIds: ['not-a-uuid'] }, ['/taskIds/0']],
      [{ taskIds: Array.from({ length: 101 }, () => randomUUID()) }, ['/taskIds']],
      [{ taskIds: [taskId], comment: 'x'.repeat(2001), extra: true }, ['/comment', '/extra']],
    ];
    for (const [body, pointers] of cases) {
      const res = await chenjing.post('/api/tasks/bulk-approve', body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.json).toMatchObject({ code: 'CF_ERR_VALIDATION', message: '请求数据不合法' });
      expect(res.json.details.problems.map((p: { pointer: string }) => p.pointer).sort()).toEqual(pointers);
      expect(res.json.details.problems.every((p: { in: string }) => p.in === 'body')).toBe(true);
    }
    expect((await chenjing.get(`/api/instances/${inst.id}`)).json.pendingTasks[0].id).toBe(taskId);
  });
});

describe('GET /api/inbox', () => {
  it('lists my tasks with flow, dealer, order amount, node and counts; another tenant sees none of them', async () => {
    const inst = await startD05Order('inbox-rows');
    const res = await chenjing.get('/api/inbox?box=todo');
    expect(res.status).toBe(200);
    const row = res.json.rows.find((r: { instanceId: string }) => r.instanceId === inst.id);
    expect(row).toMatchObject({
      taskId: inst.pendingTasks[0].id, taskStatus: 'PENDING', definitionKey: 'dealer-order-approval',
      flowName: { zh: '经销商订单审批' }, nodeId: 'approvals', nodeName: { zh: '依次审批' },
      dealer: { code: 'D05' }, order: { orderAmount: expect.stringMatching(/^\d+\.\d{2}$/) }, sla: { state: 'ON_TRACK' },
    });
    expect(res.json.counts.todo).toBe(res.json.rows.length);
    const detail = await chenjing.get(`/api/inbox/tasks/${inst.pendingTasks[0].id}`);
    expect(detail.status).toBe(200);
    expect(detail.json).toMatchObject({ kind: 'APPROVAL', fieldPermissions: { order: 'READ' }, form: { key: 'dealer-order', schema: { properties: { lines: { type: 'array' } } } }, returnTargets: [{ nodeId: 'start' }] });
    expect((await beta.get(`/api/inbox/tasks/${inst.pendingTasks[0].id}`)).status).toBe(404);
    expect((await zhoutao.get(`/api/inbox/tasks/${inst.pendingTasks[0].id}`)).status).toBe(404);
    expect((await beta.get('/api/inbox?box=todo')).json.rows.map((r: { instanceId: string }) => r.instanceId)).not.toContain(inst.id);
    expect((await d06.get(`/api/inbox/tasks/${inst.pendingTasks[0].id}`)).status).toBe(404);
    // 我发起的: the dealer buyer opens its own instance without a task; another dealer and another tenant get 404.
    const started = (await d05.get('/api/inbox?box=started')).json;
    expect(started.rows.find((r: { instanceId: string }) => r.instanceId === inst.id)).toMatchObject({ taskId: null, nodeId: 'approvals', dealer: { code: 'D05' } });
    expect(started.counts.started).toBeGreaterThanOrEqual(1);
    const own = await d05.get(`/api/inbox/instances/${inst.id}`);
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({ kind: null, assignee: null, returnTargets: [], form: { key: 'dealer-order' } });
    for (const c of [d06, beta, zhoutao]) expect((await c.get(`/api/inbox/instances/${inst.id}`)).status).toBe(404);
    expect((await d06.get('/api/inbox?box=started')).json.rows.map((r: { instanceId: string }) => r.instanceId)).not.toContain(inst.id);
    expect((await d05.get('/api/inbox/users')).status).toBe(403);
    const users = (await chenjing.get('/api/inbox/users')).json as { login: string }[];
    expect(users.map((u) => u.login)).toContain('zhoutao');
    expect((await beta.get('/api/inbox/users')).json.map((u: { login: string }) => u.login)).not.toContain('zhoutao');
    expect((await chenjing.get('/api/inbox?box=all')).json.details.problems[0]).toMatchObject({ in: 'querystring', pointer: '/box' });
  });
});
