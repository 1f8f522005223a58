import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';

export const SECRETS_KEY_FILE = 'secrets.key';

/**
 * The key of the embedded default: without SECRETS_KEY and without DATABASE_URL, a random key is
 * written once to DATA_DIR/secrets.key (mode 0600) and read on every later start, so secrets set
 * today still open after a restart. With DATABASE_URL the key must come from SECRETS_KEY (several
 * servers share one database; each must hold the same key), and none is made up.
 */
export function withEmbeddedSecretsKey(config: Config): Config {
  if (config.secretsKey || config.databaseUrl) return config;
  return { ...config, secretsKey: readOrCreateSecretsKeyFile(config.dataDir) };
}

export function readOrCreateSecretsKeyFile(dataDir: string): Buffer {
  const file = path.join(dataDir, SECRETS_KEY_FILE);
  mkdirSync(dataDir, { recursive: true });
  // Written whole under a temporary name, then linked into place: only the first start creates it, and a
  // second process starting at the same time reads the first's complete key, never a half-written file.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temp, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(temp);
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key; restore it from a backup (secrets sealed with it cannot be opened otherwise)`);
  return key;
}
