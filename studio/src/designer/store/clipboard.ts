import type { FlowDefinition, FlowEdge, FlowNode } from '../../../../rules/flow/index.js';
import type { DesignerCommand } from './flow-commands.js';
import { nextId, takenIds } from './node-defaults.js';

/** What Ctrl+C keeps: the selected nodes and the edges between them. */
export interface FlowClipboard {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export function copySelection(doc: FlowDefinition, nodeIds: ReadonlySet<string>): FlowClipboard | null {
  const nodes = doc.nodes.filter((n) => nodeIds.has(n.id));
  if (nodes.length === 0) return null;
  const edges = doc.edges.filter((e) => nodeIds.has(e.from) && nodeIds.has(e.to));
  return structuredClone({ nodes, edges });
}

/**
 * The paste command: every node and edge gets a new id, positions move by `offset`, references
 * inside the copy (a join naming its split) follow the new ids. A second start node is not pasted.
 */
export function pasteCommand(doc: FlowDefinition, clip: FlowClipboard, offset = { x: 40, y: 40 }): { command: DesignerCommand; nodeIds: string[] } | null {
  const taken = takenIds(doc);
  const hasStart = doc.nodes.some((n) => n.type === 'start');
  const renamed = new Map<string, string>();
  const nodes: FlowNode[] = [];
  for (const n of clip.nodes) {
    if (n.type === 'start' && hasStart) continue;
    const id = nextId(n.id.replace(/_\d+$/, ''), taken);
    taken.add(id);
    renamed.set(n.id, id);
    const position = { x: (n.position?.x ?? 0) + offset.x, y: (n.position?.y ?? 0) + offset.y };
    nodes.push({ ...structuredClone(n), id, position } as FlowNode);
  }
  if (nodes.length === 0) return null;
  for (const n of nodes) {
    if (n.type === 'parallelJoin' && renamed.has(n.params.split)) n.params = { ...n.params, split: renamed.get(n.params.split)! };
  }
  const edges: FlowEdge[] = [];
  for (const e of clip.edges) {
    if (!renamed.has(e.from) || !renamed.has(e.to)) continue;
    const id = nextId('e', taken);
    taken.add(id);
    edges.push({ ...e, id, from: renamed.get(e.from)!, to: renamed.get(e.to)! });
  }
  return {
    command: {
      type: 'insertElements',
      nodes: nodes.map((node, i) => ({ node, index: doc.nodes.length + i })),
      edges: edges.map((edge, i) => ({ edge, index: doc.edges.length + i })),
    },
    nodeIds: nodes.map((n) => n.id),
  };
}
