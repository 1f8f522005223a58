import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/test-app.js';
import { anyOfFlow, Client, createWorkflowApp, orderVariables, publishTestFlow, uniqueKey } from './workflow-test-support.js';

let a: TestApp;
let b: TestApp;

beforeAll(async () => {
  // Two servers on one database (pools sized so both fit the embedded database's connection limit).
  a = await createWorkflowApp({}, 3);
  b = await createWorkflowApp({}, 3);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

describe('concurrent commands', () => {
  it('50 simultaneous approvals of one 或签 task make exactly one transition and 49 clear refusals', async () => {
    const key = `any-of-${randomUUID().slice(0, 8)}`;
    await publishTestFlow(a, 'acme-chips', anyOfFlow(key));
    const admin = await Client.login(a.app, 'acme-chips', 'hefang');
    const rsms = await Promise.all(['wanglei', 'chenjing', 'zhaoqiang'].map((l) => Client.login(a.app, 'acme-chips', l)));
    const started = await admin.post(`/api/workflows/${key}/instances`, { variables: {}, idempotencyKey: uniqueKey('any') });
    expect(started.statusCode, started.body).toBe(201);
    const tasks = started.json().pendingTasks as { id: string; assignee: string }[];
    expect(tasks).toHaveLength(3);
    const byUser = new Map(await Promise.all(rsms.map(async (c) => [(await c.me()).id, c] as const)));

    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => {
      const task = tasks[i % tasks.length];
      return byUser.get(task.assignee)!.post(`/api/tasks/${task.id}/approve`, { comment: `#${i}` });
    }));
    const ok = results.filter((r) => r.statusCode === 200 && r.json().changed);
    const refused = results.filter((r) => r.statusCode === 409);
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(49);
    expect(new Set(refused.map((r) => r.json().code))).toEqual(new Set(['FLW_ERR_TASK_NOT_PENDING']));

    const inst = (await admin.get(`/api/instances/${started.json().id}`)).json();
    expect(inst.status).toBe('APPROVED');
    const timeline = (await admin.get(`/api/instances/${inst.id}/timeline`)).json() as { type: string; sequence: number }[];
    expect(timeline.filter((e) => e.type === 'taskApproved')).toHaveLength(1);
    expect(timeline.filter((e) => e.type === 'instanceEnded')).toHaveLength(1);
    expect(timeline.map((e) => e.sequence)).toEqual(timeline.map((_, i) => i + 1));
  });

  it('an instance approved through two servers at once advances once', async () => {
    const d05 = await Client.login(a.app, 'acme-chips', 'd05.buyer');
    const inst = (await d05.post('/api/workflows/dealer-order-approval/instances', { variables: orderVariables('D05', 30000), idempotencyKey: uniqueKey('two-servers') })).json();
    const task = inst.pendingTasks[0] as { id: string };
    const [onA, onB] = await Promise.all([Client.login(a.app, 'acme-chips', 'chenjing'), Client.login(b.app, 'acme-chips', 'chenjing')]);
    const results = await Promise.all([onA.post(`/api/tasks/${task.id}/approve`), onB.post(`/api/tasks/${task.id}/approve`), onA.post(`/api/tasks/${task.id}/approve`), onB.post(`/api/tasks/${task.id}/approve`)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409]);
    const after = (await d05.get(`/api/instances/${inst.id}`)).json();
    expect(after.status).toBe('RUNNING');
    expect(after.tasks.filter((t: { status: string }) => t.status === 'APPROVED')).toHaveLength(1);
    expect(after.pendingTasks).toHaveLength(1);
    const timeline = (await d05.get(`/api/instances/${inst.id}/timeline`)).json() as { type: string }[];
    expect(timeline.filter((e) => e.type === 'taskApproved')).toHaveLength(1);
    expect(timeline.filter((e) => e.type === 'taskCreated')).toHaveLength(2);
  });
});
