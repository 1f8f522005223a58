import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoStepFlow } from '../../rules/flow/flow-harness.js';
import type { TestApp } from '../../support/test-app.js';
import { Client, createWorkflowApp, publishTestFlow, uniqueKey } from './workflow-test-support.js';

/**
 * Manager chains, who may read an instance, and field permissions, on beta-tools with people and
 * flows of this file's own (unique logins and keys), so no other test depends on them.
 */
let t: TestApp;
let admin: Client, beta: Client;
const tag = randomUUID().slice(0, 6);
const people: Record<string, { id: string; client: Client }> = {};

async function addUser(name: string, managerId?: string) {
  const login = `${name}.${tag}`;
  const res = await admin.post('/api/users', { login, displayName: name, password: 'test-password-123', systemRoles: ['APPROVER'], ...(managerId ? { managerId } : {}) });
  expect(res.statusCode, res.body).toBe(201);
  people[name] = { id: res.json().id, client: await Client.login(t.app, 'beta-tools', login) };
  return res.json();
}

const patch = (c: Client, url: string, payload: unknown) => c.app.inject({ method: 'PATCH', url, payload: payload as object, headers: { authorization: `Bearer ${c.token}` } });
const todo = async (c: Client) => (await c.get('/api/tasks?box=todo')).json().tasks as { id: string; instanceId: string; nodeId: string }[];

beforeAll(async () => {
  t = await createWorkflowApp();
  admin = await Client.login(t.app, 'beta-tools', 'admin');
  beta = await Client.login(t.app, 'acme-chips', 'hefang');
  await addUser('boss');
  await addUser('manager', people.boss.id);
  await addUser('clerk', people.manager.id);
  await addUser('loner');
  await addUser('stranger');
});
afterAll(async () => t?.close());

describe('manager chains', () => {
  it('a user names a manager of the same tenant; a cycle or another tenant is refused with a pointer', async () => {
    const boss = (await admin.get(`/api/users/${people.boss.id}`)).json();
    expect((await admin.get(`/api/users/${people.clerk.id}`)).json().managerId).toBe(people.manager.id);
    const cycle = await patch(admin, `/api/users/${people.boss.id}`, { version: boss.version, managerId: people.clerk.id });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json()).toMatchObject({ code: 'TENANT_ERR_MANAGER_CYCLE', details: { problems: [{ pointer: '/managerId' }] } });
    const self = await patch(admin, `/api/users/${people.boss.id}`, { version: boss.version, managerId: people.boss.id });
    expect(self.json().code).toBe('TENANT_ERR_MANAGER_CYCLE');
    const acmeUser = (await beta.get('/api/me')).json().id as string;
    const foreign = await patch(admin, `/api/users/${people.loner.id}`, { version: 1, managerId: acmeUser });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().details.problems[0].pointer).toBe('/managerId');
    const created = await admin.post('/api/users', { login: `x.${tag}`, displayName: 'x', password: 'test-password-123', systemRoles: ['APPROVER'], managerId: acmeUser });
    expect(created.statusCode).toBe(400);
    expect((await admin.get(`/api/users/${people.boss.id}`)).json()).toMatchObject({ managerId: null, version: boss.version });
  });

  it('managerChain levels 1 and 2 land on the manager and the manager\'s manager; no manager → the node\'s empty policy', async () => {
    const key = `chain-${tag}`;
    const flow = twoStepFlow(
      { mode: 'SINGLE', assignees: [{ kind: 'managerChain', levels: 1 }], onEmpty: 'TO_TENANT_ADMIN' },
      { mode: 'SINGLE', assignees: [{ kind: 'managerChain', levels: 2 }], onEmpty: 'TO_TENANT_ADMIN' },
    );
    await publishTestFlow(t, 'beta-tools', { ...flow, key });
    const started = await people.clerk.client.post(`/api/workflows/${key}/instances`, { variables: {}, idempotencyKey: uniqueKey('chain') });
    expect(started.statusCode, started.body).toBe(201);
    const inst = started.json();
    expect(inst.pendingTasks.map((p: { assignee: string }) => p.assignee)).toEqual([people.manager.id]);
    const first = (await todo(people.manager.client)).find((x) => x.instanceId === inst.id)!;
    const second = await people.manager.client.post(`/api/tasks/${first.id}/approve`);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().pendingTasks.map((p: { assignee: string }) => p.assignee)).toEqual([people.boss.id]);

    const lonely = (await people.loner.client.post(`/api/workflows/${key}/instances`, { variables: {}, idempotencyKey: uniqueKey('lonely') })).json();
    const adminId = (await admin.me()).id;
    expect(lonely.pendingTasks.map((p: { assignee: string }) => p.assignee)).toEqual([adminId]);
    const events = (await admin.get(`/api/instances/${lonely.id}/timeline`)).json() as { type: string; data: { policy?: string } }[];
    expect(events.find((e) => e.type === 'approverNotFound')?.data.policy).toBe('TO_TENANT_ADMIN');
  });
});

