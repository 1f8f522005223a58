import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../server/db/embedded-database.js';

/**
 * `npm start` as a user runs it: the entry in its own process on the embedded database
 * (DATABASE_URL removed), listening on a real port.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'cf-main-'));
const otherDirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  children.forEach((c) => c.kill('SIGKILL'));
  for (const dir of [dataDir, ...otherDirs]) {
    const pid = postmasterPid(dir);
    if (pid && isProcessAlive(pid, 'postgres')) process.kill(pid, 'SIGQUIT');
    rmSync(dir, { recursive: true, force: true });
  }
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

async function waitForListening(s: Started, timeoutMs = 180_000): Promise<string> {
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

// Each start spawns node with tsx, migrates and seeds: on a loaded 2-core machine that can take a minute.
describe('the server process', { timeout: 300_000 }, () => {
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

function postmasterPid(dir: string): number | null {
  try {
    return Number(readFileSync(path.join(dir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
  } catch {
    return null;
  }
}

/** The parent of a process (Linux): the watchdog shell that holds postgres. */
function parentPid(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1]);
}

function childrenOf(pid: number): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((p) => {
    try {
      return parentPid(p) === pid;
    } catch {
      return false;
    }
  });
}

async function waitUntil(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the embedded PostgreSQL under the server process', { timeout: 600_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-main-pg-'));
  otherDirs.push(dir);

  it('refuses a second start in the same folder, stops with its owner even after kill -9, and a later start recovers an orphaned server with the data', async () => {
    const first = startServer({ DATA_DIR: dir });
    const baseUrl = await waitForListening(first);
    const password = /password for tenant acme-chips: (\S+)/.exec(readFileSync(path.join(dir, 'first-start-logins.txt'), 'utf8'))![1];
    const firstPostgres = postmasterPid(dir)!;
    expect(isProcessAlive(firstPostgres, 'postgres')).toBe(true);

    // A second server on the same folder: a clear refusal, and the first one goes on serving.
    const second = startServer({ DATA_DIR: dir });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`The data folder ${dir} is in use by another Channelflow process (pid ${first.child.pid})`);
    expect((await fetch(`${baseUrl}/ready`)).status).toBe(200);
    expect(postmasterPid(dir)).toBe(firstPostgres);

    // kill -9 of the server: its database stops by itself (the watchdog sees the pipe close).
    first.child.kill('SIGKILL');
    await first.exited;
    await waitUntil(() => !isProcessAlive(firstPostgres, 'postgres'), 'the orphaned postgres stopped');

    const third = startServer({ DATA_DIR: dir });
    const third_url = await waitForListening(third);
    expect(third.output()).not.toContain('First start');
    expect((await login(third_url, password)).status).toBe(200);

    // kill -9 of the server and of the watchdog (a shell and its reader) too: postgres is left running.
    const orphan = postmasterPid(dir)!;
    const watchdog = parentPid(orphan);
    expect(watchdog).not.toBe(third.child.pid);
    for (const pid of [watchdog, ...childrenOf(watchdog).filter((p) => p !== orphan)]) process.kill(pid, 'SIGKILL');
    third.child.kill('SIGKILL');
    await third.exited;
    await new Promise((r) => setTimeout(r, 300));
    expect(isProcessAlive(orphan, 'postgres')).toBe(true);

    const fourth = startServer({ DATA_DIR: dir });
    const fourthUrl = await waitForListening(fourth);
    expect(fourth.output()).toContain(`stopping a PostgreSQL server (pid ${orphan}) left running`);
    expect(isProcessAlive(orphan, 'postgres')).toBe(false);
    expect((await login(fourthUrl, password)).status).toBe(200);

    // SIGTERM stops the database too and releases the folder.
    const fourthPostgres = postmasterPid(dir)!;
    fourth.child.kill('SIGTERM');
    expect(await fourth.exited).toBe(0);
    expect(isProcessAlive(fourthPostgres, 'postgres')).toBe(false);
    expect(existsSync(path.join(dir, 'channelflow.lock'))).toBe(false);
  });

  it('says clearly when its HTTP port is taken, and leaves no database running', async () => {
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const s = startServer({ DATA_DIR: dir, PORT: String(port) });
      expect(await s.exited).toBe(1);
      expect(s.output()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(s.output()).toContain(`端口 ${port} 已被占用`);
      const pid = postmasterPid(dir);
      expect(pid === null || !isProcessAlive(pid, 'postgres')).toBe(true);
      expect(existsSync(path.join(dir, 'channelflow.lock'))).toBe(false);
    } finally {
      holder.close();
    }
  });

  it('tells a user whose folder holds the former PGlite data what happens to it, and starts fresh beside it', async () => {
    const legacy = mkdtempSync(path.join(tmpdir(), 'cf-main-legacy-'));
    otherDirs.push(legacy);
    mkdirSync(path.join(legacy, 'pglite'));
    writeFileSync(path.join(legacy, 'pglite', 'PG_VERSION'), '17\n');
    const s = startServer({ DATA_DIR: legacy });
    await waitForListening(s);
    expect(s.output()).toContain(`${path.join(legacy, 'pglite')} holds data of the former embedded database (PGlite)`);
    expect(s.output()).toContain('First start');
    expect(readFileSync(path.join(legacy, 'pglite', 'PG_VERSION'), 'utf8')).toBe('17\n');
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  });
});
