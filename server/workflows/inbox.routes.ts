import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { InboxRowsQuery } from '../../schemas/api/inbox-api.schema.js';
import type { IdParams } from '../../schemas/api/common.schema.js';
import type { TaskIdParams } from '../../schemas/api/workflow-api.schema.js';
import { requireUser } from '../http/request-context.js';
import { inboxInstance, inboxRows, inboxTask, inboxUsers } from './inbox-rows.service.js';
import { workflowErrors } from './workflow.routes.js';

const tags = ['tasks'];

/** What the studio's 待办中心 reads: list rows with counts, one task opened, and the people to name and pick. */
export async function inboxRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: FromSchema<typeof InboxRowsQuery> }>('/api/inbox', {
    schema: {
      tags, summary: 'Inbox rows with flow, dealer, amount, node and SLA; counts of every box / 待办中心列表',
      querystring: { $ref: 'InboxRowsQuery#' }, response: { 200: { $ref: 'InboxRowsResponse#' }, ...workflowErrors },
    },
  }, async (request) => inboxRows(requireUser(request.ctx), request.query.box));

  app.get<{ Params: FromSchema<typeof TaskIdParams> }>('/api/inbox/tasks/:taskId', {
    schema: {
      tags, summary: 'One task: field permissions, start form, return targets, order explanation / 任务详情',
      params: { $ref: 'TaskIdParams#' }, response: { 200: { $ref: 'InboxTaskDetail#' }, ...workflowErrors },
    },
  }, async (request) => inboxTask(requireUser(request.ctx), request.params.taskId));

  app.get<{ Params: FromSchema<typeof IdParams> }>('/api/inbox/instances/:id', {
    schema: {
      tags, summary: 'One instance without a task (我发起的 / 抄送我): start form and order explanation / 实例详情',
      params: { $ref: 'IdParams#' }, response: { 200: { $ref: 'InboxTaskDetail#' }, ...workflowErrors },
    },
  }, async (request) => inboxInstance(requireUser(request.ctx), request.params.id));

  app.get('/api/inbox/users', {
    config: { roles: ['TENANT_ADMIN', 'APPROVER'] },
    schema: {
      tags, summary: 'Colleagues to name and to pick for 转交 / 加签 / 人员',
      response: { 200: { type: 'array', items: { $ref: 'InboxUser#' } }, ...workflowErrors },
    },
  }, async (request) => inboxUsers(requireUser(request.ctx)));
}
