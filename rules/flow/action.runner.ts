import { isActionNodeType, type ActionNodeTypeId } from '../../schemas/flow/node-types.js';
import type { StepContext } from './flow-context.js';
import { addEffect } from './flow-context.js';
import type { FlowNode } from './flow-definition.types.js';
import type { ServiceCall } from './flow-state.types.js';
import { resolveMapping } from './flow-value.js';
import type { NodeRunner } from './node-runner.types.js';
import { startCall } from './service.runner.js';

export type ActionNode = Extract<FlowNode, { type: ActionNodeTypeId }>;

export function isActionCall(node: FlowNode): node is ActionNode {
  return isActionNodeType(node.type);
}

/**
 * One attempt of an action: the inputs are read from the variables now (a retry sees the values of
 * its own time), and the key stays the same for every attempt of the call, so whatever the server
 * committed under it is returned, not done again.
 */
export function actionCallOnce(ctx: StepContext, call: ServiceCall, node: ActionNode): void {
  addEffect(ctx, 'runAction', {
    callId: call.id, nodeId: node.id, action: node.type, inputs: resolveMapping(node.params.inputs, ctx.state.variables),
    attempt: call.attempt, idempotencyKey: `${ctx.state.instanceId}:${call.id}`,
  });
}

/**
 * The one runner of every action node type: like a service node it opens a call and waits for
 * `serviceResult` (retries with backoff, an incident after the last try, the result into
 * `resultVariable`); the effect it asks for is `runAction` instead of a webhook.
 */
function actionRunner<K extends ActionNodeTypeId>(): NodeRunner<K> {
  return {
    enter(ctx, node, token) {
      token.status = 'WAITING';
      startCall(ctx, node.id, token.id, node.type);
    },
  };
}

export const actionRunners: { readonly [K in ActionNodeTypeId]: NodeRunner<K> } = {
  priceOrder: actionRunner(),
  applyRebateOffset: actionRunner(),
  allocateStock: actionRunner(),
  setDealerTier: actionRunner(),
  postRebateStatement: actionRunner(),
  activateDealer: actionRunner(),
};
