import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { FlowState } from '../../rules/flow/index.js';
import type { IncidentResolveRequest } from '../../schemas/api/incident-resolution.schema.js';
import type { IncidentIdParams } from '../../schemas/api/workflow-api.schema.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { requireUser, type AuthedContext } from '../http/request-context.js';
import { shanghaiToday } from '../rule-sets/rule-set.service.js';
import type { ActionIncidentPolicy, IncidentAt } from './action-delivery.js';
import { runCommand } from './workflow-engine.service.js';
import { findIncident, listIncidents, overdueTasks } from './workflow-query.service.js';
import { instanceAfter, workflowErrors } from './workflow.routes.js';
import type { ActionContext, WorkflowRuntime } from './workflow-runtime.js';
import { tenantSql } from '../db/tenant-sql.js';

const tags = ['workflow-admin'];
const admins = ['TENANT_ADMIN'] as const;

interface Locked { at: IncidentAt; action: string | null; policy: ActionIncidentPolicy | null; actx: ActionContext; txCtx: AuthedContext }

/**
 * Runs `body` in one transaction holding the incident's instance (the lock every command takes
 * first): the incident must still be open, and the policy of its action node type (if it is an
 * action's) decides on the records as they are under that lock.
 */
async function underIncident<T>(runtime: WorkflowRuntime, ctx: AuthedContext, id: string, body: (locked: Locked) => Promise<T>): Promise<T> {
  const incident = await findIncident(ctx, id);
  return ctx.em.transactional(async (tx) => {
    const txCtx = { ...ctx, em: tx };
    const [row] = await tenantSql({ em: tx, tenantId: ctx.tenantId })<{ state: FlowState }[]>('select state from workflow_instance where id = ? and tenant_id = :tenant for update', [incident.instance.id]);
    const open = row?.state.incidents.find((i) => i.id === incident.incidentKey && i.status === 'OPEN');
    if (!row || !open) throw new AppError('FLW_ERR_INCIDENT_NOT_FOUND', { incidentId: id });
    const action = [...row.state.calls].reverse().find((c) => c.nodeId === open.nodeId && c.action)?.action ?? null;
    const at: IncidentAt = { instanceId: incident.instance.id, nodeId: open.nodeId, incidentKey: open.id, code: open.code, message: open.message, asOf: shanghaiToday(runtime.clock()) };
    return body({ at, action, policy: action ? runtime.incidentPolicies?.[action] ?? null : null, actx: { em: tx, tenantId: ctx.tenantId, ruleCache: runtime.rules }, txCtx });
  });
}

/** The tenant admin's view of the runtime: tasks past their SLA, incidents with retry, skip and the resolutions their node offers. */
export async function workflowAdminRoutes(app: FastifyInstance, { runtime }: { runtime: WorkflowRuntime }): Promise<void> {
  app.get('/api/admin/instances/overdue', {
    config: { roles: admins },
    schema: { tags, summary: 'Pending tasks past their SLA / 超时待办', response: { 200: { type: 'array', items: { $ref: 'WorkflowTaskView#' } }, ...workflowErrors } },
  }, async (request) => overdueTasks(requireUser(request.ctx), runtime.clock()));

  app.get('/api/admin/incidents', {
    config: { roles: admins },
    schema: { tags, summary: 'Open incidents / 流程异常', response: { 200: { type: 'array', items: { $ref: 'WorkflowIncidentView#' } }, ...workflowErrors } },
  }, async (request) => listIncidents(requireUser(request.ctx)));

  app.get<{ Params: FromSchema<typeof IncidentIdParams> }>('/api/admin/incidents/:id/options', {
    config: { roles: admins },
    schema: {
      tags, summary: 'What retry and skip would do now, and the resolutions offered / 异常可选处理方式',
      params: { $ref: 'IncidentIdParams#' }, response: { 200: { $ref: 'IncidentOptionsView#' }, ...workflowErrors },
    },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    return underIncident(runtime, ctx, request.params.id, async ({ at, action, policy, actx }) => ({
      incidentId: request.params.id, nodeId: at.nodeId, action,
      retry: policy ? await policy.allows(actx, at, 'RETRY') : { allowed: true },
      skip: policy ? await policy.allows(actx, at, 'SKIP') : { allowed: true },
      resolutions: Object.keys(policy?.resolutions ?? {}),
    }));
  });

  for (const action of ['RETRY', 'SKIP'] as const) {
    app.post<{ Params: FromSchema<typeof IncidentIdParams> }>(`/api/admin/incidents/:id/${action.toLowerCase()}`, {
      config: { roles: admins },
      schema: {
        tags, summary: action === 'RETRY' ? 'Retry the failed node (refused when it can only fail again) / 重试' : 'Skip the failed node (refused when the records would disagree) / 跳过',
        params: { $ref: 'IncidentIdParams#' }, response: { 200: { $ref: 'WorkflowInstanceView#' }, ...workflowErrors },
      },
    }, async (request) => {
      const ctx = requireUser(request.ctx);
      const outcome = await underIncident(runtime, ctx, request.params.id, async ({ at, action: type, policy, actx, txCtx }) => {
        const check = policy ? await policy.allows(actx, at, action) : { allowed: true };
        if (!check.allowed) throw new AppError('DMS_ERR_INCIDENT_RESOLUTION', { action, nodeType: type, ...check.why });
        return runCommand(runtime, txCtx, at.instanceId, { type: 'resolveIncident', actor: ctx.user.id, incidentId: at.incidentKey, action });
      });
      return instanceAfter(ctx, outcome, { changed: outcome.changed });
    });
  }

  app.post<{ Params: FromSchema<typeof IncidentIdParams>; Body: FromSchema<typeof IncidentResolveRequest> }>('/api/admin/incidents/:id/resolve', {
    config: { roles: admins },
    schema: {
      tags, summary: 'Resolve an incident another way its node offers (re-price without the offset, cancel the order) / 异常处理',
      params: { $ref: 'IncidentIdParams#' }, body: { $ref: 'IncidentResolveRequest#' }, response: { 200: { $ref: 'WorkflowInstanceView#' }, ...workflowErrors },
    },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    const { resolution, reason } = request.body;
    const outcome = await underIncident(runtime, ctx, request.params.id, async ({ at, action, policy, actx, txCtx }) => {
      const apply = policy?.resolutions[resolution];
      if (!apply) throw new AppError('DMS_ERR_INCIDENT_RESOLUTION', { resolution, nodeType: action, offered: Object.keys(policy?.resolutions ?? {}) });
      const done = await apply(actx, at, { actor: ctx.user.id, ...(reason ? { reason } : {}) });
      // The timeline keeps who resolved it, how and what changed; then the flow moves in the same transaction.
      await runCommand(runtime, txCtx, at.instanceId, { type: 'comment', actor: ctx.user.id, text: done.note });
      if (done.then === 'SKIP') return runCommand(runtime, txCtx, at.instanceId, { type: 'resolveIncident', actor: ctx.user.id, incidentId: at.incidentKey, action: 'SKIP' });
      // Withdrawing: the incident is closed by re-entering its node (a new call the ended instance marks failed; its job then does nothing), never by moving past it.
      await runCommand(runtime, txCtx, at.instanceId, { type: 'resolveIncident', actor: ctx.user.id, incidentId: at.incidentKey, action: 'RETRY' });
      return runCommand(runtime, txCtx, at.instanceId, { type: 'withdraw', actor: ctx.user.id, reason: done.note.slice(0, 500) });
    });
    return instanceAfter(ctx, outcome, { changed: outcome.changed });
  });
}
