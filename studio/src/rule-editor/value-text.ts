import type { ValueSpec } from '../../../rules/index';

/** A ValueSpec as one line: "= formula" for a formula, JSON for other values. */
export function formatSpec(spec: ValueSpec | undefined): string {
  if (spec === undefined) return '';
  if (spec !== null && typeof spec === 'object' && !Array.isArray(spec) && typeof (spec as { $expr?: unknown }).$expr === 'string') return `= ${(spec as { $expr: string }).$expr}`;
  return JSON.stringify(spec);
}

export function parseSpec(text: string): ValueSpec {
  const t = text.trim();
  if (t.startsWith('=')) return { $expr: t.slice(1).trim() };
  try { return JSON.parse(t) as ValueSpec; } catch { return t; }
}
