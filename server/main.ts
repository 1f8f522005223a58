import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { EmbeddedDatabaseError, startEmbeddedDatabase, type EmbeddedDatabase } from './db/embedded-database.js';
import { createOrm, migrate } from './db/orm.js';
import { withEmbeddedSecretsKey } from './secrets/secrets-key-file.js';
import { readSeedTenant, shippedDemoTenants } from './seed/seed-files.js';
import { seedPlatform, seedTenant, upgradeShippedTenant, type SeededLogin } from './seed/tenant-seed.service.js';

const SHUTDOWN_DEADLINE_MS = 5_000;

/** A start refused for a reason the user can fix; the message says how. */
class StartError extends Error {}

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

  try {
    if (!config.databaseUrl) {
      noticeFormerEmbeddedData(config.dataDir);
      embedded = await startEmbeddedDatabase({ dataDir: config.dataDir, port: config.embeddedDbPort, log: (m) => console.log(m) });
    }
    orm = await createOrm(config.databaseUrl ?? embedded!.url, config.dbPoolMax);
    const applied = await migrate(orm);

    const seeded = await seedOnFirstStart(orm, config);

    // The embedded default keeps its tenant-secrets key in DATA_DIR; a real database needs SECRETS_KEY.
    config = withEmbeddedSecretsKey(config);
    // SLA timers and webhook delivery run in every server process (pg-boss spreads the jobs).
    app = await buildApp({ orm, config, workflows: { workers: true } });
    if (applied.length) app.log.info({ migrations: applied }, 'migrations applied');
    try {
      await app.listen({ port: config.port, host: config.host });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      throw new StartError(
        `端口 ${config.port} 已被占用（也许已有一个 Channelflow 在运行）；请停止占用它的程序，或用 PORT 指定另一个端口。\n` +
          `Port ${config.port} on ${config.host} is already in use (perhaps by another Channelflow). Stop that program, or set PORT to another port.`,
      );
    }
    app.log.info({ database: embedded ? `embedded PostgreSQL (${embedded.dataDir}, 127.0.0.1:${embedded.port})` : 'DATABASE_URL' }, 'Channelflow ready');
    if (seeded) printLogins(seeded, config);
  } catch (err) {
    if (!stopping) {
      stopping = true;
      await app?.close().catch(() => {});
      await orm?.close(true).catch(() => {});
      await embedded?.stop().catch(() => {});
    }
    throw err;
  }
}

/** The embedded database used to be PGlite under DATA_DIR/pglite; its files are left as they are. */
function noticeFormerEmbeddedData(dataDir: string): void {
  const former = path.join(dataDir, 'pglite');
  if (!existsSync(former) || existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))) return;
  console.log([
    '',
    `注意：${former} 是旧版内置数据库（PGlite）的数据。内置数据库现在是 PostgreSQL 18（${path.join(dataDir, 'postgres')}），`,
    '不读取旧数据，也不改动或删除它；本次启动会新建数据库并重新创建演示租户和账号（新口令见下方）。',
    `不再需要旧数据时可删除 ${former}。`,
    `Note: ${former} holds data of the former embedded database (PGlite). The embedded database is now`,
    `PostgreSQL 18 (${path.join(dataDir, 'postgres')}); it does not read the old data and leaves it untouched. This start`,
    'creates a new database and seeds the demo tenants and accounts again (new passwords below).',
    `Delete ${former} once you no longer need it.`,
    '',
  ].join('\n'));
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
    // Two demo tenants of different industries and shapes, each from its own bundle.
    for (const code of shippedDemoTenants()) {
      const seed = readSeedTenant(code);
      const demo = await seedTenant(em, seed.bundle, seed.demo, demoPassword);
      if (demo) {
        logins.push(...demo);
        passwords[code] = config.demoPassword ? '(DEMO_PASSWORD)' : demoPassword;
      } else if (await upgradeShippedTenant(em, seed.bundle)) {
        console.log(`${code}: 已部署新版内置配置（绑定扩展点）/ deployed the shipped configuration again (it binds the extension points); \`channelflow rollback\` brings the old one back`);
      }
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
    '  tenant             login        system roles     tenant roles                     name',
    ...logins.map((l) =>
      `  ${l.tenant.padEnd(18)} ${l.login.padEnd(12)} ${l.systemRoles.join(',').padEnd(16)} ${l.roles.join(',').padEnd(32)} ${l.displayName}`,
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
  if (err instanceof StartError || err instanceof EmbeddedDatabaseError) {
    console.error(`Channelflow 无法启动 / could not start:\n${err.message}`);
  } else {
    console.error('Channelflow failed to start:', err instanceof Error ? err.stack ?? err.message : err);
  }
  process.exit(1);
});
