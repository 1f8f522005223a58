import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { ApiTokenCreate } from '../../schemas/api/auth.schema.js';
import type { IdParams } from '../../schemas/api/common.schema.js';
import { requireUser } from '../http/request-context.js';
import { createApiToken, listApiTokens, revokeApiToken } from './api-token.service.js';

const roles = ['DEPLOYER', 'TENANT_ADMIN'] as const;
const errors = { 400: { $ref: 'ErrorResponse#' }, 401: { $ref: 'ErrorResponse#' }, 403: { $ref: 'ErrorResponse#' }, 404: { $ref: 'ErrorResponse#' } };

export async function apiTokenRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Body: FromSchema<typeof ApiTokenCreate> }>(
    '/api/tokens',
    {
      config: { roles },
      schema: {
        tags: ['auth'],
        summary: 'Create an API token for pipelines (shown once) / 创建 API 令牌',
        body: { $ref: 'ApiTokenCreate#' },
        response: { 201: { $ref: 'ApiTokenCreated#' }, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await createApiToken(requireUser(request.ctx), request.body)),
  );

  app.get(
    '/api/tokens',
    { config: { roles }, schema: { tags: ['auth'], summary: 'List API tokens / 令牌列表', response: { 200: { type: 'array', items: { $ref: 'ApiTokenView#' } }, ...errors } } },
    async (request) => listApiTokens(requireUser(request.ctx)),
  );

  app.delete<{ Params: FromSchema<typeof IdParams> }>(
    '/api/tokens/:id',
    {
      config: { roles },
      schema: { tags: ['auth'], summary: 'Revoke an API token / 吊销令牌', params: { $ref: 'IdParams#' }, response: { 200: { $ref: 'ApiTokenView#' }, ...errors } },
    },
    async (request) => revokeApiToken(requireUser(request.ctx), request.params.id),
  );
}
