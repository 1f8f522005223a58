import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBundleDir } from '../bundle/bundle-files.js';
import type { BundleFile } from '../bundle/bundle-validate.js';
import type { DemoData } from './tenant-seed.service.js';

const seedRoot = path.dirname(fileURLToPath(import.meta.url));

/** The bundle folder of a tenant the project ships (server/seed/<code>/). */
export const seedBundleDir = (code: string) => path.join(seedRoot, code);

/** A shipped tenant: its configuration bundle and its demo data (server/seed/demo/<code>.demo.json). */
export function readSeedTenant(code: string): { bundle: BundleFile[]; demo: DemoData } {
  return {
    bundle: readBundleDir(seedBundleDir(code)),
    demo: JSON.parse(readFileSync(path.join(seedRoot, 'demo', `${code}.demo.json`), 'utf8')) as DemoData,
  };
}

/** The tenants the project ships with demo data (server/seed/demo/<code>.demo.json), in code order. */
export function shippedDemoTenants(): string[] {
  return readdirSync(path.join(seedRoot, 'demo')).filter((f) => f.endsWith('.demo.json')).map((f) => f.slice(0, -'.demo.json'.length)).sort();
}
