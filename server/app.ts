import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { allSchemas, createAjv } from '../schemas/index.js';
import { apiTokenRoutes } from './auth/api-token.routes.js';
import { authPlugin } from './auth/auth.plugin.js';
import { authRoutes } from './auth/auth.routes.js';
import type { Config } from './config.js';
import { registerErrorHandling } from './http/error-handler.js';
import { registerInputGuard } from './http/input-guard.js';
import { cachedSerializerFactory } from './http/serializer-cache.js';
import { studioRoutes } from './http/studio.routes.js';
import { systemRoutes } from './http/system.routes.js';
import { dealerRoutes } from './tenancy/dealer.routes.js';
import { dmsRoutes } from './dms/dms.routes.js';
import { dashboardRoutes } from './dashboards/dashboard.routes.js';
import { regionRoutes } from './tenancy/region.routes.js';
import { roleRoutes } from './tenancy/role.routes.js';
import { tenantRoutes } from './tenancy/tenant.routes.js';
import { userRoutes } from './tenancy/user.routes.js';
import { vocabularyRoutes } from './tenancy/vocabulary.routes.js';
import { extensionPointRoutes } from './extension-points/extension-point.routes.js';
import { ruleSetRoutes } from './rule-sets/rule-set.routes.js';
import { configRoutes } from './bundle/config.routes.js';
import { tenantSecretRoutes } from './secrets/tenant-secret.routes.js';
import { schemaRoutes } from './http/schema.routes.js';
import type { WorkflowOptions } from './workflows/workflow-jobs.js';
import { attachmentRoutes } from './attachments/attachment.routes.js';
import { notificationRoutes } from './notifications/notification.routes.js';
import { adminRoutes } from './admin/admin.routes.js';
import { workflowPlugin } from './workflows/workflow.plugin.js';
import { dmsWorkflowExtension, dmsWorkflowPlugin } from './dms/dms.plugin.js';

export interface BuildAppOptions {
  orm: MikroORM;
  config: Config;
  /** Pino options, or false for silence (tests). */
  logger?: FastifyServerOptions['logger'];
  /** The workflow runtime: its timer and webhook workers run only when `workers` is set. */
  workflows?: WorkflowOptions;
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/** The whole HTTP application as one plugin tree; tests use `inject()` on it without a port. */
export async function buildApp({ orm, config, logger, workflows }: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? { level: config.logLevel },
    trustProxy: config.trustProxy,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    schemaController: { compilersFactory: { buildSerializer: cachedSerializerFactory() } },
    requestIdHeader: 'x-request-id',
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
    },
  });

  // The same ajv configuration as the browser and the CLI: no coercion, no stripping, all errors.
  const ajv = createAjv(allSchemas);
  app.setValidatorCompiler(({ schema }) => ajv.compile(schema));
  for (const schema of allSchemas) app.addSchema(schema as { $id: string });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerErrorHandling(app);
  registerInputGuard(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Channelflow API', description: '经销商渠道工作流与规则平台 / Workflow and rules for dealer networks', version: '0.1.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A session token (cfs_…) from /api/auth/login or an API token (cft_…)' } } },
      security: [{ bearer: [] }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });

  await app.register(authPlugin, { orm });
  await app.register(systemRoutes, { orm });
  await app.register(authRoutes, { config });
  await app.register(apiTokenRoutes);
  await app.register(userRoutes);
  await app.register(roleRoutes);
  await app.register(regionRoutes);
  await app.register(dealerRoutes);
  await app.register(dmsRoutes);
  await app.register(dashboardRoutes);
  await app.register(tenantRoutes);
  await app.register(vocabularyRoutes);
  await app.register(extensionPointRoutes);
  await app.register(ruleSetRoutes);
  await app.register(configRoutes);
  await app.register(tenantSecretRoutes, { secretsKey: config.secretsKey });
  await app.register(schemaRoutes);
  await app.register(studioRoutes);
  await app.register(workflowPlugin, {
    orm, options: workflows ?? {}, webhookAllowHosts: config.webhookAllowHosts, secretsKey: config.secretsKey, extensions: [await dmsWorkflowExtension(orm)],
  });
  await app.register(dmsWorkflowPlugin, { orm, workers: workflows?.workers === true });
  await app.register(attachmentRoutes, { config });
  await app.register(notificationRoutes);
  await app.register(adminRoutes);
  return app;
}
