import type { LocalizedText } from '../../../../rules/index.js';
import type { FlowDefinition, FlowEdge, FlowNode } from '../../../../rules/flow/index.js';

export type Position = { x: number; y: number };

/**
 * Every edit of the workflow document is one of these commands. `executeCommand` applies it and
 * returns its exact inverse (another command), so undo is "execute the inverse" and redo is
 * "execute the command again".
 */
export type DesignerCommand =
  | { type: 'addNode'; node: FlowNode }
  /** Puts nodes and edges back at their indexes (the inverse of a removal, and what paste does). */
  | { type: 'insertElements'; nodes: { node: FlowNode; index: number }[]; edges: { edge: FlowEdge; index: number }[] }
  /** Removes nodes with every edge touching them, and the listed edges. */
  | { type: 'removeElements'; nodeIds: string[]; edgeIds: string[] }
  /** One drag (or one auto-layout): `to: null` removes a node's position. */
  | { type: 'moveNodes'; moves: { id: string; to: Position | null }[] }
  | { type: 'connect'; edge: FlowEdge }
  | { type: 'updateParams'; nodeId: string; params: FlowNode['params'] }
  | { type: 'rename'; nodeId: string; name: LocalizedText | null }
  | { type: 'updateWorkflow'; name: LocalizedText; description: string | null }
  /** Inverses only: puts back the exact node objects (and so their key order) an edit replaced. */
  | { type: 'restoreNodes'; nodes: FlowNode[] }
  /** Inverse of updateWorkflow: the document's fields other than nodes and edges, in their order. */
  | { type: 'restoreHeader'; keys: string[]; fields: Record<string, unknown> }
  /** Several commands as one undo step (inverse: their inverses in reverse order). */
  | { type: 'batch'; commands: DesignerCommand[] };

export type DesignerCommandType = DesignerCommand['type'];

export class CommandError extends Error {
  constructor(readonly code: 'UNKNOWN_NODE' | 'UNKNOWN_EDGE' | 'DUPLICATE_ID', readonly id: string) {
    super(`${code}: ${id}`);
  }
}

export interface Executed {
  doc: FlowDefinition;
  inverse: DesignerCommand;
}

function nodeIndex(doc: FlowDefinition, id: string): number {
  const i = doc.nodes.findIndex((n) => n.id === id);
  if (i < 0) throw new CommandError('UNKNOWN_NODE', id);
  return i;
}

/** Inserts in ascending index order, so removing then inserting restores the exact arrays. */
function insertAt<T>(list: readonly T[], items: { item: T; index: number }[]): T[] {
  const out = list.slice();
  for (const { item, index } of [...items].sort((a, b) => a.index - b.index)) out.splice(Math.min(index, out.length), 0, item);
  return out;
}

const nodeKeyOrder = ['id', 'type', 'name', 'params', 'position'];
const docKeyOrder = ['$schema', 'key', 'name', 'description', 'version', 'variables', 'settings', 'nodes', 'edges'];

/**
 * Sets (or with `undefined` removes) one key, keeping the other keys in place and putting a new
 * key where the schema lists it: documents are stored with their key order, so edits keep it.
 */
function setKey<T extends object>(obj: T, key: string, value: unknown, order: readonly string[]): T {
  const entries = Object.entries(obj).filter(([k]) => k !== key);
  if (value !== undefined) {
    const at = Object.keys(obj).indexOf(key);
    if (at >= 0) entries.splice(at, 0, [key, value]);
    else {
      const rank = order.indexOf(key);
      const before = entries.findIndex(([k]) => order.indexOf(k) > rank);
      entries.splice(before < 0 ? entries.length : before, 0, [key, value]);
    }
  }
  return Object.fromEntries(entries) as T;
}

function restoreNodes(doc: FlowDefinition, replacements: FlowNode[]): Executed {
  const nodes = doc.nodes.slice();
  const old: FlowNode[] = [];
  for (const node of replacements) {
    const i = nodeIndex(doc, node.id);
    old.push(nodes[i]);
    nodes[i] = node;
  }
  return { doc: { ...doc, nodes }, inverse: { type: 'restoreNodes', nodes: old.reverse() } };
}

function execAddNode(doc: FlowDefinition, node: FlowNode): Executed {
  if (doc.nodes.some((n) => n.id === node.id)) throw new CommandError('DUPLICATE_ID', node.id);
  return { doc: { ...doc, nodes: [...doc.nodes, node] }, inverse: { type: 'removeElements', nodeIds: [node.id], edgeIds: [] } };
}

function execInsert(doc: FlowDefinition, cmd: Extract<DesignerCommand, { type: 'insertElements' }>): Executed {
  const ids = new Set(doc.nodes.map((n) => n.id));
  for (const { node } of cmd.nodes) {
    if (ids.has(node.id)) throw new CommandError('DUPLICATE_ID', node.id);
    ids.add(node.id);
  }
  const edgeIds = new Set(doc.edges.map((e) => e.id));
  for (const { edge } of cmd.edges) {
    if (edgeIds.has(edge.id)) throw new CommandError('DUPLICATE_ID', edge.id);
    edgeIds.add(edge.id);
  }
  return {
    doc: {
      ...doc,
      nodes: insertAt(doc.nodes, cmd.nodes.map(({ node, index }) => ({ item: node, index }))),
      edges: insertAt(doc.edges, cmd.edges.map(({ edge, index }) => ({ item: edge, index }))),
    },
    inverse: { type: 'removeElements', nodeIds: cmd.nodes.map((n) => n.node.id), edgeIds: cmd.edges.map((e) => e.edge.id) },
  };
}

