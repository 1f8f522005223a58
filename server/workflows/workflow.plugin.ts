import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyInstance } from 'fastify';
import { dmsActionHandlers, dmsIncidentPolicies } from '../dms/actions/index.js';
import { orderLoopRoutes } from '../dms/order-loop.routes.js';
import { loadOrderFlowKeys, orderFlowKeys, settleOrderOfInstance } from '../dms/order-outcome.js';
import { scheduleTierReview, tierReviewRoutes } from '../dms/tier-review.routes.js';
import { shanghaiToday } from '../rule-sets/rule-set.service.js';
import { warnOfGlobalSecretVariables } from '../secrets/global-secret-variables.js';
import { formDefinitionRoutes } from './form-definition.routes.js';
import { bulkTaskRoutes } from './bulk-task.routes.js';
import { inboxRoutes } from './inbox.routes.js';
import { taskRoutes } from './task.routes.js';
import { setWebhookGuard } from './webhook-delivery.js';
import { workflowAdminRoutes } from './workflow-admin.routes.js';
import { startWorkflowRuntime, type WorkflowOptions } from './workflow-jobs.js';
import { workflowDefinitionRoutes } from './workflow-definition.routes.js';
import { workflowRoutes } from './workflow.routes.js';

/** The workflow runtime as one plugin: pg-boss (and its workers when enabled) for the app's lifetime, and the routes. */
export async function workflowPlugin(
  app: FastifyInstance,
  { orm, options, webhookAllowHosts = [], secretsKey = null }: { orm: MikroORM; options: WorkflowOptions; webhookAllowHosts?: readonly string[]; secretsKey?: Buffer | null },
): Promise<void> {
  const { runtime, stop } = await startWorkflowRuntime(orm, options, app.log, secretsKey);
  warnOfGlobalSecretVariables(process.env, app.log);
  // Set before any job can run: the workers' first poll answers on a later turn of the event loop.
  setWebhookGuard(runtime, { policy: { allowHosts: webhookAllowHosts } });
  // The DMS records the flows act on: action nodes' handlers and incident policies, and orders following their instance's end.
  runtime.actionHandlers = dmsActionHandlers;
  runtime.incidentPolicies = dmsIncidentPolicies;
  await loadOrderFlowKeys(orm.em.fork());
  runtime.endHooks.push({
    definitionKeys: orderFlowKeys,
    onEnded: (ctx, instanceId, state) => settleOrderOfInstance(ctx, instanceId, state, runtime.clock(), shanghaiToday(runtime.clock())),
  });
  app.addHook('onClose', stop);
  await app.register(workflowRoutes, { runtime });
  await app.register(taskRoutes, { runtime });
  await app.register(bulkTaskRoutes, { runtime });
  await app.register(inboxRoutes);
  await app.register(workflowAdminRoutes, { runtime });
  await app.register(workflowDefinitionRoutes, { runtime });
  await app.register(formDefinitionRoutes);
  await app.register(orderLoopRoutes, { runtime });
  await app.register(tierReviewRoutes, { runtime });
  if (options.workers) await scheduleTierReview(runtime, orm, app.log);
}
