import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { ConfigBundle, RollbackRequest } from '../../schemas/config/bundle-api.schema.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { requireUser, type AuthedContext } from '../http/request-context.js';
import { unknownSecretProblemsOfBundle } from '../secrets/tenant-secret.service.js';
import { validateBundle } from './bundle-validate.js';
import { deployBundle, listDeployments, rollbackTo, type DeployContext } from './deploy.service.js';
import { currentDocuments, diffDocuments, exportFiles } from './tenant-config.service.js';

/** Pipelines change the configuration; business admins may also read it (export, deployment history). */
const roles = ['DEPLOYER'] as const;
const readers = ['DEPLOYER', 'TENANT_ADMIN'] as const;
const tags = ['config'];
const bodyLimit = 32 * 1024 * 1024;
const errors = {
  400: { $ref: 'ErrorResponse#' }, 401: { $ref: 'ErrorResponse#' }, 403: { $ref: 'ErrorResponse#' },
  404: { $ref: 'ErrorResponse#' }, 409: { $ref: 'ErrorResponse#' }, 422: { $ref: 'ErrorResponse#' },
};

type Bundle = FromSchema<typeof ConfigBundle>;

const deployContext = (ctx: AuthedContext): DeployContext => ({ em: ctx.em, tenantId: ctx.tenantId, userId: ctx.user.id, locale: ctx.locale });
const validateFor = (ctx: AuthedContext, bundle: Bundle) => validateBundle(bundle.files, { locale: ctx.locale, tenant: ctx.user.tenantCode });
const bundleBody = { type: 'object', required: ['bundle'], additionalProperties: false, properties: { bundle: { $ref: 'ConfigBundle#' } } } as const;

export async function configRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Body: { bundle: Bundle } }>('/api/config/validate', {
    config: { roles }, bodyLimit,
    schema: {
      tags, summary: 'Validate a bundle (schemas, references, rule-set test cases) / 校验配置包',
      body: bundleBody,
      response: { 200: { $ref: 'BundleValidationReport#' }, ...errors },
    },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    const result = validateFor(ctx, request.body.bundle);
    const problems = result.ok ? await unknownSecretProblemsOfBundle(ctx.em, result.documents, ctx.locale) : result.problems;
    return { ok: problems.length === 0, problems, documents: result.documents.length };
  });

  app.post<{ Body: { bundle: Bundle } }>('/api/config/diff', {
    config: { roles }, bodyLimit,
    schema: {
      tags, summary: 'What a deploy of this bundle would add, change and remove / 差异',
      body: bundleBody,
      response: { 200: { $ref: 'BundleDiff#' }, ...errors },
    },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    const result = validateFor(ctx, request.body.bundle);
    if (!result.ok) throw new AppError('CFG_ERR_INVALID_BUNDLE', { problems: result.problems });
    return diffDocuments(await currentDocuments(ctx.em, ctx.tenantId), result.documents);
  });

  app.post<{ Body: { bundle: Bundle; dryRun?: boolean; message?: string } }>('/api/config/deploy', {
    config: { roles }, bodyLimit,
    schema: { tags, summary: 'Deploy a bundle, all or nothing / 部署', body: { $ref: 'DeployRequest#' }, response: { 200: { $ref: 'DeploymentView#' }, 201: { $ref: 'DeploymentView#' }, ...errors } },
  }, async (request, reply) => {
    const ctx = requireUser(request.ctx);
    const result = await deployBundle(deployContext(ctx), request.body.bundle.files, { dryRun: request.body.dryRun, message: request.body.message });
    return reply.status(result.dryRun ? 200 : 201).send(result);
  });

  app.post<{ Body: FromSchema<typeof RollbackRequest> }>('/api/config/rollback', {
    // business admins may preview (dryRun: compare with an earlier deployment); only deployers roll back
    config: { roles: readers },
    schema: { tags, summary: 'Bring back the configuration of an earlier deployment / 回滚', body: { $ref: 'RollbackRequest#' }, response: { 200: { $ref: 'DeploymentView#' }, 201: { $ref: 'DeploymentView#' }, ...errors } },
  }, async (request, reply) => {
    const ctx = requireUser(request.ctx);
    if (request.body.dryRun !== true && !ctx.user.systemRoles.includes('DEPLOYER')) throw new AppError('AUTH_ERR_FORBIDDEN');
    const result = await rollbackTo(deployContext(ctx), request.body.to, { dryRun: request.body.dryRun, message: request.body.message });
    return reply.status(result.dryRun ? 200 : 201).send(result);
  });

  app.get('/api/config/export', {
    config: { roles: readers },
    schema: { tags, summary: "The tenant's current configuration as a bundle / 导出", response: { 200: { $ref: 'ConfigBundle#' }, ...errors } },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    return { files: await exportFiles(ctx.em, ctx.tenantId) };
  });

  app.get('/api/config/deployments', {
    config: { roles: readers },
    schema: { tags, summary: 'Who deployed what and when / 部署记录', response: { 200: { type: 'array', items: { $ref: 'DeploymentView#' } }, ...errors } },
  }, async (request) => listDeployments(requireUser(request.ctx).em));
}
