import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/test-app.js';
import { Client, createWorkflowApp, uniqueKey } from './workflow-test-support.js';

let t: TestApp;
const c: Record<string, Client> = {};
let adminId: string;
const key = `moving-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  t = await createWorkflowApp();
  for (const login of ['admin', 'deployer', 'b01.buyer']) c[login] = await Client.login(t.app, 'beta-tools', login);
  c.hefang = await Client.login(t.app, 'acme-chips', 'hefang');
  adminId = (await c.admin.me()).id;
});
afterAll(async () => t?.close());

const put = (url: string, payload: unknown) => t.app.inject({ method: 'PUT', url, headers: { authorization: `Bearer ${c.admin.token}` }, payload: payload as object });
const review = { type: 'approval', params: { mode: 'SINGLE', assignees: [{ kind: 'user', users: [] as string[] }] } };

/** v1: start → review (the beta admin) → done. */
const v1 = () => ({
  key, name: { zh: '采购申请', en: 'Purchase request' }, variables: [{ name: 'stamped', type: 'boolean', default: false }],
  nodes: [
    { id: 'start', type: 'start', params: {} },
    { id: 'review', ...review, params: { ...review.params, assignees: [{ kind: 'user', users: [adminId] }] } },
    { id: 'done', type: 'end', params: { outcome: 'APPROVED' } },
  ],
  edges: [{ id: 'e1', from: 'start', to: 'review' }, { id: 'e2', from: 'review', to: 'done', port: 'approved' }],
});

/** v2: the review is now `check`, and a `stamp` step sets a variable before the end. */
const v2 = () => ({
  ...v1(),
  nodes: [
    { id: 'start', type: 'start', params: {} },
    { id: 'check', ...review, params: { ...review.params, assignees: [{ kind: 'user', users: [adminId] }] } },
    { id: 'stamp', type: 'setVariables', params: { set: { stamped: true } } },
    { id: 'done', type: 'end', params: { outcome: 'APPROVED' } },
  ],
  edges: [{ id: 'e1', from: 'start', to: 'check' }, { id: 'e2', from: 'check', to: 'stamp', port: 'approved' }, { id: 'e3', from: 'stamp', to: 'done' }],
});

const startOne = async () => {
  const res = await c['b01.buyer'].post(`/api/workflows/${key}/instances`, { variables: {}, idempotencyKey: uniqueKey('req') });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; definitionVersion: number };
};
const instance = async (id: string) => (await c.admin.get(`/api/instances/${id}`)).json();
const body = (nodeMapping: Record<string, string>, extra: object = {}) => ({ fromVersion: 1, toVersion: 2, nodeMapping, ...extra });

let running: { id: string };
let withdrawn: { id: string };

describe('moving running instances to a new version', () => {
  beforeAll(async () => {
    expect((await c.admin.post('/api/workflows', { document: v1() })).statusCode).toBe(201);
    expect((await c.admin.post(`/api/workflows/${key}/publish`)).statusCode).toBe(200);
    running = await startOne();
    withdrawn = await startOne();
    expect((await c['b01.buyer'].post(`/api/instances/${withdrawn.id}/withdraw`, {})).json().status).toBe('CANCELLED');
    expect((await put(`/api/workflows/${key}/draft`, { document: v2() })).statusCode).toBe(200);
  });

  it('reports a draft target as not published, for every running instance', async () => {
    const dry = await c.admin.post(`/api/workflows/${key}/migrations/dry-run`, body({ review: 'check' }));
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, movable: [], blocked: [{ instanceId: running.id, code: 'FLW_ERR_MIGRATION_TARGET_NOT_PUBLISHED' }], migrated: [] });
    expect((await c.admin.post(`/api/workflows/${key}/publish`)).json()).toMatchObject({ version: 2, status: 'PUBLISHED' });
  });

  it('dry-run: an unmapped active node blocks the instance; mapped, it shows where the token and the task land', async () => {
    const unmapped = (await c.admin.post(`/api/workflows/${key}/migrations/dry-run`, body({}))).json();
    expect(unmapped.movable).toEqual([]);
    expect(unmapped.blocked).toEqual([expect.objectContaining({ instanceId: running.id, status: 'RUNNING', definitionVersion: 1, code: 'FLW_ERR_MIGRATION_NODE_NOT_MAPPED', nodeId: 'review' })]);

    const dry = await c.admin.post(`/api/workflows/${key}/migrations/dry-run`, body({ review: 'check' }));
    expect(dry.json()).toMatchObject({
      workflowKey: key, fromVersion: 1, toVersion: 2, dryRun: true, blocked: [], migrated: [],
      movable: [{ instanceId: running.id, moves: [
        { kind: 'token', from: 'review', to: 'check', status: 'WAITING' },
        { kind: 'task', from: 'review', to: 'check', status: 'PENDING', assignee: adminId },
      ] }],
    });
    expect((await instance(running.id)).definitionVersion).toBe(1);
  });

  it('answers a mapping that names unknown nodes with 400 and a pointer per entry, and unknown versions with 404', async () => {
    const bad = await c.admin.post(`/api/workflows/${key}/migrations/dry-run`, body({ review: 'nowhere', ghost: 'check' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.problems.map((p: { pointer: string }) => p.pointer)).toEqual(['/nodeMapping/review', '/nodeMapping/ghost']);
    const malformed = await c.admin.post(`/api/workflows/${key}/migrations/dry-run`, { fromVersion: 1, nodeMapping: { review: 7 } });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().details.problems.map((p: { pointer: string }) => p.pointer)).toEqual(expect.arrayContaining(['/toVersion', '/nodeMapping/review']));
    expect((await c.admin.post(`/api/workflows/${key}/migrations/dry-run`, { ...body({}), toVersion: 9 })).statusCode).toBe(404);
    expect((await c.admin.post(`/api/workflows/${key}/migrations/dry-run`, body({}, { instanceIds: [randomUUID()] }))).statusCode).toBe(404);
  });

  it('refuses the whole request while an instance is blocked (422 with the report) and changes nothing', async () => {
    const refused = await c.admin.post(`/api/workflows/${key}/migrations`, body({ review: 'check' }, { instanceIds: [running.id, withdrawn.id] }));
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().code).toBe('FLW_ERR_MIGRATION_BLOCKED');
    expect(refused.json().details.report.blocked).toEqual([expect.objectContaining({ instanceId: withdrawn.id, status: 'CANCELLED', code: 'FLW_ERR_MIGRATION_NOT_RUNNING' })]);
    expect(refused.json().details.report.movable.map((m: { instanceId: string }) => m.instanceId)).toEqual([running.id]);
    expect((await instance(running.id)).definitionVersion).toBe(1);
    const timeline = (await c.admin.get(`/api/instances/${running.id}/timeline`)).json();
    expect(timeline.map((e: { type: string }) => e.type)).not.toContain('MIGRATED');
  });

  it('only tenant admins move instances; another tenant gets 404', async () => {
    expect((await c.deployer.post(`/api/workflows/${key}/migrations`, body({ review: 'check' }))).statusCode).toBe(403);
    expect((await c['b01.buyer'].post(`/api/workflows/${key}/migrations/dry-run`, body({ review: 'check' }))).statusCode).toBe(403);
    expect((await c.hefang.post(`/api/workflows/${key}/migrations/dry-run`, body({ review: 'check' }))).statusCode).toBe(404);
    expect((await c.hefang.post(`/api/workflows/${key}/migrations`, body({ review: 'check' }))).statusCode).toBe(404);
  });

  it('moves a running instance (skipping the blocked one); its task follows, the timeline says who moved it, and it finishes on version 2', async () => {
    const applied = await c.admin.post(`/api/workflows/${key}/migrations`, body({ review: 'check' }, { instanceIds: [running.id, withdrawn.id], skipBlocked: true }));
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toMatchObject({ dryRun: false, migrated: [running.id], blocked: [{ instanceId: withdrawn.id }] });

    const moved = await instance(running.id);
    expect(moved).toMatchObject({ definitionVersion: 2, status: 'RUNNING' });
    expect(moved.pendingTasks).toEqual([expect.objectContaining({ nodeId: 'check', assignee: adminId })]);
    const todo = (await c.admin.get('/api/tasks?box=todo')).json().tasks.filter((x: { instanceId: string }) => x.instanceId === running.id);
    expect(todo.map((x: { nodeId: string }) => x.nodeId)).toEqual(['check']);
    const migrated = (await c.admin.get(`/api/instances/${running.id}/timeline`)).json().find((e: { type: string }) => e.type === 'MIGRATED');
    expect(migrated).toMatchObject({ actor: adminId, data: { fromVersion: 1, toVersion: 2, nodeMapping: { review: 'check' } } });
    expect((await instance(withdrawn.id)).definitionVersion).toBe(1);

    const again = (await c.admin.post(`/api/workflows/${key}/migrations/dry-run`, body({ review: 'check' }))).json();
    expect(again.movable).toEqual([]);

    const done = await c.admin.post(`/api/tasks/${moved.pendingTasks[0].id}/approve`, { comment: '同意' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'APPROVED', definitionVersion: 2, variables: { stamped: true } });
  });
});
