import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { IncidentIdParams } from '../../schemas/api/workflow-api.schema.js';
import { requireUser } from '../http/request-context.js';
import { runCommand } from './workflow-engine.service.js';
import { findIncident, listIncidents, overdueTasks } from './workflow-query.service.js';
import { instanceAfter, workflowErrors } from './workflow.routes.js';
import type { WorkflowRuntime } from './workflow-runtime.js';

const tags = ['workflow-admin'];
const admins = ['TENANT_ADMIN'] as const;

/** The tenant admin's view of the runtime: tasks past their SLA, incidents with retry and skip. */
export async function workflowAdminRoutes(app: FastifyInstance, { runtime }: { runtime: WorkflowRuntime }): Promise<void> {
  app.get('/api/admin/instances/overdue', {
    config: { roles: admins },
    schema: { tags, summary: 'Pending tasks past their SLA / 超时待办', response: { 200: { type: 'array', items: { $ref: 'WorkflowTaskView#' } }, ...workflowErrors } },
  }, async (request) => overdueTasks(requireUser(request.ctx), runtime.clock()));

  app.get('/api/admin/incidents', {
    config: { roles: admins },
    schema: { tags, summary: 'Open incidents / 流程异常', response: { 200: { type: 'array', items: { $ref: 'WorkflowIncidentView#' } }, ...workflowErrors } },
  }, async (request) => listIncidents(requireUser(request.ctx)));

  for (const action of ['RETRY', 'SKIP'] as const) {
    app.post<{ Params: FromSchema<typeof IncidentIdParams> }>(`/api/admin/incidents/:id/${action.toLowerCase()}`, {
      config: { roles: admins },
      schema: {
        tags, summary: action === 'RETRY' ? 'Retry the failed node / 重试' : 'Skip the failed node / 跳过',
        params: { $ref: 'IncidentIdParams#' }, response: { 200: { $ref: 'WorkflowInstanceView#' }, ...workflowErrors },
      },
    }, async (request) => {
      const ctx = requireUser(request.ctx);
      const incident = await findIncident(ctx, request.params.id);
      const outcome = await runCommand(runtime, ctx, incident.instance.id, { type: 'resolveIncident', actor: ctx.user.id, incidentId: incident.incidentKey, action });
      return instanceAfter(ctx, outcome, { changed: outcome.changed });
    });
  }
}
