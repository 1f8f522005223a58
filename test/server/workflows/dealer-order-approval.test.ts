import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/test-app.js';
import { Client, createWorkflowApp, orderVariables, uniqueKey } from './workflow-test-support.js';

let t: TestApp;
let d05: Client, d06: Client, chenjing: Client, zhoutao: Client, wanglei: Client, hefang: Client, beta: Client;
let ids: Record<string, string>;

beforeAll(async () => {
  t = await createWorkflowApp();
  [d05, d06, chenjing, zhoutao, wanglei, hefang, beta] = await Promise.all([
    Client.login(t.app, 'acme-chips', 'd05.buyer'), Client.login(t.app, 'acme-chips', 'd06.buyer'),
    Client.login(t.app, 'acme-chips', 'chenjing'), Client.login(t.app, 'acme-chips', 'zhoutao'),
    Client.login(t.app, 'acme-chips', 'wanglei'), Client.login(t.app, 'acme-chips', 'hefang'),
    Client.login(t.app, 'beta-tools', 'admin'),
  ]);
  ids = Object.fromEntries(await Promise.all(Object.entries({ d05, chenjing, zhoutao }).map(async ([k, c]) => [k, (await c.me()).id])));
});
afterAll(async () => t?.close());

const todo = async (c: Client) => (await c.get('/api/tasks?box=todo')).json().tasks as { id: string; instanceId: string; nodeId: string }[];
const done = async (c: Client) => (await c.get('/api/tasks?box=done')).json().tasks as { id: string; instanceId: string; status: string }[];

describe('workflow definitions', () => {
  it('serves the node-type registry and the published acme-chips workflows', async () => {
    const types = (await hefang.get('/api/node-types')).json();
    expect(Object.keys(types)).toEqual(expect.arrayContaining(['start', 'approval', 'rule', 'exclusiveGateway', 'end']));
    expect(types.approval.ports.out.map((p: { name: string }) => p.name)).toEqual(['approved', 'rejected']);
    const list = (await d05.get('/api/workflows')).json();
    expect(list.map((w: { key: string }) => w.key)).toEqual(expect.arrayContaining(['dealer-order-approval', 'dealer-onboarding']));
    const versions = await hefang.get('/api/workflows/dealer-order-approval/versions');
    expect(versions.statusCode).toBe(200);
    expect(versions.json()[0]).toMatchObject({ key: 'dealer-order-approval', status: 'PUBLISHED', document: { key: 'dealer-order-approval' } });
    expect((await hefang.get('/api/workflows/no-such-flow/versions')).statusCode).toBe(404);
  });
});

