import { escapePointer } from './ajv.js';

/**
 * What no JSON document of the platform may hold, whatever its schema says: text Postgres cannot
 * store (a NUL character is refused in text and jsonb; an unpaired UTF-16 surrogate is refused in
 * jsonb and silently replaced in text), and nesting deeper than any document the platform has
 * (the deepest rule set or workflow is about 10 levels) — deep nesting only exhausts stacks.
 * Pure: the server runs it on every request, the bundle validation on every document.
 */
export const JSON_LIMITS = Object.freeze({ maxDepth: 32 });

export type JsonGuardKeyword = 'text' | 'depth';

export interface JsonGuardProblem {
  /** JSON pointer of the offending string, key or too-deep value (its bad characters shown as U+FFFD). */
  pointer: string;
  keyword: JsonGuardKeyword;
}

/** A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const BAD_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const BAD_TEXT_ALL = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function isStorableText(s: string): boolean {
  return !BAD_TEXT.test(s);
}

function pointerSegment(key: string): string {
  return escapePointer(isStorableText(key) ? key : key.replace(BAD_TEXT_ALL, '\ufffd'));
}

function isPlainContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  if (Array.isArray(v)) return true;
  if (v === null || typeof v !== 'object') return false;
  // plain objects, and querystring parsers' `Object.create(null)`-based dictionaries
  const proto = Object.getPrototypeOf(v);
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
}

/**
 * The problems of a parsed JSON value (strings and keys that cannot be stored, values nested deeper
 * than `maxDepth` containers), at most `maxProblems`. Iterative: a value nested 100,000 levels is
 * walked without recursion, and not below the first level too deep.
 */
export function findJsonProblems(value: unknown, { maxDepth = JSON_LIMITS.maxDepth, maxProblems = 20 } = {}): JsonGuardProblem[] {
  const problems: JsonGuardProblem[] = [];
  const stack: { v: unknown; pointer: string; depth: number }[] = [{ v: value, pointer: '', depth: 0 }];
  while (stack.length && problems.length < maxProblems) {
    const { v, pointer, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (!isStorableText(v)) problems.push({ pointer, keyword: 'text' });
      continue;
    }
    if (!isPlainContainer(v)) continue;
    if (depth >= maxDepth) {
      problems.push({ pointer, keyword: 'depth' });
      continue;
    }
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      const here = `${pointer}/${pointerSegment(key)}`;
      if (!Array.isArray(v) && !isStorableText(key)) {
        problems.push({ pointer: here, keyword: 'text' });
        continue;
      }
      stack.push({ v: child, pointer: here, depth: depth + 1 });
    }
  }
  return problems;
}

/**
 * The deepest nesting of objects and arrays in JSON text, counted without parsing (strings skipped),
 * so that a parser that recurses is never handed a document it would overflow on.
 */
export function jsonTextDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) max = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}
