import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalFlow } from '../rules/flow/flow-harness.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { Client, publishTestFlow, uniqueKey } from './workflows/workflow-test-support.js';

/** beta-tools people of this file's own, so counts are exact whatever other files do. */
let t: TestApp;
let admin: Client, dealer: Client, acme: Client;
const tag = randomUUID().slice(0, 6);
const people: Record<string, { id: string; client: Client }> = {};

type Page = { items: { id: string; instanceId: string; kind: string; readAt: string | null; definitionKey?: string }[]; total: number; unread: number };

beforeAll(async () => {
  t = await createTestApp();
  admin = await Client.login(t.app, 'beta-tools', 'admin');
  dealer = await Client.login(t.app, 'beta-tools', 'b01.buyer');
  acme = await Client.login(t.app, 'acme-chips', 'chenjing');
  for (const name of ['ann', 'ben']) {
    const login = `${name}.${tag}`;
    const res = await admin.post('/api/users', { login, displayName: name, password: 'test-password-123', systemRoles: ['APPROVER'] });
    expect(res.statusCode, res.body).toBe(201);
    people[name] = { id: res.json().id, client: await Client.login(t.app, 'beta-tools', login) };
  }
});
afterAll(async () => t?.close());

describe('notifications', () => {
  it('list mine with the unread count and paging; marking one or all read; nobody else can see or mark them (404)', async () => {
    const key = `notify-${tag}`;
    await publishTestFlow(t, 'beta-tools', { ...approvalFlow({ mode: 'ANY', assignees: [{ kind: 'user', users: [people.ann.id] }] }), key });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await admin.post(`/api/workflows/${key}/instances`, { variables: {}, idempotencyKey: uniqueKey('n') })).json().id);

    const ann = people.ann.client;
    const all = (await ann.get('/api/notifications')).json() as Page;
    expect(all).toMatchObject({ total: 3, unread: 3 });
    expect(all.items.map((n) => n.instanceId).sort()).toEqual([...ids].sort());
    expect(all.items.every((n) => n.kind === 'TASK_ASSIGNED' && n.readAt === null && n.definitionKey === key)).toBe(true);
    const page = (await ann.get('/api/notifications?limit=2&offset=2')).json() as Page;
    expect(page.items).toHaveLength(1);
    expect(page.total).toBe(3);

    const target = all.items[0].id;
    for (const other of [people.ben.client, dealer, acme]) {
      expect((await other.post(`/api/notifications/${target}/read`)).statusCode).toBe(404);
      expect(((await other.get('/api/notifications')).json() as Page).items.map((n) => n.id)).not.toContain(target);
    }
    expect((await people.ben.client.post('/api/notifications/read-all')).json()).toEqual({ marked: 0, unread: 0 });
    expect(((await ann.get('/api/notifications?unread=true')).json() as Page).total).toBe(3);

    const read = await ann.post(`/api/notifications/${target}/read`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    expect((await ann.post(`/api/notifications/${target}/read`)).json().readAt).toBe(read.json().readAt);
    const unread = (await ann.get('/api/notifications?unread=true')).json() as Page;
    expect(unread).toMatchObject({ total: 2, unread: 2 });
    expect(unread.items.map((n) => n.id)).not.toContain(target);
    expect((await ann.post('/api/notifications/read-all')).json()).toEqual({ marked: 2, unread: 0 });
    expect((await ann.get('/api/notifications')).json()).toMatchObject({ total: 3, unread: 0 });
  });

  it('a dealer user gets its own notifications (the result of its instance) and sees no one else\'s', async () => {
    const key = `notify-dealer-${tag}`;
    await publishTestFlow(t, 'beta-tools', { ...approvalFlow({ mode: 'ANY', assignees: [{ kind: 'user', users: [people.ben.id] }] }), key });
    const inst = (await dealer.post(`/api/workflows/${key}/instances`, { variables: {}, idempotencyKey: uniqueKey('nd') })).json();
    expect((await dealer.post(`/api/instances/${inst.id}/withdraw`, {})).statusCode).toBe(200);
    const mine = (await dealer.get('/api/notifications?unread=true')).json() as Page;
    expect(mine.items.find((n) => n.instanceId === inst.id)).toMatchObject({ kind: 'RESULT' });
    expect(mine.items.every((n) => n.kind === 'RESULT')).toBe(true);
    expect(((await people.ben.client.get('/api/notifications')).json() as Page).items.find((n) => n.instanceId === inst.id)).toMatchObject({ kind: 'TASK_ASSIGNED' });
  });

  it('bad paging answers 400 with the pointer', async () => {
    for (const q of ['limit=0', 'limit=101', 'offset=-1', 'unread=yes', 'page=2']) {
      const res = await people.ann.client.get(`/api/notifications?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().details.problems[0].in).toBe('querystring');
    }
    expect((await people.ann.client.post(`/api/notifications/not-a-uuid/read`)).statusCode).toBe(400);
  });
});
