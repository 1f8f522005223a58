import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeClock } from '../../../server/workflows/workflow-runtime.js';
import type { TestApp } from '../../support/test-app.js';
import { anyOfFlow, Client, createWorkflowApp, orderVariables, publishTestFlow, uniqueKey } from './workflow-test-support.js';

/** A filled-in dealer-onboarding form (the start form is checked on the server). */
const onboardingApplication = { companyName: '深圳华芯城微电子有限公司', unifiedSocialCreditCode: '91440300MA5F12340X', homeRegion: 'R-SOUTH', contactName: '李四', contactPhone: '13800000001' };

let t: TestApp;
const c: Record<string, Client> = {};
const id: Record<string, string> = {};
const logins = ['hefang', 'd05.buyer', 'chenjing', 'zhoutao', 'liuyang', 'sunli', 'wumin'];

/** Engine time the test moves by hand (no workers run, so nothing fires by itself). */
let engineNow = Date.parse('2025-09-23T10:00:00+08:00');
const handClock: RuntimeClock = { now: () => new Date(engineNow), toRealTime: (d) => d };

beforeAll(async () => {
  t = await createWorkflowApp({ clock: handClock });
  for (const l of logins) {
    c[l] = await Client.login(t.app, 'acme-chips', l);
    id[l] = (await c[l].me()).id;
  }
});
afterAll(async () => t?.close());

const todo = async (who: string) => (await c[who].get('/api/tasks?box=todo')).json().tasks as { id: string; instanceId: string; nodeId: string; status: string }[];
const taskOf = async (who: string, instanceId: string) => {
  const task = (await todo(who)).find((x) => x.instanceId === instanceId);
  expect(task, `${who} has a task on ${instanceId}`).toBeDefined();
  return task!;
};
const startOrder = async () => (await c['d05.buyer'].post('/api/workflows/dealer-order-approval/instances', { variables: orderVariables('D05', 30000), idempotencyKey: uniqueKey('order') })).json();
const events = async (instanceId: string) => (await c.hefang.get(`/api/instances/${instanceId}/timeline`)).json() as { type: string; actor: string; data: any }[];

