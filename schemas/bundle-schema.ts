type Json = Record<string, unknown>;

export interface BundledSchema {
  /** The root schema with `$id` removed and references rewritten to `#…` / `#/definitions/<Id>…`. */
  root: Json;
  /** Every other schema the root reaches by `$id`, keyed by that id. */
  definitions: Json;
}

/**
 * One schema made self-contained: every schema it references by `$id` (found in `byId`) is copied
 * under `definitions` and the references are rewritten to point there. Serves editors (`/schemas/…`)
 * and form renderers that resolve only local `$ref`s. A reference to an id not in `byId` is kept as it
 * is, or refused with `unknownRef: 'throw'`.
 */
export function bundleSchema(rootId: string, byId: ReadonlyMap<string, unknown>, { unknownRef = 'keep' }: { unknownRef?: 'keep' | 'throw' } = {}): BundledSchema {
  const needed = new Set<string>([rootId]);
  const queue = [rootId];
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== 'object') return node;
    const out: Json = {};
    for (const [k, v] of Object.entries(node as Json)) {
      if (k === '$id') continue;
      if (k === '$ref' && typeof v === 'string' && !v.startsWith('#')) {
        const [id, pointer = ''] = v.split('#');
        if (byId.has(id)) {
          if (!needed.has(id)) {
            needed.add(id);
            queue.push(id);
          }
          out.$ref = id === rootId ? `#${pointer}` : `#/definitions/${id}${pointer}`;
          continue;
        }
        if (unknownRef === 'throw') throw new Error(`unknown schema ${id}`);
      }
      out[k] = rewrite(v);
    }
    return out;
  };
  const rewritten = new Map<string, Json>();
  while (queue.length) {
    const id = queue.shift()!;
    rewritten.set(id, rewrite(byId.get(id)) as Json);
  }
  return {
    root: rewritten.get(rootId)!,
    definitions: Object.fromEntries([...rewritten].filter(([id]) => id !== rootId)),
  };
}
