import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { warnOfGlobalSecretVariables } from '../secrets/global-secret-variables.js';
import { formDefinitionRoutes } from './form-definition.routes.js';
import { bulkTaskRoutes } from './bulk-task.routes.js';
import { inboxRoutes } from './inbox.routes.js';
import { taskRoutes } from './task.routes.js';
import { workflowAdminRoutes } from './workflow-admin.routes.js';
import { startWorkflowRuntime, type WorkflowOptions } from './workflow-jobs.js';
import { workflowDefinitionRoutes } from './workflow-definition.routes.js';
import type { WorkflowExtension, WorkflowRuntime } from './workflow-runtime.js';
import { workflowRoutes } from './workflow.routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's one workflow runtime (plugins that depend on `channelflow-workflows` use it). */
    workflowRuntime: WorkflowRuntime;
  }
}

export interface WorkflowPluginOptions {
  orm: MikroORM;
  options: WorkflowOptions;
  webhookAllowHosts?: readonly string[];
  secretsKey?: Buffer | null;
  /** Modules built on the engine, given when the runtime is built (it is never changed after). */
  extensions?: readonly WorkflowExtension[];
}

/**
 * The workflow runtime as one plugin: built once from its options (pg-boss, and its workers when
 * enabled, for the app's lifetime; the extensions' action handlers and end hooks; the webhook
 * address policy), decorated as `app.workflowRuntime`, and the engine's routes.
 */
export const workflowPlugin = fp<WorkflowPluginOptions>(async (app: FastifyInstance, { orm, options, webhookAllowHosts = [], secretsKey = null, extensions = [] }) => {
  const { runtime, stop } = await startWorkflowRuntime(orm, {
    ...options, secretsKey, webhookGuard: { policy: { allowHosts: webhookAllowHosts } }, extensions,
  }, app.log);
  warnOfGlobalSecretVariables(process.env, app.log);
  app.decorate('workflowRuntime', runtime);
  app.addHook('onClose', stop);
  await app.register(workflowRoutes, { runtime });
  await app.register(taskRoutes, { runtime });
  await app.register(bulkTaskRoutes, { runtime });
  await app.register(inboxRoutes);
  await app.register(workflowAdminRoutes, { runtime });
  await app.register(workflowDefinitionRoutes, { runtime });
  await app.register(formDefinitionRoutes);
}, { name: 'channelflow-workflows' });
