import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { IdParams } from '../../schemas/api/common.schema.js';
import type {
  InstanceCommentRequest, InstanceListQuery, InstanceStartRequest, InstanceWithdrawRequest, WorkflowKeyParams,
} from '../../schemas/api/workflow-api.schema.js';
import { nodeTypes } from '../../schemas/flow/node-types.js';
import type { Json } from '../../rules/flow/index.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { requireUser, type AuthedContext } from '../http/request-context.js';
import { linkAttachments } from '../attachments/attachment.service.js';
import { findReadableInstance } from './instance-access.js';
import { startForUser } from './instance-start.service.js';
import { runCommand, type CommandOutcome } from './workflow-engine.service.js';
import { findVisibleInstance, listDefinitions, listDefinitionVersions, listInstances, timeline, toInstanceView } from './workflow-query.service.js';
import type { WorkflowRuntime } from './workflow-runtime.js';

export const workflowErrors = {
  400: { $ref: 'ErrorResponse#' }, 401: { $ref: 'ErrorResponse#' }, 403: { $ref: 'ErrorResponse#' }, 404: { $ref: 'ErrorResponse#' },
  409: { $ref: 'ErrorResponse#' }, 422: { $ref: 'ErrorResponse#' }, 429: { $ref: 'ErrorResponse#' },
};
const tags = ['workflows'];
const idempotencyHeader = {
  type: 'object',
  properties: { 'idempotency-key': { type: 'string', minLength: 8, maxLength: 128 } },
} as const;

/** The instance after an action, re-read through the caller's filters. */
export async function instanceAfter(ctx: AuthedContext, outcome: CommandOutcome, extra: Record<string, unknown> = {}) {
  ctx.em.clear();
  return { ...(await toInstanceView(ctx, await findVisibleInstance(ctx, outcome.instanceId))), ...extra };
}

