import { leave } from './flow-advance.js';
import type { NodeRunner } from './node-runner.types.js';

/** The start node: the start command has checked the starter and set the variables; move on. */
export const startRunner: NodeRunner<'start'> = {
  enter(ctx, _node, token) {
    leave(ctx, token, 'out');
  },
};
