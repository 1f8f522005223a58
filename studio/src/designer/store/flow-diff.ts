import type { FlowDefinition, FlowEdge, FlowNode } from '../../../../rules/flow/index.js';

export type NodeChangeKind = 'added' | 'removed' | 'changed' | 'moved' | 'same';

export interface ValueChange {
  /** JSON pointer inside the node, e.g. `/params/assignees/0/role`. */
  path: string;
  before: unknown;
  after: unknown;
}

export interface FlowDiff {
  nodes: Map<string, NodeChangeKind>;
  /** What changed in each changed node (type, name, params; positions are reported as `moved`). */
  changes: Map<string, ValueChange[]>;
  edges: Map<string, 'added' | 'removed' | 'same'>;
}

const edgeKey = (e: FlowEdge) => `${e.from}→${e.to}:${e.port ?? 'out'}`;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The leaves that differ between two JSON values, by JSON pointer. */
export function diffValues(before: unknown, after: unknown, path = ''): ValueChange[] {
  if (Array.isArray(before) && Array.isArray(after)) {
    const out: ValueChange[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) out.push(...diffValues(before[i], after[i], `${path}/${i}`));
    return out;
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => diffValues(before[k], after[k], `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path: path || '/', before, after }];
}

function contentOf(n: FlowNode) {
  return { type: n.type, name: n.name, params: n.params };
}

/**
 * What changed from one version of a workflow to another, node by node (by id) and edge by edge
 * (by source, target and port, since edge ids are not meaningful to the author).
 */
export function diffFlows(from: FlowDefinition, to: FlowDefinition): FlowDiff {
  const before = new Map(from.nodes.map((n) => [n.id, n]));
  const after = new Map(to.nodes.map((n) => [n.id, n]));
  const nodes = new Map<string, NodeChangeKind>();
  const changes = new Map<string, ValueChange[]>();
  for (const [id, n] of after) {
    const old = before.get(id);
    if (!old) { nodes.set(id, 'added'); continue; }
    const diff = diffValues(contentOf(old), contentOf(n));
    if (diff.length > 0) { nodes.set(id, 'changed'); changes.set(id, diff); continue; }
    const moved = old.position?.x !== n.position?.x || old.position?.y !== n.position?.y;
    nodes.set(id, moved ? 'moved' : 'same');
  }
  for (const id of before.keys()) if (!after.has(id)) nodes.set(id, 'removed');
  const oldEdges = new Set(from.edges.map(edgeKey));
  const newEdges = new Set(to.edges.map(edgeKey));
  const edges = new Map<string, 'added' | 'removed' | 'same'>();
  for (const k of newEdges) edges.set(k, oldEdges.has(k) ? 'same' : 'added');
  for (const k of oldEdges) if (!newEdges.has(k)) edges.set(k, 'removed');
  return { nodes, changes, edges };
}

/** One document holding both versions' nodes and edges, for a read-only canvas of the diff. */
export function mergeForDiff(from: FlowDefinition, to: FlowDefinition): { nodes: FlowNode[]; edges: (FlowEdge & { key: string })[] } {
  const ids = new Set(to.nodes.map((n) => n.id));
  const nodes = [...to.nodes, ...from.nodes.filter((n) => !ids.has(n.id))];
  const seen = new Set<string>();
  const edges: (FlowEdge & { key: string })[] = [];
  for (const e of [...to.edges, ...from.edges]) {
    const key = edgeKey(e);
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ ...e, key });
  }
  return { nodes, edges };
}

export { edgeKey };