function execRemove(doc: FlowDefinition, cmd: Extract<DesignerCommand, { type: 'removeElements' }>): Executed {
  const nodeIds = new Set(cmd.nodeIds);
  for (const id of nodeIds) nodeIndex(doc, id);
  const edgeIds = new Set(cmd.edgeIds);
  for (const id of edgeIds) if (!doc.edges.some((e) => e.id === id)) throw new CommandError('UNKNOWN_EDGE', id);
  const removedNodes: { node: FlowNode; index: number }[] = [];
  const keptNodes = doc.nodes.filter((node, index) => (nodeIds.has(node.id) ? (removedNodes.push({ node, index }), false) : true));
  const removedEdges: { edge: FlowEdge; index: number }[] = [];
  const keptEdges = doc.edges.filter((edge, index) => {
    const gone = edgeIds.has(edge.id) || nodeIds.has(edge.from) || nodeIds.has(edge.to);
    if (gone) removedEdges.push({ edge, index });
    return !gone;
  });
  return {
    doc: { ...doc, nodes: keptNodes, edges: keptEdges },
    inverse: { type: 'insertElements', nodes: removedNodes, edges: removedEdges },
  };
}

function execMove(doc: FlowDefinition, cmd: Extract<DesignerCommand, { type: 'moveNodes' }>): Executed {
  const byId = new Map<string, FlowNode>();
  for (const { id, to } of cmd.moves) {
    const node = byId.get(id) ?? doc.nodes[nodeIndex(doc, id)];
    byId.set(id, setKey(node, 'position', to ? { x: to.x, y: to.y } : undefined, nodeKeyOrder));
  }
  return restoreNodes(doc, [...byId.values()]);
}

function execConnect(doc: FlowDefinition, edge: FlowEdge): Executed {
  if (doc.edges.some((e) => e.id === edge.id)) throw new CommandError('DUPLICATE_ID', edge.id);
  nodeIndex(doc, edge.from);
  nodeIndex(doc, edge.to);
  return { doc: { ...doc, edges: [...doc.edges, edge] }, inverse: { type: 'removeElements', nodeIds: [], edgeIds: [edge.id] } };
}

function execParams(doc: FlowDefinition, nodeId: string, params: FlowNode['params']): Executed {
  const node = doc.nodes[nodeIndex(doc, nodeId)];
  return restoreNodes(doc, [setKey(node, 'params', params, nodeKeyOrder)]);
}

function execRename(doc: FlowDefinition, nodeId: string, name: LocalizedText | null): Executed {
  const node = doc.nodes[nodeIndex(doc, nodeId)];
  return restoreNodes(doc, [setKey(node, 'name', name ?? undefined, nodeKeyOrder)]);
}

/** The inverse of a change to the document's own fields: those fields, and every key's place. */
function headerOf(doc: FlowDefinition): Extract<DesignerCommand, { type: 'restoreHeader' }> {
  return { type: 'restoreHeader', keys: Object.keys(doc), fields: Object.fromEntries(Object.entries(doc).filter(([k]) => k !== 'nodes' && k !== 'edges')) };
}

function execWorkflow(doc: FlowDefinition, name: LocalizedText, description: string | null): Executed {
  const next = setKey(setKey(doc, 'name', name, docKeyOrder), 'description', description ?? undefined, docKeyOrder);
  return { doc: next, inverse: headerOf(doc) };
}

function execRestoreHeader(doc: FlowDefinition, keys: string[], fields: Record<string, unknown>): Executed {
  const current = doc as unknown as Record<string, unknown>;
  const next = Object.fromEntries(keys.map((k) => [k, k === 'nodes' || k === 'edges' ? current[k] : fields[k]]));
  return { doc: next as unknown as FlowDefinition, inverse: headerOf(doc) };
}

/** Applies one command to the document (never mutating it) and returns the command that undoes it. */
export function executeCommand(doc: FlowDefinition, cmd: DesignerCommand): Executed {
  switch (cmd.type) {
    case 'addNode': return execAddNode(doc, cmd.node);
    case 'insertElements': return execInsert(doc, cmd);
    case 'removeElements': return execRemove(doc, cmd);
    case 'moveNodes': return execMove(doc, cmd);
    case 'connect': return execConnect(doc, cmd.edge);
    case 'updateParams': return execParams(doc, cmd.nodeId, cmd.params);
    case 'rename': return execRename(doc, cmd.nodeId, cmd.name);
    case 'updateWorkflow': return execWorkflow(doc, cmd.name, cmd.description);
    case 'restoreNodes': return restoreNodes(doc, cmd.nodes);
    case 'restoreHeader': return execRestoreHeader(doc, cmd.keys, cmd.fields);
    case 'batch': {
      let current = doc;
      const inverses: DesignerCommand[] = [];
      for (const c of cmd.commands) {
        const done = executeCommand(current, c);
        current = done.doc;
        inverses.push(done.inverse);
      }
      return { doc: current, inverse: { type: 'batch', commands: inverses.reverse() } };
    }
  }
}
