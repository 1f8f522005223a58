// Installs the benchmarks' own peers (test/bench/package.json) on first use, outside the product's lockfile.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const { dependencies } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
const missing = Object.keys(dependencies).filter((name) => !existsSync(path.join(dir, 'node_modules', name, 'package.json')));
if (missing.length) {
  console.log(`installing the benchmarks' peers into ${path.join(dir, 'node_modules')}: ${missing.join(', ')}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
