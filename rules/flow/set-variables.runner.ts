import { emit } from './flow-context.js';
import { leave } from './flow-advance.js';
import { resolveMapping } from './flow-value.js';
import type { NodeRunner } from './node-runner.types.js';

/**
 * Sets variables from a mapping of literals and { "$var" } references, all read before any is
 * written. (Formulas are not offered here: the rules library exports no formula evaluator.)
 */
export const setVariablesRunner: NodeRunner<'setVariables'> = {
  enter(ctx, node, token) {
    const values = resolveMapping(node.params.set, ctx.state.variables);
    Object.assign(ctx.state.variables, values);
    emit(ctx, 'variablesSet', { nodeId: node.id, values }, 'system');
    leave(ctx, token, 'out');
  },
};
