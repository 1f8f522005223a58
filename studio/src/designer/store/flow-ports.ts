import { outPortsOf, type FlowDefinition, type FlowEdge, type FlowNode } from '../../../../rules/flow/index.js';
import { nodeTypes, type FlowText } from '../../../../schemas/flow/node-types.js';
import { nextId, takenIds } from './node-defaults.js';

export interface PortView {
  name: string;
  label: FlowText;
  multiple: boolean;
  optional: boolean;
}

/** Handle ids on the canvas: `out:<port>` and `in:<port>`. */
export const outHandle = (port: string) => `out:${port}`;
export const inHandle = (port: string) => `in:${port}`;

export function inPortsOfNode(node: FlowNode): PortView[] {
  return nodeTypes[node.type].ports.in.map((p: { name: string; label: FlowText; multiple?: boolean; optional?: boolean }) => ({
    name: p.name, label: p.label, multiple: p.multiple === true, optional: p.optional === true,
  }));
}

/** Out ports with their labels; an exclusive gateway's come from its branches and default (dynamicOut). */
export function outPortsOfNode(node: FlowNode): PortView[] {
  if (node.type === 'exclusiveGateway') {
    const branches = Array.isArray(node.params.branches) ? node.params.branches : [];
    return [
      ...branches.map((b) => ({ name: b.port, label: { zh: b.label?.zh ?? b.port, en: b.label?.en ?? b.label?.zh ?? b.port }, multiple: false, optional: false })),
      ...(node.params.defaultPort ? [{ name: node.params.defaultPort, label: { zh: '默认', en: 'Default' }, multiple: false, optional: false }] : []),
    ];
  }
  const declared = nodeTypes[node.type].ports.out as readonly { name: string; label: FlowText }[];
  return outPortsOf(node).map((p) => ({ ...p, label: declared.find((d) => d.name === p.name)?.label ?? { zh: p.name, en: p.name } }));
}

export type ConnectionRefusal = 'SELF_LOOP' | 'WRONG_DIRECTION' | 'NO_SUCH_PORT' | 'PORT_IN_USE' | 'DUPLICATE' | 'UNKNOWN_NODE';

export interface ConnectionAttempt {
  source: string;
  sourceHandle?: string | null;
  target: string;
  targetHandle?: string | null;
}

export type ConnectionCheck = { ok: true; edge: FlowEdge } | { ok: false; reason: ConnectionRefusal };

function split(handle: string | null | undefined): { side: 'in' | 'out'; port: string } | null {
  const m = /^(in|out):(.+)$/.exec(handle ?? '');
  return m ? { side: m[1] as 'in' | 'out', port: m[2] } : null;
}

/**
 * Whether a connection drawn on the canvas is allowed by the node types' ports: it must go from
 * an out port to an in port (drawn backwards from an in port to an out port it is turned round),
 * not onto the same node, not through a single-edge port already used, not twice.
 */
export function checkConnection(doc: FlowDefinition, attempt: ConnectionAttempt): ConnectionCheck {
  let a = split(attempt.sourceHandle);
  let b = split(attempt.targetHandle);
  let from = attempt.source;
  let to = attempt.target;
  if (!a || !b) return { ok: false, reason: 'NO_SUCH_PORT' };
  if (a.side === b.side) return { ok: false, reason: 'WRONG_DIRECTION' };
  if (a.side === 'in') [a, b, from, to] = [b, a, to, from];
  if (from === to) return { ok: false, reason: 'SELF_LOOP' };
  const source = doc.nodes.find((n) => n.id === from);
  const target = doc.nodes.find((n) => n.id === to);
  if (!source || !target) return { ok: false, reason: 'UNKNOWN_NODE' };
  const port = outPortsOfNode(source).find((p) => p.name === a.port);
  if (!port || !inPortsOfNode(target).some((p) => p.name === b.port)) return { ok: false, reason: 'NO_SUCH_PORT' };
  const leaving = doc.edges.filter((e) => e.from === from && (e.port ?? 'out') === port.name);
  if (leaving.some((e) => e.to === to)) return { ok: false, reason: 'DUPLICATE' };
  if (!port.multiple && leaving.length > 0) return { ok: false, reason: 'PORT_IN_USE' };
  const id = nextId(`e_${from}`.slice(0, 40), takenIds(doc));
  return { ok: true, edge: port.name === 'out' ? { id, from, to } : { id, from, to, port: port.name } };
}

export const refusalText: Record<ConnectionRefusal, FlowText> = {
  SELF_LOOP: { zh: '不能连接到节点自身', en: 'A node cannot connect to itself' },
  WRONG_DIRECTION: { zh: '连线必须从出口连到入口', en: 'Connect an out port to an in port' },
  NO_SUCH_PORT: { zh: '该节点没有这个端口', en: 'The node has no such port' },
  PORT_IN_USE: { zh: '该出口只能有一条连线，请先删除已有连线', en: 'This out port takes one edge; remove the existing one first' },
  DUPLICATE: { zh: '这两个节点之间已有这条连线', en: 'These nodes are already connected this way' },
  UNKNOWN_NODE: { zh: '节点不存在', en: 'Unknown node' },
};

/** Edges leaving through ports a node no longer has (after its gateway branches were edited). */
export function edgesOnMissingPorts(doc: FlowDefinition, node: FlowNode): string[] {
  const ports = new Set(outPortsOfNode(node).map((p) => p.name));
  return doc.edges.filter((e) => e.from === node.id && !ports.has(e.port ?? 'out')).map((e) => e.id);
}
