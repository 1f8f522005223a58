import type { MikroORM } from '@mikro-orm/postgresql';
import fp from 'fastify-plugin';
import { shanghaiToday } from '../rule-sets/rule-set.service.js';
import type { WorkflowExtension } from '../workflows/workflow-runtime.js';
import { dmsActionHandlers, dmsIncidentPolicies } from './actions/index.js';
import { orderLoopRoutes } from './order-loop.routes.js';
import { loadOrderFlowKeys, orderFlowKeys, settleOrderOfInstance } from './order-outcome.js';
import { scheduleTierReview, tierReviewRoutes } from './tier-review.routes.js';

/**
 * What the DMS brings to the workflow engine, given when the runtime is built: the handlers of its
 * action node types and their incident policies, and orders following their approval instance's end.
 */
export async function dmsWorkflowExtension(orm: MikroORM): Promise<WorkflowExtension> {
  await loadOrderFlowKeys(orm.em.fork());
  return {
    name: 'dms',
    actionHandlers: dmsActionHandlers,
    incidentPolicies: dmsIncidentPolicies,
    endHooks: [{ definitionKeys: orderFlowKeys, onEnded: (ctx, instanceId, state, now) => settleOrderOfInstance(ctx, instanceId, state, now, shanghaiToday(now)) }],
  };
}

const ORDER_FLOW_REFRESH_MS = 10_000;

/** The DMS routes that run workflows (order submit and cancel, tier review) and the yearly review's schedule, on the app's runtime. */
export const dmsWorkflowPlugin = fp<{ orm: MikroORM; workers: boolean }>(async (app, { orm, workers }) => {
  const runtime = app.workflowRuntime;
  // Another server may bind a new order flow (a deploy): re-read the bindings so this one settles its orders too.
  const refresh = setInterval(() => {
    loadOrderFlowKeys(orm.em.fork()).catch((err: unknown) => app.log.error({ err }, 'reading the order flow bindings failed'));
  }, ORDER_FLOW_REFRESH_MS);
  refresh.unref();
  app.addHook('onClose', async () => clearInterval(refresh));
  await app.register(orderLoopRoutes, { runtime });
  await app.register(tierReviewRoutes, { runtime });
  if (workers) await scheduleTierReview(runtime, orm, app.log);
}, { name: 'channelflow-dms-workflows', dependencies: ['channelflow-workflows'] });
