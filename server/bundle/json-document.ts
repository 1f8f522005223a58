import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { escapePointer } from '../../schemas/ajv.js';
import { findJsonProblems, JSON_LIMITS, jsonTextDepth } from '../../schemas/json-guard.js';

export const MAX_DOCUMENT_BYTES = 1024 * 1024;

export interface DocumentProblem {
  pointer: string;
  code: 'CFG_ERR_NOT_UTF8' | 'CFG_ERR_BAD_JSON' | 'CFG_ERR_DUPLICATE_KEY' | 'CFG_ERR_DOCUMENT_TOO_LARGE' | 'CF_ERR_BAD_TEXT' | 'CF_ERR_TOO_DEEP';
  message: string;
}

export type ParsedJson = { ok: true; value: unknown; text: string } | { ok: false; problems: DocumentProblem[] };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads one bundle document strictly: at most 1 MiB, valid UTF-8, plain JSON (no comments, no
 * trailing commas) and no object with the same key twice — JSON.parse would silently keep the last.
 */
export function parseJsonDocument(content: string | Uint8Array): ParsedJson {
  const size = typeof content === 'string' ? new TextEncoder().encode(content).length : content.byteLength;
  if (size > MAX_DOCUMENT_BYTES) {
    return { ok: false, problems: [{ pointer: '', code: 'CFG_ERR_DOCUMENT_TOO_LARGE', message: `${size} bytes; at most ${MAX_DOCUMENT_BYTES}` }] };
  }
  let text: string;
  if (typeof content === 'string') text = content;
  else {
    try {
      text = utf8.decode(content);
    } catch {
      return { ok: false, problems: [{ pointer: '', code: 'CFG_ERR_NOT_UTF8', message: `invalid UTF-8 at byte ${firstBadUtf8Byte(content)}` }] };
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  // jsonc-parser recurses: a document nested deeper than any platform document is refused before it is parsed.
  const depth = jsonTextDepth(text);
  if (depth > JSON_LIMITS.maxDepth) {
    return { ok: false, problems: [{ pointer: '', code: 'CF_ERR_TOO_DEEP', message: `nested ${depth} levels deep; at most ${JSON_LIMITS.maxDepth}` }] };
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length || !tree) {
    const e = errors[0];
    const where = e ? lineAndColumn(text, e.offset) : { line: 1, column: 1 };
    return { ok: false, problems: [{ pointer: '', code: 'CFG_ERR_BAD_JSON', message: `${e ? printParseErrorCode(e.error) : 'empty document'} at line ${where.line}, column ${where.column}` }] };
  }
  const duplicates: DocumentProblem[] = [];
  findDuplicateKeys(tree, '', text, duplicates);
  if (duplicates.length) return { ok: false, problems: duplicates };
  const value: unknown = JSON.parse(text);
  // "\u0000" and unpaired "\ud800" escapes parse into text Postgres refuses to store (jsonb)
  const unstorable = findJsonProblems(value).filter((p) => p.keyword === 'text');
  if (unstorable.length) {
    return { ok: false, problems: unstorable.map((p) => ({ pointer: p.pointer, code: 'CF_ERR_BAD_TEXT' as const, message: 'a NUL character (\\u0000) or an unpaired surrogate cannot be stored' })) };
  }
  return { ok: true, value, text };
}

function findDuplicateKeys(node: Node, pointer: string, text: string, out: DocumentProblem[]): void {
  if (node.type === 'object') {
    const seen = new Set<string>();
    for (const property of node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      const key = String(keyNode?.value);
      const here = `${pointer}/${escapePointer(key)}`;
      if (seen.has(key)) {
        const { line, column } = lineAndColumn(text, keyNode!.offset);
        out.push({ pointer: here, code: 'CFG_ERR_DUPLICATE_KEY', message: `key "${key}" appears again at line ${line}, column ${column}` });
      }
      seen.add(key);
      if (valueNode) findDuplicateKeys(valueNode, here, text, out);
    }
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((child, i) => findDuplicateKeys(child, `${pointer}/${i}`, text, out));
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Offset of the first byte that does not begin or continue a well-formed UTF-8 sequence. */
function firstBadUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += length;
  }
  return i;
}
