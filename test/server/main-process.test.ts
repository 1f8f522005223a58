import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm start` as a user runs it: the entry in its own process on the embedded database
 * (DATABASE_URL removed), listening on a real port.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'cf-main-'));
const children: ChildProcess[] = [];
afterAll(() => {
  children.forEach((c) => c.kill('SIGKILL'));
  rmSync(dataDir, { recursive: true, force: true });
});

interface Started { child: ChildProcess; baseUrl: string; output: () => string; exited: Promise<number | null> }

function startServer(env: Record<string, string> = {}): Started {
  const { DATABASE_URL: _ignored, ...parentEnv } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...parentEnv, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, baseUrl: '', output: () => out, exited };
}

async function waitForListening(s: Started, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(s.output());
    if (m) return m[1];
    if (s.child.exitCode !== null) throw new Error('server exited:\n' + s.output());
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start:\n' + s.output());
}

const login = (baseUrl: string, password: string) =>
  fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'acme-chips', login: 'hefang', password }),
  });

describe('the server process', () => {
  it('starts on the embedded database with the demo tenant, finishes in-flight requests on SIGTERM, and keeps data across restarts', async () => {
    const first = startServer();
    const baseUrl = await waitForListening(first);
    expect((await fetch(`${baseUrl}/ready`)).status).toBe(200);
    expect(first.output()).toContain('First start');
    const credentials = readFileSync(path.join(dataDir, 'first-start-logins.txt'), 'utf8');
    const password = /password for tenant acme-chips: (\S+)/.exec(credentials)![1];
    expect(credentials).toMatch(/acme-chips\s+d05\.buyer\s+DEALER_USER/);

    // A login (a deliberately slow password hash) is in flight when SIGTERM arrives.
    const inFlight = login(baseUrl, password);
    await new Promise((r) => setTimeout(r, 20));
    const t0 = Date.now();
    first.child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    const code = await first.exited;
    if (code !== 0) console.log(first.output().slice(-3000));
    expect(code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5_000);

    const second = startServer();
    const again = await waitForListening(second);
    expect(second.output()).not.toContain('First start');
    expect((await login(again, password)).status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('refuses to start with bad configuration and names every bad variable', async () => {
    const bad = startServer({ PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x/y' });
    expect(await bad.exited).toBe(78);
    expect(bad.output()).toContain("PORT must be an integer from 0 to 65535; got 'abc'");
    expect(bad.output()).toContain('LOG_LEVEL must be one of');
    expect(bad.output()).toContain('DATABASE_URL must be a postgres:// or postgresql:// URL');
  });
});
