import { MarkerType, type Edge } from '@xyflow/react';
import type { FlowDefinition, FlowEdge, FlowNode } from '../../../../rules/flow/index.js';
import type { Position } from '../store/flow-commands';
import { inHandle, outHandle, outPortsOfNode } from '../store/flow-ports';
import type { DesignerProblem } from '../store/flow-validation';
import type { FlowRfNode } from './FlowNodeView';

export interface Selection {
  nodes: ReadonlySet<string>;
  edges: ReadonlySet<string>;
}

export const emptySelection: Selection = { nodes: new Set(), edges: new Set() };

export interface ViewState {
  selection: Selection;
  /** Positions of nodes being dragged (the document changes once, when the drag ends). */
  dragging: ReadonlyMap<string, Position>;
  /** Sizes React Flow measured, kept beside the document. */
  measured: ReadonlyMap<string, { width: number; height: number }>;
  problems: ReadonlyMap<string, DesignerProblem[]>;
}

interface CachedNode {
  node: FlowNode;
  selected: boolean;
  position: Position | undefined;
  measured: { width: number; height: number } | undefined;
  problems: DesignerProblem[] | undefined;
  rf: FlowRfNode;
}

const noPosition: Position = { x: 0, y: 0 };

/**
 * Derives React Flow's nodes from the document and the view state, reusing the node object of
 * every node whose inputs did not change — so a drag re-renders one node, not a thousand.
 */
export function createNodeDeriver() {
  let cache = new Map<string, CachedNode>();
  return (doc: FlowDefinition, view: ViewState): FlowRfNode[] => {
    const next = new Map<string, CachedNode>();
    const out = doc.nodes.map((node) => {
      const selected = view.selection.nodes.has(node.id);
      const position = view.dragging.get(node.id) ?? node.position;
      const measured = view.measured.get(node.id);
      const problems = view.problems.get(node.id);
      const hit = cache.get(node.id);
      if (hit && hit.node === node && hit.selected === selected && hit.position === position && hit.measured === measured && hit.problems === problems) {
        next.set(node.id, hit);
        return hit.rf;
      }
      const rf: FlowRfNode = {
        id: node.id, type: 'flow', position: position ?? noPosition, selected, data: { node, problems },
        ...(measured ? { measured } : {}),
      };
      next.set(node.id, { node, selected, position, measured, problems, rf });
      return rf;
    });
    cache = next;
    return out;
  };
}

function portLabel(nodes: Map<string, FlowNode>, e: FlowEdge, locale: 'zh-CN' | 'en'): string | undefined {
  const port = e.port ?? 'out';
  const source = nodes.get(e.from);
  if (!source || port === 'out') return undefined;
  const p = outPortsOfNode(source).find((x) => x.name === port);
  return p ? (locale === 'en' ? p.label.en : p.label.zh) : port;
}

/** React Flow's edges: one per document edge, its handle the source port, labelled when the port is named. */
export function deriveEdges(doc: FlowDefinition, selection: Selection, locale: 'zh-CN' | 'en', problemEdges: ReadonlySet<string> = new Set()): Edge[] {
  const nodes = new Map(doc.nodes.map((n) => [n.id, n]));
  return doc.edges.map((e) => {
    const bad = problemEdges.has(e.id);
    // the port is labelled at its handle; a gateway's branch label is repeated on the edge
    const label = nodes.get(e.from)?.type === 'exclusiveGateway' ? portLabel(nodes, e, locale) : undefined;
    return {
      id: e.id, source: e.from, target: e.to, sourceHandle: outHandle(e.port ?? 'out'), targetHandle: inHandle('in'),
      type: 'smoothstep', selected: selection.edges.has(e.id), markerEnd: { type: MarkerType.ArrowClosed, color: bad ? '#ff4d4f' : '#8c8c8c' },
      ...(label ? { label, labelBgPadding: [4, 2] as [number, number], labelStyle: { fontSize: 11 } } : {}),
      style: { stroke: bad ? '#ff4d4f' : '#8c8c8c', strokeWidth: 1.5 },
    };
  });
}