describe('approver actions', () => {
  it('onboarding 会签: sunli transfers (转交) to wumin, both sides approve, the dealer becomes ACTIVE and the director is copied (抄送我)', async () => {
    const res = await c.hefang.post('/api/workflows/dealer-onboarding/instances', { variables: { dealerCode: 'D12', application: onboardingApplication }, idempotencyKey: uniqueKey('onb') });
    expect(res.statusCode, res.body).toBe(201);
    const inst = res.json();
    expect(inst.pendingTasks.map((p: { assignee: string }) => p.assignee).sort()).toEqual([id.liuyang, id.sunli].sort());

    const moved = await c.sunli.post(`/api/tasks/${(await taskOf('sunli', inst.id)).id}/transfer`, { to: id.wumin, comment: '请CFO审批' });
    expect(moved.statusCode, moved.body).toBe(200);
    const done = (await c.sunli.get('/api/tasks?box=done')).json().tasks.find((x: { instanceId: string }) => x.instanceId === inst.id);
    expect(done).toMatchObject({ status: 'TRANSFERRED' });
    expect((await c.liuyang.post(`/api/tasks/${(await taskOf('liuyang', inst.id)).id}/approve`)).statusCode).toBe(200);
    const end = await c.wumin.post(`/api/tasks/${(await taskOf('wumin', inst.id)).id}/approve`, { comment: '同意' });
    // approved and copied; the activateDealer action (no workers run here) then writes the dealer's status
    expect(end.json()).toMatchObject({ status: 'RUNNING', variables: { dealerStatus: 'ACTIVE' } });

    const cc = (await c.zhoutao.get('/api/tasks?box=cc')).json().instances.map((i: { id: string }) => i.id);
    expect(cc).toContain(inst.id);
    expect((await c.liuyang.get('/api/tasks?box=cc')).json().instances.map((i: { id: string }) => i.id)).not.toContain(inst.id);
    const types = (await events(inst.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['taskTransferred', 'approvalCompleted', 'variablesSet', 'ccAdded', 'serviceCalled']));
  });

  it('加签 BEFORE: chenjing asks liuyang first; the task comes back to chenjing after liuyang approves', async () => {
    const inst = await startOrder();
    const first = await taskOf('chenjing', inst.id);
    const added = await c.chenjing.post(`/api/tasks/${first.id}/add-signer`, { users: [id.liuyang], position: 'BEFORE', comment: '请渠道经理先看' });
    expect(added.statusCode, added.body).toBe(200);
    expect((await todo('chenjing')).map((x) => x.instanceId)).not.toContain(inst.id);
    expect((await c.liuyang.post(`/api/tasks/${(await taskOf('liuyang', inst.id)).id}/approve`)).statusCode).toBe(200);
    const back = await taskOf('chenjing', inst.id);
    expect(back.id).toBe(first.id);
    expect((await events(inst.id)).map((e) => e.type)).toEqual(expect.arrayContaining(['signerAdded', 'taskResumed']));
  });

  it('退回 to the start node gives the dealer a resubmit task; 撤回 is refused once someone acted', async () => {
    const inst = await startOrder();
    await c.chenjing.post(`/api/tasks/${(await taskOf('chenjing', inst.id)).id}/approve`);
    const returned = await c.zhoutao.post(`/api/tasks/${(await taskOf('zhoutao', inst.id)).id}/return`, { targetNodeId: 'start', comment: '数量请确认' });
    expect(returned.statusCode, returned.body).toBe(200);
    const resubmit = await taskOf('d05.buyer', inst.id);
    expect(resubmit.nodeId).toBe('start');
    const withdraw = await c['d05.buyer'].post(`/api/instances/${inst.id}/withdraw`, {});
    expect(withdraw.statusCode).toBe(409);
    expect(withdraw.json().code).toBe('FLW_ERR_ALREADY_ACTED');
    // what nodes computed is not the initiator's to change; a changed dealer keeps its master data
    const undeclared = await c['d05.buyer'].post(`/api/tasks/${resubmit.id}/approve`, { formPatch: { routing: { decision: 'AUTO_APPROVED' } } });
    expect(undeclared.statusCode, undeclared.body).toBe(400);
    expect(undeclared.json().code).toBe('FLW_ERR_FIELD_PERMISSION');
    expect(undeclared.json().details.problems).toEqual([expect.objectContaining({ pointer: '/formPatch/routing', code: 'UNDECLARED' })]);
    const before = (await c.hefang.get(`/api/instances/${inst.id}`)).json().variables.dealer;
    const again = await c['d05.buyer'].post(`/api/tasks/${resubmit.id}/approve`, { comment: '已确认', formPatch: { dealer: { ...before, status: 'PROSPECT', tier: 'STANDARD', note: '已确认' } } });
    expect(again.statusCode, again.body).toBe(200);
    expect((await c.hefang.get(`/api/instances/${inst.id}`)).json().variables.dealer).toMatchObject({ code: 'D05', status: 'ACTIVE', tier: 'PLATINUM', note: '已确认' });
    expect((await todo('chenjing')).map((x) => x.instanceId)).toContain(inst.id);
  });

  it('a user created after the directory was cached can take a task over (the directory stamp changed)', async () => {
    const inst = await startOrder();
    const login = `deputy.${Date.now()}`;
    const created = await c.hefang.post('/api/users', { login, displayName: '副经理', password: 'test-password-123', systemRoles: ['APPROVER'] });
    expect(created.statusCode, created.body).toBe(201);
    const moved = await c.chenjing.post(`/api/tasks/${(await taskOf('chenjing', inst.id)).id}/transfer`, { to: created.json().id });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().pendingTasks.map((p: { assignee: string }) => p.assignee)).toEqual([created.json().id]);
  });

  it('催办 notifies the pending approvers and is rate-limited', async () => {
    const inst = await startOrder();
    const first = await c['d05.buyer'].post(`/api/instances/${inst.id}/urge`);
    expect(first.statusCode, first.body).toBe(200);
    const second = await c['d05.buyer'].post(`/api/instances/${inst.id}/urge`);
    expect(second.statusCode).toBe(429);
    expect(second.json().code).toBe('FLW_ERR_URGE_TOO_SOON');
    expect((await events(inst.id)).find((e) => e.type === 'urged')).toMatchObject({ actor: id['d05.buyer'], data: { users: [id.chenjing] } });
  });

  it('an admin sees tasks past their SLA; other roles may not', async () => {
    const key = `overdue-${randomUUID().slice(0, 8)}`;
    await publishTestFlow(t, 'acme-chips', anyOfFlow(key, { sla: { autoDecideAfterWorkingDays: 1, autoDecision: 'REJECT' } }));
    const inst = (await c.hefang.post(`/api/workflows/${key}/instances`, { variables: {}, idempotencyKey: uniqueKey('overdue') })).json();
    const overdue = async () => ((await c.hefang.get('/api/admin/instances/overdue')).json() as { instanceId: string }[]).filter((x) => x.instanceId === inst.id);
    expect(await overdue()).toHaveLength(0);
    engineNow += 3 * 86_400_000;
    expect(await overdue()).toHaveLength(3);
    expect((await c.chenjing.get('/api/admin/instances/overdue')).statusCode).toBe(403);
  });
});