/** Definitions, node types, instances and the initiator's actions (撤回, 催办, comment). */
export async function workflowRoutes(app: FastifyInstance, { runtime }: { runtime: WorkflowRuntime }): Promise<void> {
  app.get('/api/node-types', {
    schema: { tags, summary: 'Node types of the designer / 节点类型', response: { 200: { $ref: 'NodeTypeRegistry#' }, ...workflowErrors } },
  }, async () => nodeTypes);

  app.get('/api/workflows', {
    schema: { tags, summary: 'Published workflow definitions / 已发布流程', response: { 200: { type: 'array', items: { $ref: 'WorkflowDefinitionSummary#' } }, ...workflowErrors } },
  }, async (request) => listDefinitions(requireUser(request.ctx)));

  app.get<{ Params: FromSchema<typeof WorkflowKeyParams> }>('/api/workflows/:key/versions', {
    config: { roles: ['TENANT_ADMIN', 'DEPLOYER', 'APPROVER'] },
    schema: {
      tags, summary: 'Versions of a workflow definition / 流程版本', params: { $ref: 'WorkflowKeyParams#' },
      response: { 200: { type: 'array', items: { $ref: 'WorkflowDefinitionSummary#' } }, ...workflowErrors },
    },
  }, async (request) => listDefinitionVersions(requireUser(request.ctx), request.params.key));

  app.post<{ Params: FromSchema<typeof WorkflowKeyParams>; Body: FromSchema<typeof InstanceStartRequest>; Headers: FromSchema<typeof idempotencyHeader> }>('/api/workflows/:key/instances', {
    schema: {
      tags, summary: 'Start an instance of the published version / 发起流程', params: { $ref: 'WorkflowKeyParams#' }, headers: idempotencyHeader,
      body: { $ref: 'InstanceStartRequest#' }, response: { 200: { $ref: 'WorkflowInstanceView#' }, 201: { $ref: 'WorkflowInstanceView#' }, ...workflowErrors },
    },
  }, async (request, reply) => {
    const ctx = requireUser(request.ctx);
    const headerKey = request.headers['idempotency-key'];
    const bodyKey = request.body.idempotencyKey;
    if (headerKey !== undefined && bodyKey !== undefined && headerKey !== bodyKey) {
      throw new AppError('CF_ERR_VALIDATION', { problems: [{ in: 'headers', pointer: '/idempotency-key', message: 'differs from the body idempotencyKey' }] });
    }
    const key = headerKey ?? bodyKey ?? randomUUID();
    const outcome = await startForUser(runtime, ctx, request.params.key, request.body.variables as Record<string, Json>, key);
    return reply.status(outcome.created ? 201 : 200).send(await instanceAfter(ctx, outcome, { created: outcome.created }));
  });

  app.get<{ Querystring: FromSchema<typeof InstanceListQuery> }>('/api/instances', {
    schema: {
      tags, summary: 'Instances I may see / 流程实例', querystring: { $ref: 'InstanceListQuery#' },
      response: { 200: { type: 'array', items: { $ref: 'WorkflowInstanceView#' } }, ...workflowErrors },
    },
  }, async (request) => listInstances(requireUser(request.ctx), request.query));

  app.get<{ Params: FromSchema<typeof IdParams> }>('/api/instances/:id', {
    schema: { tags, summary: 'One instance / 实例详情', params: { $ref: 'IdParams#' }, response: { 200: { $ref: 'WorkflowInstanceView#' }, ...workflowErrors } },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    return toInstanceView(ctx, await findReadableInstance(ctx, request.params.id));
  });

  app.get<{ Params: FromSchema<typeof IdParams> }>('/api/instances/:id/timeline', {
    schema: {
      tags, summary: 'Timeline: every event with who, when and the rule traces / 流转记录', params: { $ref: 'IdParams#' },
      response: { 200: { type: 'array', items: { $ref: 'WorkflowEventView#' } }, ...workflowErrors },
    },
  }, async (request) => timeline(requireUser(request.ctx), request.params.id));

  /**
   * An action on an instance the caller may read (anyone else: 404). Attachments named by the
   * action are linked to the instance in the command's own transaction: a refused command links nothing.
   */
  const instanceAction = async (ctx: AuthedContext, id: string, command: Parameters<typeof runCommand>[3], attachmentIds: readonly string[] = []) => {
    await findReadableInstance(ctx, id);
    const outcome = attachmentIds.length === 0
      ? await runCommand(runtime, ctx, id, command)
      : await ctx.em.transactional(async (tx) => {
        const inTx = { ...ctx, em: tx };
        await linkAttachments(inTx, attachmentIds, id, '/attachmentIds');
        return runCommand(runtime, inTx, id, command);
      });
    return instanceAfter(ctx, outcome, { changed: outcome.changed });
  };

  app.post<{ Params: FromSchema<typeof IdParams>; Body: FromSchema<typeof InstanceWithdrawRequest> }>('/api/instances/:id/withdraw', {
    schema: { tags, summary: 'Withdraw (the initiator, before anyone acted) / 撤回', params: { $ref: 'IdParams#' }, body: { $ref: 'InstanceWithdrawRequest#' }, response: { 200: { $ref: 'WorkflowInstanceView#' }, ...workflowErrors } },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    return instanceAction(ctx, request.params.id, { type: 'withdraw', actor: ctx.user.id, ...(request.body.reason !== undefined ? { reason: request.body.reason } : {}) });
  });

  app.post<{ Params: FromSchema<typeof IdParams> }>('/api/instances/:id/urge', {
    schema: { tags, summary: 'Urge the pending approvers (rate-limited) / 催办', params: { $ref: 'IdParams#' }, response: { 200: { $ref: 'WorkflowInstanceView#' }, ...workflowErrors } },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    return instanceAction(ctx, request.params.id, { type: 'urge', actor: ctx.user.id });
  });

  app.post<{ Params: FromSchema<typeof IdParams>; Body: FromSchema<typeof InstanceCommentRequest> }>('/api/instances/:id/comment', {
    schema: { tags, summary: 'Comment, with attachments / 评论', params: { $ref: 'IdParams#' }, body: { $ref: 'InstanceCommentRequest#' }, response: { 200: { $ref: 'WorkflowInstanceView#' }, ...workflowErrors } },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    const attachmentIds = request.body.attachmentIds ?? [];
    return instanceAction(ctx, request.params.id, { type: 'comment', actor: ctx.user.id, text: request.body.text, attachmentIds: [...attachmentIds] }, attachmentIds);
  });
}
