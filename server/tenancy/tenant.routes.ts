import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { TenantCreate } from '../../schemas/api/tenant.schema.js';
import { Tenant } from '../entities/index.js';
import { requireUser } from '../http/request-context.js';
import { createTenant, toTenantView } from './tenant.service.js';

const roles = ['PLATFORM_ADMIN'] as const;
const errors = { 400: { $ref: 'ErrorResponse#' }, 401: { $ref: 'ErrorResponse#' }, 403: { $ref: 'ErrorResponse#' }, 409: { $ref: 'ErrorResponse#' } };

/** Platform administration: the only routes that see more than one tenant. */
export async function tenantRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/platform/tenants', {
    config: { roles },
    schema: { tags: ['platform'], summary: 'All tenants / 租户列表', response: { 200: { type: 'array', items: { $ref: 'TenantView#' } }, ...errors } },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    return (await ctx.em.find(Tenant, { isPlatform: false }, { orderBy: { code: 'asc' } })).map(toTenantView);
  });

  app.post<{ Body: FromSchema<typeof TenantCreate> }>('/api/platform/tenants', {
    config: { roles },
    schema: { tags: ['platform'], summary: 'Create a tenant with its first admin / 新建租户', body: { $ref: 'TenantCreate#' }, response: { 201: { $ref: 'TenantView#' }, ...errors } },
  }, async (request, reply) => {
    const ctx = requireUser(request.ctx);
    return reply.status(201).send(toTenantView(await createTenant(ctx.em, request.body, ctx.locale)));
  });
}
