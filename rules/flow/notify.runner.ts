import { addEffect, emit } from './flow-context.js';
import { leave } from './flow-advance.js';
import { resolveAll } from './assignee-resolver.js';
import type { NodeRunner } from './node-runner.types.js';

/** 抄送: the recipients see the instance in "抄送我" and get a notification; the flow moves on. */
export const notifyRunner: NodeRunner<'notify'> = {
  enter(ctx, node, token) {
    const users = resolveAll(node.params.recipients, { directory: ctx.env.directory, variables: ctx.state.variables, initiator: ctx.state.initiator ?? '' });
    for (const userId of users) if (!ctx.state.cc.some((c) => c.userId === userId)) ctx.state.cc.push({ userId, nodeId: node.id, at: ctx.now });
    emit(ctx, 'ccAdded', { nodeId: node.id, users }, 'system');
    if (users.length > 0) addEffect(ctx, 'notify', { kind: 'CC', users, nodeId: node.id });
    leave(ctx, token, 'out');
  },
};
