import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { BulkApproveRequest } from '../../schemas/api/inbox-api.schema.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { WorkflowTask } from '../entities/index.js';
import { toErrorBody } from '../http/error-handler.js';
import { requireUser, type AuthedContext } from '../http/request-context.js';
import { findReadableInstance } from './instance-access.js';
import { runCommand } from './workflow-engine.service.js';
import { workflowErrors } from './workflow.routes.js';
import type { WorkflowRuntime } from './workflow-runtime.js';

/**
 * 批量同意: each task is approved by its own command (its own transaction), in the order given, the
 * way DingTalk's bulk approval behaves: one refusal does not undo the others. A task the caller may
 * not see (another tenant's, or on an instance they take no part in) answers CF_ERR_NOT_FOUND, as
 * its single-task route would; a visible task that is not theirs gets the machine's own refusal.
 */
export async function bulkTaskRoutes(app: FastifyInstance, { runtime }: { runtime: WorkflowRuntime }): Promise<void> {
  const approveOne = async (ctx: AuthedContext, taskId: string, comment: string | undefined) => {
    ctx.em.clear();
    const task = await ctx.em.findOne(WorkflowTask, { id: taskId });
    if (!task) throw new AppError('CF_ERR_NOT_FOUND');
    if (task.assignee.id !== ctx.user.id) await findReadableInstance(ctx, task.instance.id);
    const outcome = await runCommand(runtime, ctx, task.instance.id, {
      type: 'approve', actor: ctx.user.id, taskId: task.taskKey, ...(comment !== undefined ? { comment } : {}),
    });
    return { instanceId: outcome.instanceId, instanceStatus: outcome.state.status };
  };

  app.post<{ Body: FromSchema<typeof BulkApproveRequest> }>('/api/tasks/bulk-approve', {
    schema: {
      tags: ['tasks'], summary: 'Approve several tasks, each on its own / 批量同意',
      body: { $ref: 'BulkApproveRequest#' }, response: { 200: { $ref: 'BulkApproveResponse#' }, ...workflowErrors },
    },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    const results = [];
    for (const taskId of request.body.taskIds) {
      try {
        results.push({ taskId, ok: true, ...(await approveOne(ctx, taskId, request.body.comment)) });
      } catch (error) {
        const body = toErrorBody(error, request);
        if (body.statusCode >= 500) request.log.error({ err: error, taskId }, 'bulk approve: one task failed');
        results.push({ taskId, ok: false, error: { code: body.code, message: body.message } });
      }
    }
    ctx.em.clear();
    return { results };
  });
}