describe('who may read an instance', () => {
  it('the initiator, task holders and admins read it; another staff member gets 404 on every read and action', async () => {
    const key = `read-${tag}`;
    await publishTestFlow(t, 'beta-tools', { ...twoStepFlow({ mode: 'SINGLE', assignees: [{ kind: 'user', users: [people.manager.id] }] }, { mode: 'SINGLE', assignees: [{ kind: 'user', users: [people.boss.id] }] }), key });
    const inst = (await people.clerk.client.post(`/api/workflows/${key}/instances`, { variables: {}, idempotencyKey: uniqueKey('read') })).json();
    for (const c of [people.clerk.client, people.manager.client, admin]) expect((await c.get(`/api/instances/${inst.id}`)).statusCode).toBe(200);
    for (const [who, c] of [['stranger', people.stranger.client], ['boss (no task yet)', people.boss.client], ['other tenant', beta]] as const) {
      for (const url of [`/api/instances/${inst.id}`, `/api/instances/${inst.id}/timeline`]) {
        const res = await c.get(url);
        expect(res.statusCode, `${who} ${url}`).toBe(404);
        expect(res.json().code).toBe('CF_ERR_NOT_FOUND');
      }
      expect((await c.post(`/api/instances/${inst.id}/comment`, { text: 'hi' })).statusCode, who).toBe(404);
      expect((await c.post(`/api/instances/${inst.id}/urge`)).statusCode, who).toBe(404);
      expect((await c.get('/api/instances')).json().map((i: { id: string }) => i.id), who).not.toContain(inst.id);
    }
    expect((await people.manager.client.get('/api/instances')).json().map((i: { id: string }) => i.id)).toContain(inst.id);
    expect((await admin.get('/api/instances')).json().map((i: { id: string }) => i.id)).toContain(inst.id);
    // Once the boss holds a task, the boss reads it too.
    const first = (await todo(people.manager.client)).find((x) => x.instanceId === inst.id)!;
    await people.manager.client.post(`/api/tasks/${first.id}/approve`);
    expect((await people.boss.client.get(`/api/instances/${inst.id}`)).statusCode).toBe(200);
  });
});

describe('field permissions', () => {
  const variables = { amount: '1200.00', note: 'urgent', margin: '0.35', costPrice: '780.00' };
  const fieldFlow = (key: string) => ({
    ...twoStepFlow(
      { mode: 'SINGLE', assignees: [{ kind: 'user', users: [people.manager.id] }], fieldPermissions: { amount: 'READ', note: 'EDIT', margin: 'HIDDEN', costPrice: 'HIDDEN' } },
      { mode: 'SINGLE', assignees: [{ kind: 'user', users: [people.boss.id] }] },
    ),
    key,
  });

  it('hide HIDDEN fields from the approver (view and timeline); the initiator and admins see everything', async () => {
    const key = `fields-${tag}`;
    await publishTestFlow(t, 'beta-tools', fieldFlow(key));
    const inst = (await people.clerk.client.post(`/api/workflows/${key}/instances`, { variables, idempotencyKey: uniqueKey('fields') })).json();
    expect(inst.variables).toEqual(variables);
    const seen = (await people.manager.client.get(`/api/instances/${inst.id}`)).json();
    expect(seen.variables).toEqual({ amount: '1200.00', note: 'urgent' });
    const started = ((await people.manager.client.get(`/api/instances/${inst.id}/timeline`)).json() as { type: string; data: { variables?: object } }[]).find((e) => e.type === 'instanceStarted');
    expect(started?.data.variables).toEqual({ amount: '1200.00', note: 'urgent' });
    expect((await admin.get(`/api/instances/${inst.id}`)).json().variables).toEqual(variables);
  });

  it('accept edits of EDIT fields only: a changed READ or any HIDDEN field is a 400 with its pointer, and nothing changes', async () => {
    const key = `edits-${tag}`;
    await publishTestFlow(t, 'beta-tools', fieldFlow(key));
    const inst = (await people.clerk.client.post(`/api/workflows/${key}/instances`, { variables, idempotencyKey: uniqueKey('edits') })).json();
    const task = (await todo(people.manager.client)).find((x) => x.instanceId === inst.id)!;
    const bad = await people.manager.client.post(`/api/tasks/${task.id}/approve`, { formPatch: { amount: '1.00', margin: '0.99', note: 'ok' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('FLW_ERR_FIELD_PERMISSION');
    expect(bad.json().details.problems.map((p: { pointer: string; code: string }) => [p.pointer, p.code])).toEqual([['/formPatch/amount', 'READ'], ['/formPatch/margin', 'HIDDEN']]);
    expect((await people.clerk.client.get(`/api/instances/${inst.id}`)).json()).toMatchObject({ variables, pendingTasks: [{ id: task.id }] });
    // The whole visible form sent back with only the EDIT field changed is accepted.
    const ok = await people.manager.client.post(`/api/tasks/${task.id}/approve`, { formPatch: { amount: '1200.00', note: 'checked' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await people.clerk.client.get(`/api/instances/${inst.id}`)).json().variables).toEqual({ ...variables, note: 'checked' });
  });
});
