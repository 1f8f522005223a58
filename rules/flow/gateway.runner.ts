import { emit } from './flow-context.js';
import { leave } from './flow-advance.js';
import { evaluateCondition } from './flow-condition.js';
import type { NodeRunner } from './node-runner.types.js';

/** Exclusive gateway: the first branch whose condition holds, else the default branch. */
export const exclusiveGatewayRunner: NodeRunner<'exclusiveGateway'> = {
  enter(ctx, node, token) {
    const results: { port: string; result: boolean }[] = [];
    let chosen: string | undefined;
    for (const b of node.params.branches) {
      const result = evaluateCondition(b.condition, ctx.state.variables, ctx.env.regions);
      results.push({ port: b.port, result });
      if (result) { chosen = b.port; break; }
    }
    const port = chosen ?? node.params.defaultPort;
    emit(ctx, 'gatewayEvaluated', { nodeId: node.id, port, isDefault: chosen === undefined, results }, 'system');
    leave(ctx, token, port);
  },
};
