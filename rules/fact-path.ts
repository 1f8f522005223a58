/**
 * Paths into object facts, the subset of JSONPath that json-rules-engine rules use in practice:
 * "$.a.b", "$.a[0]", "$['a b']". Both evaluation paths resolve paths with this one function (the
 * reference path passes it to json-rules-engine as its pathResolver), so they agree by construction.
 */
export type PathSegment = string | number;

const SEGMENT = /^(?:\.([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\['([^'\\]*)'\]|\["([^"\\]*)"\])/;

/** Parses a path; undefined when it is outside the supported subset. */
export function parseFactPath(path: string): PathSegment[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const out: PathSegment[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const m = SEGMENT.exec(rest);
    if (!m) return undefined;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(m[3] ?? m[4]);
    rest = rest.slice(m[0].length);
  }
  return out;
}

/** Follows a parsed path; a missing step gives undefined (json-rules-engine's JSONPath does the same). */
export function followPath(value: unknown, segments: readonly PathSegment[]): unknown {
  let cur = value;
  for (const s of segments) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (typeof s === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[s];
    } else {
      if (Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, s)) return undefined;
      cur = (cur as Record<string, unknown>)[s];
    }
  }
  return cur;
}

/** json-rules-engine's rule: a path applies to object facts only; other facts are returned as they are. */
export function resolveFactPath(value: unknown, path: string | undefined): unknown {
  if (path === undefined || value === null || typeof value !== 'object') return value;
  const segs = parseFactPath(path);
  return segs ? followPath(value, segs) : undefined;
}
