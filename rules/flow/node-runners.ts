import { actionRunners } from './action.runner.js';
import { approvalRunner } from './approval.runner.js';
import { endRunner } from './end.runner.js';
import { exclusiveGatewayRunner } from './gateway.runner.js';
import { notifyRunner } from './notify.runner.js';
import { parallelJoinRunner, parallelSplitRunner } from './parallel.runner.js';
import { ruleRunner } from './rule.runner.js';
import { serviceRunner } from './service.runner.js';
import { setVariablesRunner } from './set-variables.runner.js';
import { startRunner } from './start.runner.js';
import type { FlowNode } from './flow-definition.types.js';
import type { StepContext } from './flow-context.js';
import type { Token } from './flow-state.types.js';
import type { NodeRunner, NodeRunners } from './node-runner.types.js';

/** The engine's runner per node type of `schemas/flow/node-types.ts` (exhaustive by type). */
export const nodeRunners: NodeRunners = {
  start: startRunner,
  approval: approvalRunner,
  rule: ruleRunner,
  exclusiveGateway: exclusiveGatewayRunner,
  parallelSplit: parallelSplitRunner,
  parallelJoin: parallelJoinRunner,
  service: serviceRunner,
  notify: notifyRunner,
  setVariables: setVariablesRunner,
  ...actionRunners,
  end: endRunner,
};

export function runNode(ctx: StepContext, node: FlowNode, token: Token): void {
  (nodeRunners[node.type] as NodeRunner<typeof node.type>).enter(ctx, node as never, token);
}
