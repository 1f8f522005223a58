import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowState } from '../../../rules/flow/index.js';
import { TENANT_FILTER } from '../../../server/db/orm.js';
import { runCommand } from '../../../server/workflows/workflow-engine.service.js';
import type { EngineContext } from '../../../server/workflows/workflow-env.service.js';
import { startWorkflowRuntime } from '../../../server/workflows/workflow-jobs.js';
import { timerJobId } from '../../../server/workflows/workflow-persistence.js';
import { TIMER_QUEUE, type WorkflowRuntime } from '../../../server/workflows/workflow-runtime.js';
import type { TestApp } from '../../support/test-app.js';
import { anyOfFlow, Client, createWorkflowApp, publishTestFlow, uniqueKey } from './workflow-test-support.js';

/** Escalation after 2 working hours and auto-approval after 1 working day: due long after this test (workers off). */
const SLA = { escalateAfterWorkingHours: 2, escalateToRole: 'SALES_DIRECTOR', autoDecideAfterWorkingDays: 1, autoDecision: 'APPROVE' };

let t: TestApp;
let runtime: WorkflowRuntime;
let stopRuntime: () => Promise<void>;
let tenantId: string;
let c: Record<'hefang' | 'wanglei' | 'chenjing', Client>;

beforeAll(async () => {
  t = await createWorkflowApp();
  ({ runtime, stop: stopRuntime } = await startWorkflowRuntime(t.orm, {}, { error: () => {}, info: () => {} }));
  [{ id: tenantId }] = await t.orm.em.fork().getConnection().execute<{ id: string }[]>(`select id from tenant where code = 'acme-chips'`);
  c = {
    hefang: await Client.login(t.app, 'acme-chips', 'hefang'),
    wanglei: await Client.login(t.app, 'acme-chips', 'wanglei'),
    chenjing: await Client.login(t.app, 'acme-chips', 'chenjing'),
  };
});
afterAll(async () => {
  await stopRuntime?.();
  await t?.close();
});

/** The timer jobs pg-boss holds for an instance, in any state. */
async function timerJobs(instanceId: string): Promise<{ id: string; state: string; timerId: string }[]> {
  return t.orm.em.fork().getConnection().execute(
    `select id, state, data->>'timerId' as "timerId" from pgboss.job where name = ? and data->>'instanceId' = ? order by id`, [TIMER_QUEUE, instanceId],
  );
}

async function instance(id: string): Promise<FlowState & { id: string; timeline?: unknown }> {
  return (await c.hefang.get(`/api/instances/${id}`)).json();
}

