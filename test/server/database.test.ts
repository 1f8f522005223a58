import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase } from '../../server/db/embedded-database.js';
import { migrationsList } from '../../server/db/migrations/index.js';
import { createOrm, migrate } from '../../server/db/orm.js';
import { Tenant } from '../../server/entities/index.js';
import { createTestDatabase } from '../support/test-database.js';

const tmpDirs: string[] = [];
afterAll(() => tmpDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('migrations', () => {
  it('run on an empty database, leave the schema equal to the entities, and run again as a no-op', async () => {
    const db = await createTestDatabase();
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

describe('embedded database', () => {
  it('keeps data across a restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cf-pglite-'));
    tmpDirs.push(dir);

    const first = await startEmbeddedDatabase(dir, 4);
    let orm = await createOrm(first.url, 2);
    await migrate(orm);
    await orm.em.fork().insert(Tenant, { id: crypto.randomUUID(), code: 'persisted', name: '持久化', createdAt: new Date(), updatedAt: new Date() });
    await orm.close(true);
    await first.stop();

    const second = await startEmbeddedDatabase(dir, 4);
    orm = await createOrm(second.url, 2);
    try {
      expect(await migrate(orm)).toEqual([]);
      const tenant = await orm.em.fork().findOne(Tenant, { code: 'persisted' });
      expect(tenant?.name).toBe('持久化');
    } finally {
      await orm.close(true);
      await second.stop();
    }
  });
});
