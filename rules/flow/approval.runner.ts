import { buildStages, resolveAssignee } from './assignee-resolver.js';
import { activateStage } from './approval-stage.js';
import { newId } from './flow-context.js';
import type { ApprovalRun } from './flow-state.types.js';
import type { NodeRunner } from './node-runner.types.js';

/** An approval node: resolves its assignees into stages and starts the first one. */
export const approvalRunner: NodeRunner<'approval'> = {
  enter(ctx, node, token) {
    token.status = 'WAITING';
    const p = node.params;
    const input = { directory: ctx.env.directory, variables: ctx.state.variables, initiator: ctx.state.initiator ?? '' };
    const groups = p.assignees.flatMap((a) => resolveAssignee(a, input));
    const run: ApprovalRun = {
      id: newId(ctx, 'run'), nodeId: node.id, tokenId: token.id,
      stages: buildStages(p.mode, groups, p.passRatio), current: 0, lastApprovers: [...(token.lastApprovers ?? [])],
    };
    ctx.state.runs.push(run);
    activateStage(ctx, run, 0);
  },
};