async function start(definition: Record<string, unknown> & { key: string }): Promise<string> {
  await publishTestFlow(t, 'acme-chips', definition);
  const res = await c.hefang.post(`/api/workflows/${definition.key}/instances`, { variables: {}, idempotencyKey: uniqueKey('timers') });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function taskOf(who: 'wanglei' | 'chenjing', instanceId: string): Promise<string> {
  const tasks = (await c[who].get('/api/tasks?box=todo')).json().tasks as { id: string; instanceId: string }[];
  return tasks.find((x) => x.instanceId === instanceId)!.id;
}

function engineContext(): EngineContext {
  const em = t.orm.em.fork({ clear: true, useContext: false });
  em.setFilterParams(TENANT_FILTER, { tenantId });
  return { em, tenantId };
}

const timelineLength = async (id: string) => ((await c.hefang.get(`/api/instances/${id}/timeline`)).json() as unknown[]).length;

describe('SLA timer jobs follow the tasks they time', () => {
  it('queues one job per wanted timer, under the id derived from instance and timer', async () => {
    const id = await start(anyOfFlow(`timer-jobs-${randomUUID().slice(0, 8)}`, { sla: SLA }));
    const wanted = (await t.orm.em.fork().getConnection().execute<{ state: FlowState }[]>('select state from workflow_instance where id = ?', [id]))[0].state.timers;
    expect(wanted.length).toBe(6); // three regional managers, each with an escalation and an auto-decision
    const jobs = await timerJobs(id);
    expect(jobs.map((j) => j.id).sort()).toEqual(wanted.map((w) => timerJobId(id, w.id)).sort());
    expect(new Set(jobs.map((j) => j.state))).toEqual(new Set(['created']));
  });

  it('deletes every timer job in the approving transaction, and a timer firing late finds nothing to do', async () => {
    const id = await start(anyOfFlow(`timer-approve-${randomUUID().slice(0, 8)}`, { sla: SLA }));
    const before = (await t.orm.em.fork().getConnection().execute<{ state: FlowState }[]>('select state from workflow_instance where id = ?', [id]))[0].state;
    expect(await timerJobs(id)).toHaveLength(6);

    const approved = await c.wanglei.post(`/api/tasks/${await taskOf('wanglei', id)}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('APPROVED');
    expect(await timerJobs(id)).toEqual([]);

    // A job already handed to a worker before the approval committed still arrives: it changes nothing.
    const events = await timelineLength(id);
    const version = (await instance(id)).version;
    for (const timer of before.timers) {
      const late = await runCommand(runtime, engineContext(), id, { type: 'timerFired', timerId: timer.id });
      expect(late.changed).toBe(false);
    }
    expect(await timelineLength(id)).toBe(events);
    expect((await instance(id)).version).toBe(version);
  });

  it('deletes the timer jobs of a withdrawn instance', async () => {
    const id = await start(anyOfFlow(`timer-withdraw-${randomUUID().slice(0, 8)}`, { sla: SLA }));
    expect(await timerJobs(id)).toHaveLength(6);
    const withdrawn = await c.hefang.post(`/api/instances/${id}/withdraw`, { reason: '下错单了' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json().status).toBe('CANCELLED');
    expect(await timerJobs(id)).toEqual([]);
  });

  it('keeps the timer jobs when the command is refused (nothing half-applied)', async () => {
    const id = await start(anyOfFlow(`timer-refused-${randomUUID().slice(0, 8)}`, { sla: SLA }));
    const jobs = await timerJobs(id);
    const notTheirs = await c.chenjing.post(`/api/tasks/${await taskOf('wanglei', id)}/approve`);
    expect(notTheirs.statusCode).toBeGreaterThanOrEqual(400);
    expect(await timerJobs(id)).toEqual(jobs);
  });

  it('replaces a decided step\'s timer jobs with the next step\'s as the instance moves on', async () => {
    const [wanglei, chenjing] = await Promise.all([c.wanglei.me(), c.chenjing.me()]);
    const key = `timer-steps-${randomUUID().slice(0, 8)}`;
    const id = await start({
      key, name: { zh: '两级审批', en: 'Two steps' }, variables: [],
      nodes: [
        { id: 'start', type: 'start', params: {} },
        { id: 'first', type: 'approval', params: { mode: 'SINGLE', assignees: [{ kind: 'user', users: [wanglei.id] }], sla: SLA } },
        { id: 'second', type: 'approval', params: { mode: 'SINGLE', assignees: [{ kind: 'user', users: [chenjing.id] }], sla: SLA } },
        { id: 'ok', type: 'end', params: { outcome: 'APPROVED' } },
      ],
      edges: [
        { id: 'e0', from: 'start', to: 'first' },
        { id: 'e1', from: 'first', to: 'second', port: 'approved' },
        { id: 'e2', from: 'second', to: 'ok', port: 'approved' },
      ],
    });
    const firstJobs = await timerJobs(id);
    expect(firstJobs).toHaveLength(2);

    expect((await c.wanglei.post(`/api/tasks/${await taskOf('wanglei', id)}/approve`)).statusCode).toBe(200);
    const running = (await t.orm.em.fork().getConnection().execute<{ state: FlowState }[]>('select state from workflow_instance where id = ?', [id]))[0].state;
    const secondJobs = await timerJobs(id);
    expect(secondJobs.map((j) => j.id).sort()).toEqual(running.timers.map((w) => timerJobId(id, w.id)).sort());
    expect(secondJobs.some((j) => firstJobs.some((f) => f.id === j.id))).toBe(false);
    expect(secondJobs).toHaveLength(2);

    expect((await c.chenjing.post(`/api/tasks/${await taskOf('chenjing', id)}/approve`)).statusCode).toBe(200);
    expect(await timerJobs(id)).toEqual([]);
  });
});
