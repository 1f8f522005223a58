import type { NodeTypeId } from '../../schemas/flow/node-types.js';
import type { FlowNodeOf } from './flow-definition.types.js';
import type { StepContext } from './flow-context.js';
import type { Token } from './flow-state.types.js';

/** What the machine does when a token enters a node of one type. */
export interface NodeRunner<K extends NodeTypeId> {
  enter(ctx: StepContext, node: FlowNodeOf<K>, token: Token): void;
}

/** One runner per node type: a missing key is a compile error. */
export type NodeRunners = { readonly [K in NodeTypeId]: NodeRunner<K> };
