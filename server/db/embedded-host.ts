import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, openSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { postgresBinaries, relocatedPostgresBinaries, type PostgresBinaries } from './postgres-binaries.js';

/**
 * What the embedded database needs from the host around it: one process per data folder (a lock
 * file), telling a live process from a pid left by a dead one, and the OS user postgres runs as
 * (it refuses root) with binaries and folder that user can reach.
 */

/** A start the user can fix: the message says what to do (zh-CN and English). */
export class EmbeddedDatabaseError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'EmbeddedDatabaseError';
  }
}

/** The OS user postgres runs as when this process is root. */
const OS_USER = 'postgres';

// ---------------------------------------------------------------------------------------------
// The folder lock: one process per data folder.

export interface FolderLock { release(): void }

/** Folders this process holds (its own pid in a lock file is otherwise taken as a previous life's). */
const heldFolders = new Set<string>();

export function acquireFolderLock(root: string): FolderLock {
  const file = path.join(root, 'channelflow.lock');
  if (heldFolders.has(path.resolve(root))) throw folderInUse(root, process.pid);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      writeFileSync(fd, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }) + '\n');
      closeSync(fd);
      heldFolders.add(path.resolve(root));
      const release = () => {
        process.off('exit', release);
        heldFolders.delete(path.resolve(root));
        try {
          if (readLockPid(file) === process.pid) unlinkSync(file);
        } catch { /* already gone */ }
      };
      process.on('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readLockPid(file);
      if (owner !== null && owner !== process.pid && isProcessAlive(owner, 'node')) throw folderInUse(root, owner);
      rmSync(file, { force: true }); // left by a process that was killed
    }
  }
  throw new EmbeddedDatabaseError('DB_ERR_DATA_DIR_IN_USE', `Could not lock the data folder ${root}.`);
}

function folderInUse(root: string, owner: number): EmbeddedDatabaseError {
  return new EmbeddedDatabaseError(
    'DB_ERR_DATA_DIR_IN_USE',
    `数据目录 ${root} 正由另一个 Channelflow 进程（pid ${owner}）使用；请先停止它，或用 DATA_DIR 指定另一个目录。\n` +
      `The data folder ${root} is in use by another Channelflow process (pid ${owner}). Stop that process first, or set DATA_DIR to another folder.`,
  );
}

function readLockPid(file: string): number | null {
  try {
    const pid = Number(JSON.parse(readFileSync(file, 'utf8')).pid);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Alive and (where the OS tells) running a program whose command line names `program`. */
export function isProcessAlive(pid: number, program: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (process.platform === 'linux') {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(program);
    } catch {
      return false;
    }
  }
  if (process.platform === 'win32') return true;
  const ps = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
  return ps.status === 0 ? ps.stdout.includes(program) : true;
}

// ---------------------------------------------------------------------------------------------
// Who runs postgres: it refuses to run as root.

export interface OsUser { uid: number; gid: number; name: string }

export function postgresOsUser(cluster: string, root: string): OsUser | null {
  if (typeof process.getuid !== 'function') return null; // Windows
  const uid = process.getuid();
  if (existsSync(cluster)) {
    const owner = statSync(cluster);
    if (uid === 0) {
      if (owner.uid !== 0) return ensureTraversable({ uid: owner.uid, gid: owner.gid, name: `uid ${owner.uid}` }, root);
    } else if (owner.uid !== uid) {
      throw new EmbeddedDatabaseError(
        'DB_ERR_DATA_DIR_OWNER',
        `数据库目录 ${cluster} 属于另一个系统用户（uid ${owner.uid}）；请以该用户或 root 启动，或用 DATA_DIR 指定另一个目录。\n` +
          `The database folder ${cluster} belongs to another OS user (uid ${owner.uid}). Start as that user or as root, or set DATA_DIR to another folder.`,
      );
    } else {
      return null;
    }
  }
  if (uid !== 0) return null;
  return ensureTraversable(lookupOrCreateUser(OS_USER), root);
}

function lookupOrCreateUser(name: string): OsUser {
  const lookup = () => {
    const u = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    return u.status === 0 && g.status === 0 ? { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()), name } : null;
  };
  const found = lookup();
  if (found) return found;
  const made =
    spawnSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', name]).status === 0 ||
    spawnSync('adduser', ['-S', '-D', '-H', name]).status === 0;
  const created = made ? lookup() : null;
  if (!created) {
    throw new EmbeddedDatabaseError(
      'DB_ERR_ROOT_USER',
      `以 root 运行时，内置 PostgreSQL 需要一个普通系统用户 "${name}"，但无法创建。请创建该用户，或以普通用户启动。\n` +
        `Running as root, the embedded PostgreSQL needs an ordinary OS user "${name}" and could not create one. Create that user, or start as a non-root user.`,
    );
  }
  return created;
}

/** As root the data folder is ours: let the postgres user through it. */
function ensureTraversable(user: OsUser, root: string): OsUser {
  const mode = statSync(root).mode & 0o777;
  if ((mode & 0o001) === 0) chmodSync(root, mode | 0o011);
  if (!canReach(user, root)) {
    throw new EmbeddedDatabaseError(
      'DB_ERR_ROOT_USER',
      `以 root 运行时，内置 PostgreSQL 以系统用户 ${user.name} 运行，但该用户无法进入数据目录 ${root}（上级目录权限不足，例如位于 /root 下）。请以普通用户启动，或用 DATA_DIR 指定该用户可进入的目录。\n` +
        `Running as root, the embedded PostgreSQL runs as OS user ${user.name}, who cannot enter the data folder ${root} (a parent folder is closed, e.g. it is under /root). Start as a non-root user, or set DATA_DIR to a folder that user can reach.`,
    );
  }
  return user;
}

function canReach(user: OsUser, file: string): boolean {
  return spawnSync('sh', ['-c', 'test -x "$1"', 'sh', file], { uid: user.uid, gid: user.gid }).status === 0;
}

/** The binaries in node_modules, or a copy the OS user can reach when node_modules is closed to it. */
export function binariesFor(user: OsUser | null): PostgresBinaries {
  const installed = postgresBinaries();
  if (!user || canReach(user, installed.postgres)) return installed;
  const copy = relocatedPostgresBinaries();
  if (canReach(user, copy.postgres)) return copy;
  throw new EmbeddedDatabaseError('DB_ERR_ROOT_USER', `The OS user ${user.name} cannot run ${installed.postgres} nor its copy ${copy.postgres}.`);
}
