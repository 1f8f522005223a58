/**
 * The edit primitives of the rule editor: JSON-patch-like operations on an immutable document.
 * Applying one returns the new document (untouched branches keep their identity) and the exact
 * inverse operation, so every command undoes to a deep-equal document.
 */
export type PatchOp =
  /** Sets an object property (new or existing) or replaces an array item; path "" replaces the document. */
  | { op: 'replace'; path: string; value: unknown }
  /** Inserts into an array at an index, or adds a property that does not exist yet. */
  | { op: 'add'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  /** Moves an array item to another index of the same array. */
  | { op: 'move'; path: string; from: number; to: number }
  /** Renames an object property in place (order of an assign step's variables matters). */
  | { op: 'rename'; path: string; from: string; to: string };

export function escapeSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  if (!pointer.startsWith('/')) throw new Error(`not a JSON pointer: ${pointer}`);
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function joinPointer(base: string, ...segments: (string | number)[]): string {
  return base + segments.map((s) => '/' + escapeSegment(String(s))).join('');
}

export function getAt(doc: unknown, pointer: string): unknown {
  let cur: unknown = doc;
  for (const seg of parsePointer(pointer)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

type Container = Record<string, unknown> | unknown[];

/** Copies the containers along `segments` and lets `edit` change the last one in place. */
function updateIn(doc: unknown, segments: string[], edit: (parent: Container) => void): unknown {
  if (segments.length === 0) {
    const copy = Array.isArray(doc) ? [...doc] : { ...(doc as Record<string, unknown>) };
    edit(copy);
    return copy;
  }
  if (doc === null || typeof doc !== 'object') throw new Error(`no container at ${segments[0]}`);
  const [head, ...rest] = segments;
  const child = (doc as Record<string, unknown>)[head];
  if (child === undefined) throw new Error(`nothing at "${head}"`);
  const next = updateIn(child, rest, edit);
  if (Array.isArray(doc)) {
    const copy = [...doc];
    copy[Number(head)] = next;
    return copy;
  }
  return { ...(doc as Record<string, unknown>), [head]: next };
}

function splitLast(path: string): { parent: string[]; key: string } {
  const segs = parsePointer(path);
  if (segs.length === 0) throw new Error('the document root cannot be edited by a patch');
  return { parent: segs.slice(0, -1), key: segs[segs.length - 1] };
}

function arrayIndex(arr: unknown[], key: string, forInsert: boolean): number {
  const i = key === '-' && forInsert ? arr.length : Number(key);
  const max = forInsert ? arr.length : arr.length - 1;
  if (!Number.isInteger(i) || i < 0 || i > max) throw new Error(`index ${key} out of range`);
  return i;
}

export interface Applied {
  doc: unknown;
  inverse: PatchOp;
}

export function applyOp(doc: unknown, op: PatchOp): Applied {
  switch (op.op) {
    case 'replace': {
      if (op.path === '') return { doc: op.value, inverse: { op: 'replace', path: '', value: doc } };
      const { parent, key } = splitLast(op.path);
      let inverse: PatchOp = { op: 'remove', path: op.path };
      const next = updateIn(doc, parent, (c) => {
        if (Array.isArray(c)) {
          const i = arrayIndex(c, key, false);
          inverse = { op: 'replace', path: op.path, value: c[i] };
          c[i] = op.value;
        } else {
          if (Object.prototype.hasOwnProperty.call(c, key)) inverse = { op: 'replace', path: op.path, value: c[key] };
          c[key] = op.value;
        }
      });
      return { doc: next, inverse };
    }
    case 'add': {
      const { parent, key } = splitLast(op.path);
      let inverse: PatchOp = { op: 'remove', path: op.path };
      const next = updateIn(doc, parent, (c) => {
        if (Array.isArray(c)) {
          const i = arrayIndex(c, key, true);
          c.splice(i, 0, op.value);
          inverse = { op: 'remove', path: joinPointer('', ...parent, i) };
        } else {
          if (Object.prototype.hasOwnProperty.call(c, key)) throw new Error(`"${key}" exists already`);
          c[key] = op.value;
        }
      });
      return { doc: next, inverse };
    }
    case 'remove': {
      const { parent, key } = splitLast(op.path);
      let inverse!: PatchOp;
      const next = updateIn(doc, parent, (c) => {
        if (Array.isArray(c)) {
          const i = arrayIndex(c, key, false);
          inverse = { op: 'add', path: op.path, value: c[i] };
          c.splice(i, 1);
        } else {
          if (!Object.prototype.hasOwnProperty.call(c, key)) throw new Error(`nothing at "${key}"`);
          // restoring a property must restore its position too: rebuild the object in order
          inverse = { op: 'replace', path: joinPointer('', ...parent), value: { ...c } };
          delete c[key];
        }
      });
      return { doc: next, inverse };
    }
    case 'move': {
      const segs = parsePointer(op.path);
      const next = updateIn(doc, segs, (c) => {
        if (!Array.isArray(c)) throw new Error('move needs an array');
        arrayIndex(c, String(op.from), false);
        arrayIndex(c, String(op.to), false);
        const [item] = c.splice(op.from, 1);
        c.splice(op.to, 0, item);
      });
      return { doc: next, inverse: { op: 'move', path: op.path, from: op.to, to: op.from } };
    }
    case 'rename': {
      const segs = parsePointer(op.path);
      const next = updateIn(doc, segs, (c) => {
        if (Array.isArray(c)) throw new Error('rename needs an object');
        if (!Object.prototype.hasOwnProperty.call(c, op.from)) throw new Error(`nothing at "${op.from}"`);
        if (op.from !== op.to && Object.prototype.hasOwnProperty.call(c, op.to)) throw new Error(`"${op.to}" exists already`);
        const entries = Object.entries(c).map(([k, v]) => [k === op.from ? op.to : k, v] as const);
        for (const k of Object.keys(c)) delete c[k];
        for (const [k, v] of entries) c[k] = v;
      });
      return { doc: next, inverse: { op: 'rename', path: op.path, from: op.to, to: op.from } };
    }
  }
}

/** Applies ops in order; the inverse list undoes them (already reversed). */
export function applyOps(doc: unknown, ops: readonly PatchOp[]): { doc: unknown; inverse: PatchOp[] } {
  let cur = doc;
  const inverse: PatchOp[] = [];
  for (const op of ops) {
    const r = applyOp(cur, op);
    cur = r.doc;
    inverse.unshift(r.inverse);
  }
  return { doc: cur, inverse };
}
