/** A versioned document row as rule sets and config documents store it. */
export interface VersionRow {
  key: string;
  version: number;
  status: string;
  document: unknown;
}

export interface VersionSummary {
  key: string;
  name?: unknown;
  published: number | null;
  draft: number | null;
}

/** One entry per key: its published and draft version numbers, named by the latest row (rows in key, version order). */
export function summarizeVersions(rows: readonly VersionRow[]): VersionSummary[] {
  const byKey = new Map<string, VersionSummary>();
  for (const row of rows) {
    const entry = byKey.get(row.key) ?? { key: row.key, published: null, draft: null };
    entry.name = (row.document as { name?: unknown }).name;
    if (row.status === 'PUBLISHED') entry.published = row.version;
    else entry.draft = row.version;
    byKey.set(row.key, entry);
  }
  return [...byKey.values()];
}
