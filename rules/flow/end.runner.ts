import { endInstance } from './flow-advance.js';
import type { NodeRunner } from './node-runner.types.js';

/** An end node ends the whole instance with its outcome (open tasks of other branches are cancelled). */
export const endRunner: NodeRunner<'end'> = {
  enter(ctx, node) {
    endInstance(ctx, node.params.outcome, node.id);
  },
};
