import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TenantManifest } from './tenant-seed.service.js';

const seedRoot = path.dirname(fileURLToPath(import.meta.url));

/** A tenant folder under server/seed/: its manifest and its rule-set documents. */
export function readSeedTenant(code: string): { manifest: TenantManifest; ruleSets: unknown[] } {
  const dir = path.join(seedRoot, code);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'tenant.json'), 'utf8')) as TenantManifest;
  const ruleSetDir = path.join(dir, 'rule-sets');
  let files: string[] = [];
  try {
    files = readdirSync(ruleSetDir).filter((f) => f.endsWith('.json')).sort();
  } catch {
    files = [];
  }
  return { manifest, ruleSets: files.map((f) => JSON.parse(readFileSync(path.join(ruleSetDir, f), 'utf8'))) };
}
