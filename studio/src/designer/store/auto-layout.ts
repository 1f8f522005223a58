import { Graph, layout } from '@dagrejs/dagre';
import type { FlowDefinition } from '../../../../rules/flow/index.js';
import type { DesignerCommand, Position } from './flow-commands.js';

/** The size nodes are drawn at on the canvas (FlowNodeView), which dagre lays out around. */
export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 64;

/** Positions for every node, left → right in the direction of the flow (dagre). */
export function layoutPositions(doc: FlowDefinition): Map<string, Position> {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 90, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of doc.nodes) g.setNode(n.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  const ids = new Set(doc.nodes.map((n) => n.id));
  for (const e of doc.edges) if (ids.has(e.from) && ids.has(e.to)) g.setEdge(e.from, e.to, {}, e.id);
  layout(g);
  const out = new Map<string, Position>();
  for (const n of doc.nodes) {
    const p = g.node(n.id);
    // dagre gives centres; the canvas places nodes by their top-left corner
    out.set(n.id, { x: Math.round(p.x - NODE_WIDTH / 2), y: Math.round(p.y - NODE_HEIGHT / 2) });
  }
  return out;
}

/** The auto-layout as one command (one undo step). */
export function layoutCommand(doc: FlowDefinition): DesignerCommand {
  const positions = layoutPositions(doc);
  return { type: 'moveNodes', moves: doc.nodes.map((n) => ({ id: n.id, to: positions.get(n.id)! })) };
}
