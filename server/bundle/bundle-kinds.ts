import type { ConfigDocumentKind } from '../entities/config-document-version.entity.js';

/** The kinds of document a bundle holds: where each lives and which schema it follows. Declared once. */
export const bundleKinds = {
  tenant: { pattern: /^tenant\.json$/, schemaId: 'TenantManifest', folder: null },
  ruleSet: { pattern: /^rule-sets\/([a-z0-9][a-z0-9-]{0,63})\.json$/, schemaId: 'RuleSet', folder: 'rule-sets' },
  form: { pattern: /^forms\/([a-z0-9][a-z0-9-]{0,63})\.json$/, schemaId: 'FormDefinition', folder: 'forms' },
  workflow: { pattern: /^workflows\/([a-z0-9][a-z0-9-]{0,63})\.json$/, schemaId: 'FlowDefinition', folder: 'workflows' },
  calendar: { pattern: /^calendars\/([a-z0-9][a-z0-9-]{0,63})\.json$/, schemaId: 'WorkingCalendar', folder: 'calendars' },
} as const satisfies Record<string, { pattern: RegExp; schemaId: string; folder: string | null }>;

export type BundleKind = keyof typeof bundleKinds;

/** Kinds stored as plain versioned documents (the manifest and rule sets have stores of their own). */
export const documentKinds: Record<Exclude<BundleKind, 'tenant' | 'ruleSet'>, ConfigDocumentKind> = {
  form: 'form',
  workflow: 'workflow',
  calendar: 'calendar',
};

export const bundleFolders = Object.values(bundleKinds).map((k) => k.folder).filter((f): f is NonNullable<typeof f> => f !== null);

export function kindOfPath(path: string): { kind: BundleKind; keyFromName: string | null } | null {
  for (const [kind, def] of Object.entries(bundleKinds) as [BundleKind, (typeof bundleKinds)[BundleKind]][]) {
    const m = def.pattern.exec(path);
    if (m) return { kind, keyFromName: m[1] ?? null };
  }
  return null;
}

/** Files a bundle folder may hold besides its documents: notes for people, editor settings. */
export function isIgnoredPath(path: string): boolean {
  return /(^|\/)\./.test(path) || /\.(md|txt)$/i.test(path);
}

export function pathOf(kind: BundleKind, key: string): string {
  const folder = bundleKinds[kind].folder;
  return folder ? `${folder}/${key}.json` : 'tenant.json';
}
