import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleFolders } from './bundle-kinds.js';
import type { BundleFile } from './bundle-validate.js';

/** Every file under a bundle folder, as raw bytes (the validator checks the encoding), by relative path. */
export function readBundleDir(dir: string): BundleFile[] {
  const files: BundleFile[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const relPath = rel ? `${rel}/${name}` : name;
      const stat = statSync(path.join(dir, relPath));
      if (stat.isDirectory()) {
        if (!name.startsWith('.') && name !== 'node_modules') walk(relPath);
      } else {
        files.push({ path: relPath, content: new Uint8Array(readFileSync(path.join(dir, relPath))) });
      }
    }
  };
  walk('');
  return files;
}

/** Writes an exported bundle; documents of kinds it holds are replaced, notes (README.md) are kept. */
export function writeBundleDir(dir: string, files: readonly { path: string; content: string }[]): void {
  mkdirSync(dir, { recursive: true });
  for (const folder of bundleFolders) rmSync(path.join(dir, folder), { recursive: true, force: true });
  for (const f of files) {
    const target = path.join(dir, f.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, f.content);
  }
}
