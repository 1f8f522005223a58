import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { EmbeddedDatabaseError, isProcessAlive, startEmbeddedDatabase } from '../../server/db/embedded-database.js';
import { migrationsList } from '../../server/db/migrations/index.js';
import { createOrm, migrate } from '../../server/db/orm.js';
import { Tenant } from '../../server/entities/index.js';
import { createTestDatabase } from '../support/test-database.js';

const tmpDirs: string[] = [];
afterAll(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  tmpDirs.push(dir);
  return dir;
};
async function answers(url: string): Promise<boolean> {
  const c = new pg.Client(url);
  await c.connect();
  try {
    return (await c.query('select 1 as one')).rows[0].one === 1;
  } finally {
    await c.end();
  }
}
const postmasterPid = (dataDir: string) => Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);

describe('migrations', () => {
  it('run on an empty database, leave the schema equal to the entities, and run again as a no-op', async () => {
    const db = await createTestDatabase({ serverUrl: inject('databaseServerUrl') });
    const orm = await createOrm(db.url, 2);
    try {
      const applied = await migrate(orm);
      expect(applied).toEqual(migrationsList.map((m) => m.name));
      const tables = await orm.em.getConnection().execute<{ table_name: string }[]>(
        `select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
      );
      expect(tables.map((r) => r.table_name)).toEqual(
        expect.arrayContaining(['tenant', 'region', 'dealer', 'role', 'app_user', 'user_role', 'session', 'api_token', 'login_attempt', 'cf_migrations']),
      );
      // The checked-in SQL and the entity definitions describe the same schema.
      const drift = await orm.schema.getUpdateSchemaSQL({ wrap: false });
      expect(drift.trim()).toBe('');
      expect(await migrate(orm)).toEqual([]);
    } finally {
      await orm.close(true);
      await db.drop();
    }
  });
});

describe("the run's database", () => {
  // The embedded default once interleaved two connections' extended-protocol messages in one session:
  // a Bind ran against the other connection's statement and returned the other query's rows.
  it('gives each of 16 connections running 500 parameterized queries of the same shape only its own rows', async () => {
    const CONNECTIONS = 16;
    const QUERIES = 500;
    const clients = await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        const c = new pg.Client({ connectionString: inject('databaseUrl') });
        await c.connect();
        return c;
      }),
    );
    try {
      const wrong: string[] = [];
      await Promise.all(
        clients.map(async (client, conn) => {
          for (let i = 0; i < QUERIES; i++) {
            // Every query has the same text and result shape; only the parameters differ.
            const { rows } = await client.query('select $1::int as conn, $2::int as iter, $3::text as tag, pg_backend_pid() as pid from generate_series(1, $4::int)', [
              conn, i, `c${conn}-i${i}`, 1 + (i % 3),
            ]);
            if (rows.length !== 1 + (i % 3) || rows.some((r) => r.conn !== conn || r.iter !== i || r.tag !== `c${conn}-i${i}`)) {
              wrong.push(`connection ${conn} query ${i}: ${JSON.stringify(rows)}`);
            }
          }
        }),
      );
      expect(wrong).toEqual([]);
      // Real sessions: one server process per connection.
      const pids = await Promise.all(clients.map((c) => c.query('select pg_backend_pid() as pid').then((r) => r.rows[0].pid)));
      expect(new Set(pids).size).toBe(CONNECTIONS);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });

  it('lets concurrent transactions skip each other\'s locked rows (SKIP LOCKED) and see only committed data (MVCC)', async () => {
    const db = await createTestDatabase({ serverUrl: inject('databaseServerUrl') });
    const [a, b] = [new pg.Client(db.url), new pg.Client(db.url)];
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query('create table job (id int primary key, taken_by text)');
      await a.query('insert into job select g, null from generate_series(1, 4) g');
      await a.query('begin');
      const first = await a.query('select id from job order by id limit 2 for update skip locked');
      await b.query('begin');
      const second = await b.query('select id from job order by id limit 2 for update skip locked');
      expect(first.rows.map((r) => r.id)).toEqual([1, 2]);
      expect(second.rows.map((r) => r.id)).toEqual([3, 4]);
      await a.query(`update job set taken_by = 'a' where id in (1, 2)`);
      expect((await b.query('select count(*)::int as n from job where taken_by is not null')).rows[0].n).toBe(0);
      await a.query('commit');
      await b.query('commit');
      expect((await b.query('select count(*)::int as n from job where taken_by is not null')).rows[0].n).toBe(2);
    } finally {
      await Promise.all([a.end(), b.end()]);
      await db.drop();
    }
  });
});

describe('embedded database', () => {
  it('keeps data across a restart and answers on a new port each start', async () => {
    const dir = tempDir('cf-embedded-');
    const first = await startEmbeddedDatabase({ dataDir: dir });
    let orm = await createOrm(first.url, 2);
    await migrate(orm);
    await orm.em.fork().insert(Tenant, { id: crypto.randomUUID(), code: 'persisted', name: '持久化', createdAt: new Date(), updatedAt: new Date() });
    await orm.close(true);
    await first.stop();

    const second = await startEmbeddedDatabase({ dataDir: dir });
    orm = await createOrm(second.url, 2);
    try {
      expect(await migrate(orm)).toEqual([]);
      const tenant = await orm.em.fork().findOne(Tenant, { code: 'persisted' });
      expect(tenant?.name).toBe('持久化');
      const version = await orm.em.getConnection().execute<{ server_version_num: string }[]>('show server_version_num');
      expect(Number(version[0].server_version_num)).toBeGreaterThanOrEqual(180000);
    } finally {
      await orm.close(true);
      await second.stop();
    }
  });

  it('refuses a second start on a folder in use, with a clear error, and leaves the running one alone', async () => {
    const dir = tempDir('cf-embedded-');
    const running = await startEmbeddedDatabase({ dataDir: dir });
    try {
      const err = await startEmbeddedDatabase({ dataDir: dir }).catch((e) => e);
      expect(err).toBeInstanceOf(EmbeddedDatabaseError);
      expect(err.code).toBe('DB_ERR_DATA_DIR_IN_USE');
      expect(err.message).toContain('正由另一个 Channelflow 进程');
      expect(await answers(running.url)).toBe(true);
    } finally {
      await running.stop();
    }
  });

  it('refuses a port that is taken when one is asked for, and picks another free port when none is', async () => {
    const dir = tempDir('cf-embedded-');
    const holder = await startEmbeddedDatabase({ dataDir: null });
    try {
      const err = await startEmbeddedDatabase({ dataDir: dir, port: holder.port }).catch((e) => e);
      expect(err).toBeInstanceOf(EmbeddedDatabaseError);
      expect(err.code).toBe('DB_ERR_PORT_IN_USE');
      expect(err.message).toContain(String(holder.port));
      // Nothing is left running or locked: the same folder starts at once on a free port.
      const next = await startEmbeddedDatabase({ dataDir: dir });
      expect(next.port).not.toBe(holder.port);
      await next.stop();
    } finally {
      await holder.stop();
    }
  });

  it('stops its server when stopped, and a server orphaned by a killed owner is stopped by the next start', async () => {
    const dir = tempDir('cf-embedded-');
    const db = await startEmbeddedDatabase({ dataDir: dir });
    const pid = postmasterPid(dir);
    expect(isProcessAlive(pid, 'postgres')).toBe(true);
    await db.stop();
    expect(isProcessAlive(pid, 'postgres')).toBe(false);

    // An orphan: a postgres started on the folder by a process that no longer exists. It is started
    // here by hand (not through the watchdog), as if its owner and the watchdog were both killed.
    const orphan = await startEmbeddedDatabase({ dataDir: dir });
    const orphanPid = postmasterPid(dir);
    const orphanPort = orphan.port;
    await orphan.stop();
    const { postgres } = (await import('../../server/db/postgres-binaries.js')).postgresBinaries();
    const owner = statSync(path.join(dir, 'postgres'));
    const detached = spawnSync('sh', ['-c', `"${postgres}" -D "${path.join(dir, 'postgres')}" -p ${orphanPort} -c listen_addresses=127.0.0.1 -c unix_socket_directories= </dev/null >/dev/null 2>&1 & echo $!`], {
      encoding: 'utf8', ...(process.getuid?.() === 0 ? { uid: owner.uid, gid: owner.gid } : {}),
    });
    const strayPid = Number(detached.stdout.trim());
    await waitFor(() => { try { return postmasterPid(dir) === strayPid; } catch { return false; } });
    expect(isProcessAlive(strayPid, 'postgres')).toBe(true);
    expect(orphanPid).not.toBe(strayPid);

    const next = await startEmbeddedDatabase({ dataDir: dir });
    try {
      expect(isProcessAlive(strayPid, 'postgres')).toBe(false);
      expect(await answers(next.url)).toBe(true);
    } finally {
      await next.stop();
    }
  });

  it('runs for a non-root user too (as root, through an ordinary OS user it runs postgres as)', async () => {
    if (process.getuid?.() !== 0) {
      // Not root: every other test here already ran as an ordinary user.
      expect(process.getuid?.()).not.toBe(0);
      return;
    }
    const nobody = { uid: 65534, gid: 65534 };
    const dir = tempDir('cf-embedded-nobody-');
    chmodSync(dir, 0o755);
    chownSync(dir, nobody.uid, nobody.gid);
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/embedded-database-child.ts', path.join(dir, 'data')], {
      encoding: 'utf8', ...nobody, env: { ...process.env, HOME: dir }, timeout: 120_000,
    });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout.trim().split('\n').pop()!)).toMatchObject({ uid: nobody.uid, one: 1 });
  });
});

async function waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
