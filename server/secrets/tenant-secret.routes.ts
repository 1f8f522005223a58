import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { TenantSecretParams, TenantSecretPut } from '../../schemas/config/tenant-secret-api.schema.js';
import { requireUser } from '../http/request-context.js';
import { deleteSecret, getSecret, listSecrets, putSecret } from './tenant-secret.service.js';

/** Deployers set and remove the tenant's secrets; business admins see which exist. Nobody reads a value back. */
const writers = ['DEPLOYER'] as const;
const readers = ['DEPLOYER', 'TENANT_ADMIN'] as const;
const tags = ['config'];
const errors = {
  400: { $ref: 'ErrorResponse#' }, 401: { $ref: 'ErrorResponse#' }, 403: { $ref: 'ErrorResponse#' },
  404: { $ref: 'ErrorResponse#' }, 409: { $ref: 'ErrorResponse#' }, 503: { $ref: 'ErrorResponse#' },
};
type NameParams = { Params: FromSchema<typeof TenantSecretParams> };

export async function tenantSecretRoutes(app: FastifyInstance, { secretsKey }: { secretsKey: Buffer | null }): Promise<void> {
  app.get('/api/config/secrets', {
    config: { roles: readers },
    schema: { tags, summary: "The tenant's secrets: names and who set them when, never values / 密钥列表", response: { 200: { type: 'array', items: { $ref: 'TenantSecretView#' } }, ...errors } },
  }, async (request) => listSecrets(requireUser(request.ctx)));

  app.get<NameParams>('/api/config/secrets/:name', {
    config: { roles: readers },
    schema: { tags, summary: 'One secret: name and who set it when, never the value / 密钥信息', params: { $ref: 'TenantSecretParams#' }, response: { 200: { $ref: 'TenantSecretView#' }, ...errors } },
  }, async (request) => getSecret(requireUser(request.ctx), request.params.name));

  app.put<NameParams & { Body: FromSchema<typeof TenantSecretPut> }>('/api/config/secrets/:name', {
    config: { roles: writers },
    schema: {
      tags, summary: 'Set or replace a secret (sealed with AES-256-GCM; the value is never sent back) / 设置密钥',
      params: { $ref: 'TenantSecretParams#' }, body: { $ref: 'TenantSecretPut#' }, response: { 200: { $ref: 'TenantSecretView#' }, 201: { $ref: 'TenantSecretView#' }, ...errors },
    },
  }, async (request, reply) => {
    const { created, view } = await putSecret(requireUser(request.ctx), secretsKey, request.params.name, request.body.value);
    return reply.status(created ? 201 : 200).send(view);
  });

  app.delete<NameParams>('/api/config/secrets/:name', {
    config: { roles: writers },
    schema: { tags, summary: 'Remove a secret no published workflow uses / 删除密钥', params: { $ref: 'TenantSecretParams#' }, response: { 204: { type: 'null' }, ...errors } },
  }, async (request, reply) => {
    await deleteSecret(requireUser(request.ctx), request.params.name);
    return reply.status(204).send();
  });
}
