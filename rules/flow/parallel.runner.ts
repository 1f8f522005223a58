import { emit } from './flow-context.js';
import { edgesFrom, enterNode, leave, newToken, removeToken } from './flow-advance.js';
import type { NodeRunner } from './node-runner.types.js';

/** Parallel split: one new token per outgoing edge. */
export const parallelSplitRunner: NodeRunner<'parallelSplit'> = {
  enter(ctx, node, token) {
    removeToken(ctx, token.id);
    const branches = edgesFrom(ctx, node.id).map((e) => ({ edge: e, token: newToken(ctx, node.id) }));
    emit(ctx, 'tokensForked', { nodeId: node.id, tokenIds: branches.map((b) => b.token.id) }, 'system');
    for (const b of branches) enterNode(ctx, b.token, b.edge.to);
  },
};

/** Parallel join: waits until a token has arrived on every incoming edge, then continues with one. */
export const parallelJoinRunner: NodeRunner<'parallelJoin'> = {
  enter(ctx, node, token) {
    token.status = 'JOINING';
    const arrived = ctx.state.tokens.filter((t) => t.nodeId === node.id && t.status === 'JOINING');
    const expected = ctx.def.edges.filter((e) => e.to === node.id).length;
    if (arrived.length < expected) return;
    for (const t of arrived) removeToken(ctx, t.id);
    const merged = newToken(ctx, node.id);
    merged.lastApprovers = [];
    emit(ctx, 'tokensJoined', { nodeId: node.id, tokenId: merged.id }, 'system');
    leave(ctx, merged, 'out');
  },
};
