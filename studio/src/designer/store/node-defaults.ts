import type { FlowDefinition, FlowNode, NodeParamsMap } from '../../../../rules/flow/index.js';
import type { NodeTypeId } from '../../../../schemas/flow/node-types.js';
import type { Position } from './flow-commands.js';

/**
 * The parameters a node starts with when dropped from the palette: the smallest document the
 * inspector can open. Some are deliberately incomplete (an approval without assignees) so the
 * live checks point at what the author still has to fill in. Exhaustive over the registry.
 */
export const defaultParams: { [K in NodeTypeId]: () => NodeParamsMap[K] } = {
  start: () => ({}),
  approval: () => ({ mode: 'SINGLE', assignees: [] }),
  rule: () => ({ ruleSet: { key: '' }, inputs: {} }),
  exclusiveGateway: () => ({ branches: [], defaultPort: 'default' }),
  parallelSplit: () => ({}),
  parallelJoin: () => ({ split: '' }),
  service: () => ({ url: '', secretRef: '' }),
  notify: () => ({ recipients: [] }),
  setVariables: () => ({ set: {} }),
  priceOrder: () => ({ inputs: { orderId: { $var: 'order.id' } } }),
  applyRebateOffset: () => ({ inputs: { orderId: { $var: 'order.id' } } }),
  allocateStock: () => ({ inputs: { orderId: { $var: 'order.id' } } }),
  setDealerTier: () => ({ inputs: { dealerCode: { $var: 'dealer.code' }, tier: '', reviewYear: '' } }),
  postRebateStatement: () => ({ inputs: { dealerCode: { $var: 'dealer.code' }, period: '' } }),
  activateDealer: () => ({ inputs: { dealerCode: { $var: 'dealerCode' } } }),
  end: () => ({ outcome: 'APPROVED' }),
};

const idPattern = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** The first free id of the form `<prefix>_<n>` (node ids and edge ids share the pattern). */
export function nextId(prefix: string, taken: ReadonlySet<string>): string {
  const base = idPattern.test(prefix) ? prefix.slice(0, 50) : 'n';
  for (let n = 1; ; n++) {
    const id = `${base}_${n}`;
    if (!taken.has(id)) return id;
  }
}

export function takenIds(doc: FlowDefinition): Set<string> {
  return new Set([...doc.nodes.map((n) => n.id), ...doc.edges.map((e) => e.id)]);
}

export function newNode(type: NodeTypeId, doc: FlowDefinition, position: Position): FlowNode {
  const id = nextId(type, takenIds(doc));
  return { id, type, params: defaultParams[type](), position: { x: Math.round(position.x), y: Math.round(position.y) } } as FlowNode;
}

/** A new workflow: start → end, ready to have steps dropped in between. */
export function newWorkflowDocument(key: string, name: { zh: string; en: string }): FlowDefinition {
  return {
    key,
    name,
    variables: [],
    nodes: [
      { id: 'start', type: 'start', params: {}, position: { x: 0, y: 0 } },
      { id: 'end', type: 'end', params: { outcome: 'APPROVED' }, position: { x: 480, y: 0 } },
    ],
    edges: [{ id: 'e_start_end', from: 'start', to: 'end' }],
  };
}
