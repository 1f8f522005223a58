import type { FlowDefinition, FlowState, Json, ServiceCall } from '../../../../rules/flow/index';
import { resolveMapping } from '../../../../rules/flow/flow-value';

/**
 * What the simulator answers for an action node (it has no records to change): the inputs the
 * server would receive, resolved from the variables now, marked `simulated` so nobody mistakes the
 * result for a real posting.
 */
export function simulatedActionResult(def: FlowDefinition, state: FlowState, call: ServiceCall): Json {
  const node = def.nodes.find((n) => n.id === call.nodeId);
  const inputs = node && 'inputs' in node.params && call.action ? resolveMapping(node.params.inputs as never, state.variables) : {};
  return { simulated: true, action: call.action ?? null, inputs };
}
