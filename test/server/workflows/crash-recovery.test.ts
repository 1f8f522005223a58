import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { orderVariables, uniqueKey } from './workflow-test-support.js';

const fixture = fileURLToPath(new URL('./crash-server.fixture.ts', import.meta.url));
const children: ChildProcess[] = [];
afterAll(() => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

/** Starts the server in a child process and resolves with its base URL. */
function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, CF_TEST_DATABASE_URL: inject('databaseUrl') }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (m) resolve({ url: `http://127.0.0.1:${m[1]}`, child });
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${err.slice(-2000)}`)));
  });
}

async function call(base: string, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(base + path, {
    method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: await res.json() as any };
}

/** Resolves once the child is gone (a SIGKILLed child has a signalCode and no exitCode). */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

const login = async (base: string, user: string) => (await call(base, 'POST', '/api/auth/login', undefined, { tenant: 'acme-chips', login: user, password: 'test-password-123' })).json.token as string;

describe('crash recovery', () => {
  it('kill -9 of the server in the middle of approvals loses nothing and doubles nothing after a restart', async () => {
    let server = await startServer();
    const dealer = await login(server.url, 'd05.buyer');
    const chenjing = await login(server.url, 'chenjing');
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await call(server.url, 'POST', '/api/workflows/dealer-order-approval/instances', dealer, { variables: orderVariables('D05', 30000), idempotencyKey: uniqueKey(`crash-${i}`) });
      expect(r.status).toBe(201);
      ids.push(r.json.id);
    }
    const first = new Map<string, string>();
    for (const id of ids) first.set(id, (await call(server.url, 'GET', `/api/instances/${id}`, dealer)).json.pendingTasks[0].id);

    // Approve all eight at once and kill the server as soon as the first answer is back.
    const inFlight = ids.map((id) => call(server.url, 'POST', `/api/tasks/${first.get(id)}/approve`, chenjing, {}).catch(() => null));
    await Promise.race(inFlight);
    server.child.kill('SIGKILL');
    await Promise.all(inFlight);
    await exited(server.child);

    server = await startServer();
    const zhoutao = await login(server.url, 'zhoutao');
    for (const id of ids) {
      const inst = (await call(server.url, 'GET', `/api/instances/${id}`, dealer)).json;
      expect(inst.status).toBe('RUNNING');
      expect(inst.pendingTasks).toHaveLength(1);
      // Whatever was cut off is retried; an approval that had committed is refused as done, not repeated.
      if (inst.pendingTasks[0].id === first.get(id)) {
        expect((await call(server.url, 'POST', `/api/tasks/${first.get(id)}/approve`, chenjing, {})).status).toBe(200);
      } else {
        expect((await call(server.url, 'POST', `/api/tasks/${first.get(id)}/approve`, chenjing, {})).json.code).toBe('FLW_ERR_TASK_NOT_PENDING');
      }
      const second = (await call(server.url, 'GET', `/api/instances/${id}`, dealer)).json.pendingTasks[0];
      // approved: the flow moves on to its order actions (this instance has no order record behind it)
      expect((await call(server.url, 'POST', `/api/tasks/${second.id}/approve`, zhoutao, {})).json.pendingTasks).toEqual([]);
      const timeline = (await call(server.url, 'GET', `/api/instances/${id}/timeline`, dealer)).json as { sequence: number; type: string }[];
      expect(timeline.map((e) => e.sequence)).toEqual(timeline.map((_, i) => i + 1));
      expect(timeline.filter((e) => e.type === 'taskApproved')).toHaveLength(2);
      expect(timeline.filter((e) => e.type === 'taskCreated')).toHaveLength(2);
      expect(timeline.filter((e) => e.type === 'approvalCompleted')).toHaveLength(1);
    }
    server.child.kill('SIGTERM');
  }, 120_000);
});
