import type { TestProject } from 'vitest/node';
import { createOrm, migrate } from '../../server/db/orm.js';
import { readSeedTenant } from '../../server/seed/seed-files.js';
import { seedPlatform, seedTenant } from '../../server/seed/tenant-seed.service.js';
import { betaToolsBundle, betaToolsDemo, TEST_PASSWORD } from './fixtures.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: 'postgres' | 'embedded';
    /** The run's database server (maintenance database), for tests that need a database of their own. */
    databaseServerUrl: string;
  }
}

let db: TestDatabase | undefined;

/** One migrated and seeded database for the run: acme-chips, qingquan-beverage, beta-tools and the platform tenant. */
export async function setup(project: TestProject): Promise<void> {
  db = await createTestDatabase();
  const orm = await createOrm(db.url, 2);
  try {
    await migrate(orm);
    const em = orm.em.fork();
    await seedPlatform(em, TEST_PASSWORD);
    const acmeChips = readSeedTenant('acme-chips');
    await seedTenant(em, acmeChips.bundle, acmeChips.demo, TEST_PASSWORD);
    const qingquan = readSeedTenant('qingquan-beverage');
    await seedTenant(em, qingquan.bundle, qingquan.demo, TEST_PASSWORD);
    await seedTenant(em, betaToolsBundle, betaToolsDemo, TEST_PASSWORD);
  } finally {
    await orm.close(true);
  }
  project.provide('databaseUrl', db.url);
  project.provide('databaseKind', db.kind);
  project.provide('databaseServerUrl', db.serverUrl);
}

export async function teardown(): Promise<void> {
  await db?.drop();
}
