import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedDatabase } from '../../server/db/embedded-database.js';

export interface TestDatabase {
  url: string;
  kind: 'postgres' | 'embedded';
  /** The maintenance database of the same server, to create more databases on it. */
  serverUrl: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database: on `serverUrl` when given (a server the run already has), else on
 * DATABASE_URL's server, else on an embedded PostgreSQL of its own (a temporary cluster, removed by
 * `drop`), exactly what `npm start` runs without DATABASE_URL.
 */
export async function createTestDatabase(options: { serverUrl?: string; kind?: TestDatabase['kind'] } = {}): Promise<TestDatabase> {
  if (options.serverUrl) return createDatabaseOn(options.serverUrl, options.kind ?? 'postgres', async () => {});
  if (process.env.DATABASE_URL) return createDatabaseOn(process.env.DATABASE_URL, 'postgres', async () => {});
  const embedded = await startEmbeddedDatabase({ dataDir: null, database: 'postgres' });
  try {
    return await createDatabaseOn(embedded.serverUrl, 'embedded', () => embedded.stop());
  } catch (err) {
    await embedded.stop();
    throw err;
  }
}

async function createDatabaseOn(serverUrl: string, kind: TestDatabase['kind'], stopServer: () => Promise<void>): Promise<TestDatabase> {
  const name = `cf_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = '/' + name;
  return {
    url: url.toString(),
    kind,
    serverUrl,
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
      await stopServer();
    },
  };
}
