import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './db/embedded-database.js';
import { createOrm, migrate } from './db/orm.js';
import { readSeedTenant } from './seed/seed-files.js';
import { seedPlatform, seedTenant, type SeededLogin } from './seed/tenant-seed.service.js';

const SHUTDOWN_DEADLINE_MS = 5_000;

/** Embedded Postgres serves the app's pool plus a few spare connections. */
const EMBEDDED_POOL_MAX = 4;

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }

  let embedded: EmbeddedDatabase | null = null;
  let orm: MikroORM | null = null;
  let app: FastifyInstance | null = null;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app?.log.info({ signal }, 'shutting down');
    setTimeout(() => {
      console.error(`shutdown took longer than ${SHUTDOWN_DEADLINE_MS} ms; exiting`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    try {
      // Stops accepting and lets in-flight requests finish. A keep-alive connection that becomes
      // idle only after close() began would otherwise hold the server open until its timeout.
      const reaper = setInterval(() => app?.server.closeIdleConnections(), 50);
      await app?.close();
      clearInterval(reaper);
      await orm?.close(true);
      await embedded?.stop();
      process.exit(0);
    } catch (err) {
      console.error('shutdown failed', err);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  if (!config.databaseUrl) {
    embedded = await startEmbeddedDatabase(path.join(config.dataDir, 'pglite'), EMBEDDED_POOL_MAX * 2);
  }
  orm = await createOrm(config.databaseUrl ?? embedded!.url, embedded ? EMBEDDED_POOL_MAX : config.dbPoolMax);
  const applied = await migrate(orm);

  const seeded = await seedOnFirstStart(orm, config);

  // SLA timers and webhook delivery run in every server process (pg-boss spreads the jobs).
  app = await buildApp({ orm, config, workflows: { workers: true } });
  if (applied.length) app.log.info({ migrations: applied }, 'migrations applied');
  await app.listen({ port: config.port, host: config.host });
  app.log.info({ database: embedded ? `embedded (${path.join(config.dataDir, 'pglite')})` : 'DATABASE_URL' }, 'Channelflow ready');
  if (seeded) printLogins(seeded, config);
}

interface Seeded { logins: SeededLogin[]; passwords: Record<string, string> }

async function seedOnFirstStart(orm: MikroORM, config: Config): Promise<Seeded | null> {
  const em = orm.em.fork();
  const logins: SeededLogin[] = [];
  const passwords: Record<string, string> = {};
  const platformPassword = config.platformAdminPassword ?? randomPassword();
  const platform = await seedPlatform(em, platformPassword);
  if (platform) {
    logins.push(...platform);
    passwords.platform = config.platformAdminPassword ? '(PLATFORM_ADMIN_PASSWORD)' : platformPassword;
  }
  if (config.seedDemo) {
    const demoPassword = config.demoPassword ?? randomPassword();
    const acmeChips = readSeedTenant('acme-chips');
    const demo = await seedTenant(em, acmeChips.bundle, acmeChips.demo, demoPassword);
    if (demo) {
      logins.push(...demo);
      passwords['acme-chips'] = config.demoPassword ? '(DEMO_PASSWORD)' : demoPassword;
    }
  }
  return logins.length ? { logins, passwords } : null;
}

function randomPassword(): string {
  return randomBytes(12).toString('base64url');
}

/** Printed once, on the start that created the accounts; also kept beside the embedded database. */
function printLogins({ logins, passwords }: Seeded, config: Config): void {
  const lines = [
    '',
    'First start: these accounts were created (log in at POST /api/auth/login with tenant, login, password).',
    '首次启动：已创建以下账号。',
    '',
    ...Object.entries(passwords).map(([tenant, pw]) => `  password for tenant ${tenant}: ${pw}`),
    '',
    '  tenant       login        system roles     tenant roles                     name',
    ...logins.map((l) =>
      `  ${l.tenant.padEnd(12)} ${l.login.padEnd(12)} ${l.systemRoles.join(',').padEnd(16)} ${l.roles.join(',').padEnd(32)} ${l.displayName}`,
    ),
    '',
  ];
  const text = lines.join('\n');
  console.log(text);
  if (!config.databaseUrl) {
    const file = path.join(config.dataDir, 'first-start-logins.txt');
    writeFileSync(file, text + '\n', { mode: 0o600 });
    console.log(`  (also written to ${file})\n`);
  }
}

main().catch((err) => {
  console.error('Channelflow failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