describe('dealer order approval (acme-chips)', () => {
  it('a D05 order over 1,000,000.00 goes RSM(R-SOUTH) → SALES_DIRECTOR; after chenjing and zhoutao approve, the flow moves on to the order records', async () => {
    const started = await d05.post('/api/workflows/dealer-order-approval/instances', { variables: orderVariables('D05', 30000) }, { 'idempotency-key': uniqueKey('d05-order') });
    expect(started.statusCode, started.body).toBe(201);
    const inst = started.json();
    expect(inst).toMatchObject({ status: 'RUNNING', definitionKey: 'dealer-order-approval', initiator: ids.d05, created: true });
    expect(inst.variables.routing.steps).toEqual([{ role: 'REGIONAL_SALES_MANAGER', region: 'R-SOUTH' }, { role: 'SALES_DIRECTOR' }]);
    expect(inst.pendingTasks.map((p: { assignee: string }) => p.assignee)).toEqual([ids.chenjing]);

    // 待办: chenjing has it, zhoutao and wanglei (R-EAST) do not; 我发起的: the dealer buyer sees it.
    expect((await todo(chenjing)).map((x) => x.instanceId)).toContain(inst.id);
    expect((await todo(zhoutao)).map((x) => x.instanceId)).not.toContain(inst.id);
    expect((await todo(wanglei)).map((x) => x.instanceId)).not.toContain(inst.id);
    const started1 = (await d05.get('/api/tasks?box=started')).json().instances;
    expect(started1.find((i: { id: string }) => i.id === inst.id)).toMatchObject({ status: 'RUNNING' });

    // zhoutao may not act on chenjing's task: the machine's 403.
    const first = (await todo(chenjing)).find((x) => x.instanceId === inst.id)!;
    const wrong = await zhoutao.post(`/api/tasks/${first.id}/approve`, {});
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('FLW_ERR_NOT_ASSIGNEE');

    const afterFirst = await chenjing.post(`/api/tasks/${first.id}/approve`, { comment: '同意' });
    expect(afterFirst.statusCode, afterFirst.body).toBe(200);
    expect(afterFirst.json()).toMatchObject({ status: 'RUNNING', changed: true });
    expect((await todo(chenjing)).map((x) => x.instanceId)).not.toContain(inst.id);
    expect((await done(chenjing)).find((x) => x.instanceId === inst.id)).toMatchObject({ status: 'APPROVED' });
    const second = (await todo(zhoutao)).find((x) => x.instanceId === inst.id)!;
    expect(second).toBeDefined();

    // A repeated approval of the decided task is refused clearly.
    const again = await chenjing.post(`/api/tasks/${first.id}/approve`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('FLW_ERR_TASK_NOT_PENDING');

    const end = await zhoutao.post(`/api/tasks/${second.id}/approve`, {});
    expect(end.statusCode, end.body).toBe(200);
    // Approved: the action nodes (confirm price, consume offset, allocate stock) take over. Started without an
    // order record and with no workers here, the instance waits on the first of them (the whole loop runs in
    // test/server/dms/order-loop.test.ts).
    expect(end.json()).toMatchObject({ status: 'RUNNING', pendingTasks: [] });
    expect((await todo(zhoutao)).map((x) => x.instanceId)).not.toContain(inst.id);
    expect((await done(zhoutao)).map((x) => x.instanceId)).toContain(inst.id);

    const timeline = (await d05.get(`/api/instances/${inst.id}/timeline`)).json() as { sequence: number; type: string; actor: string; data: any }[];
    expect(timeline.map((e) => e.sequence)).toEqual(timeline.map((_, i) => i + 1));
    const rules = timeline.filter((e) => e.type === 'ruleEvaluated');
    // The order arrives priced: the flow's only rule node is the approval routing.
    expect(rules.map((e) => e.data.ruleSetKey)).toEqual(['order-approval-routing']);
    expect(rules.every((e) => e.data.trace.length > 0 && typeof e.data.version === 'number')).toBe(true);
    expect(timeline.filter((e) => e.type === 'taskApproved').map((e) => e.actor)).toEqual([ids.chenjing, ids.zhoutao]);
    expect(timeline[0]).toMatchObject({ type: 'instanceStarted', actor: ids.d05 });
    expect(timeline.at(-1)).toMatchObject({ type: 'serviceCalled', data: { nodeId: 'confirmPrice', attempt: 1 } });
  });

  it('a D08 order is REJECTED by the pre-check without any task', async () => {
    const login = `d08.buyer.${Date.now()}`;
    const created = await hefang.post('/api/users', { login, displayName: 'D08 采购', password: 'test-password-123', systemRoles: ['DEALER_USER'], dealerCode: 'D08' });
    expect(created.statusCode, created.body).toBe(201);
    expect((await hefang.post(`/api/users/${created.json().id}/roles`, { roleCode: 'DEALER_PURCHASER' })).statusCode).toBeLessThan(300);
    const d08 = await Client.login(t.app, 'acme-chips', login);
    const res = await d08.post('/api/workflows/dealer-order-approval/instances', { variables: orderVariables('D08', 1000, { maxDaysOverdue: 120 }), idempotencyKey: uniqueKey('d08-order') });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'REJECTED', pendingTasks: [], tasks: [] });
    expect(res.json().variables.routing.reasonCodes).toEqual(['DEALER_NOT_ACTIVE', 'OVERDUE_OVER_90_DAYS']);
    const timeline = (await d08.get(`/api/instances/${res.json().id}/timeline`)).json();
    expect(timeline.at(-1)).toMatchObject({ type: 'instanceEnded', data: { outcome: 'REJECTED', nodeId: 'rejected' } });
  });

  it('the dealer master data overrides what the form claims (status, credit limit)', async () => {
    const res = await d05.post('/api/workflows/dealer-order-approval/instances', {
      variables: orderVariables('D05', 100, { status: 'ACTIVE', creditLimit: '99999999.00' }), idempotencyKey: uniqueKey('d05-master'),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().variables.dealer).toMatchObject({ code: 'D05', creditLimit: '10000000.00', tier: 'PLATINUM' });
  });

  it('a dealer user may not start for another dealer', async () => {
    const res = await d06.post('/api/workflows/dealer-order-approval/instances', { variables: orderVariables('D05', 10), idempotencyKey: uniqueKey('d06-as-d05') });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FLW_ERR_NOT_ALLOWED_TO_START');
  });

  it("D06 cannot see D05's instance and beta-tools cannot see acme-chips' (404)", async () => {
    const inst = (await d05.post('/api/workflows/dealer-order-approval/instances', { variables: orderVariables('D05', 30000), idempotencyKey: uniqueKey('d05-private') })).json();
    for (const c of [d06, beta]) {
      for (const url of [`/api/instances/${inst.id}`, `/api/instances/${inst.id}/timeline`]) {
        const res = await c.get(url);
        expect(res.statusCode, url).toBe(404);
        expect(res.json().code).toBe('CF_ERR_NOT_FOUND');
      }
      expect((await c.post(`/api/instances/${inst.id}/comment`, { text: 'hi' })).statusCode).toBe(404);
      expect((await c.get('/api/instances')).json().map((i: { id: string }) => i.id)).not.toContain(inst.id);
    }
    const task = inst.pendingTasks[0];
    const betaApprove = await beta.post(`/api/tasks/${task.id}/approve`, {});
    expect([403, 404]).toContain(betaApprove.statusCode);
    expect((await d05.get(`/api/instances/${inst.id}`)).statusCode).toBe(200);
    expect((await chenjing.get(`/api/instances/${inst.id}`)).statusCode).toBe(200);
  });

  it('a repeated Idempotency-Key returns the same instance without starting another', async () => {
    const key = uniqueKey('idem');
    const body = { variables: orderVariables('D05', 30000) };
    const [a, b] = await Promise.all([
      d05.post('/api/workflows/dealer-order-approval/instances', body, { 'idempotency-key': key }),
      d05.post('/api/workflows/dealer-order-approval/instances', body, { 'idempotency-key': key }),
    ]);
    const c = await d05.post('/api/workflows/dealer-order-approval/instances', { ...body, idempotencyKey: key });
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(c.statusCode).toBe(200);
    expect(new Set([a.json().id, b.json().id, c.json().id]).size).toBe(1);
    expect(c.json().created).toBe(false);
    const mine = (await d05.get('/api/instances?mine=true')).json().filter((i: { id: string }) => i.id === a.json().id);
    expect(mine).toHaveLength(1);
    // Someone else's identical key is another scope: their own instance, never this one (a key cannot be squatted).
    const other = await Client.login(t.app, 'acme-chips', 'd05.owner');
    const theirs = await other.post('/api/workflows/dealer-order-approval/instances', body, { 'idempotency-key': key });
    expect(theirs.statusCode, theirs.body).toBe(201);
    expect(theirs.json().id).not.toBe(a.json().id);
  });

  it('the initiator withdraws before anyone acted; comments join the timeline', async () => {
    const inst = (await d05.post('/api/workflows/dealer-order-approval/instances', { variables: orderVariables('D05', 30000), idempotencyKey: uniqueKey('withdraw') })).json();
    const commented = await d05.post(`/api/instances/${inst.id}/comment`, { text: '请尽快审批' });
    expect(commented.statusCode, commented.body).toBe(200);
    const res = await d05.post(`/api/instances/${inst.id}/withdraw`, { reason: '下错单了' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'CANCELLED', pendingTasks: [] });
    const types = (await d05.get(`/api/instances/${inst.id}/timeline`)).json().map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['commented', 'withdrawn', 'taskCancelled', 'instanceEnded']));
    expect((await todo(chenjing)).map((x) => x.instanceId)).not.toContain(inst.id);
  });
});

describe('bad requests', () => {
  it('answer 400 with the pointer of each bad field, and change nothing', async () => {
    const start = await d05.post('/api/workflows/dealer-order-approval/instances', { variables: 'an order', surprise: true });
    expect(start.statusCode).toBe(400);
    expect(start.json().details.problems.map((p: { pointer: string }) => p.pointer).sort()).toEqual(['/surprise', '/variables']);
    const inbox = await chenjing.get('/api/tasks?box=everything');
    expect(inbox.statusCode).toBe(400);
    expect(inbox.json().details.problems[0]).toMatchObject({ in: 'querystring', pointer: '/box' });
    const transfer = await chenjing.post('/api/tasks/not-a-uuid/transfer', { to: 42 });
    expect(transfer.statusCode).toBe(400);
    const signer = await chenjing.post(`/api/tasks/${crypto.randomUUID()}/add-signer`, { users: [], position: 'SIDEWAYS' });
    expect(signer.statusCode).toBe(400);
    expect(signer.json().details.problems.map((p: { pointer: string }) => p.pointer)).toContain('/position');
    expect((await chenjing.get('/api/tasks?box=todo')).statusCode).toBe(200);
  });
});
