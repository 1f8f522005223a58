import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { TestProject } from 'vitest/node';
import { buildApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { createOrm, migrate } from '../../../server/db/orm.js';
import { readSeedTenant } from '../../../server/seed/seed-files.js';
import { seedPlatform, seedTenant } from '../../../server/seed/tenant-seed.service.js';
import { betaToolsBundle, betaToolsDemo, TEST_PASSWORD } from '../../support/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    databaseKind: 'postgres' | 'embedded';
    databaseServerUrl: string;
  }
}

let db: TestDatabase | undefined;
let orm: MikroORM | undefined;
let app: FastifyInstance | undefined;

/** Builds the studio, then runs the real server in this process on a fresh seeded database. */
export async function setup(project: TestProject): Promise<void> {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  // E2E_SKIP_BUILD=1 reuses a build already in STUDIO_DIST_DIR (a profiling build, a re-run)
  if (process.env.E2E_SKIP_BUILD !== '1') {
    const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'studio/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('studio build failed');
  }

  db = await createTestDatabase();
  orm = await createOrm(db.url, 8);
  await migrate(orm);
  const em = orm.em.fork();
  await seedPlatform(em, TEST_PASSWORD);
  const acme = readSeedTenant('acme-chips');
  await seedTenant(em, acme.bundle, acme.demo, TEST_PASSWORD);
  const qingquan = readSeedTenant('qingquan-beverage');
  await seedTenant(em, qingquan.bundle, qingquan.demo, TEST_PASSWORD);
  await seedTenant(em, betaToolsBundle, betaToolsDemo, TEST_PASSWORD);

  const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), port: 0, host: '127.0.0.1' };
  app = await buildApp({ orm, config, logger: false, workflows: { workers: true } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  project.provide('baseUrl', `http://127.0.0.1:${address.port}`);
  project.provide('databaseUrl', db.url);
  project.provide('databaseKind', db.kind);
  project.provide('databaseServerUrl', db.serverUrl);
}

export async function teardown(): Promise<void> {
  await app?.close();
  await orm?.close(true);
  await db?.drop();
}
