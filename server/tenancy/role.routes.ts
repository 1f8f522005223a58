import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { RoleCreate } from '../../schemas/api/role.schema.js';
import { Role, type Role as RoleRow } from '../entities/index.js';
import { requireUser } from '../http/request-context.js';

const errors = { 400: { $ref: 'ErrorResponse#' }, 401: { $ref: 'ErrorResponse#' }, 403: { $ref: 'ErrorResponse#' }, 409: { $ref: 'ErrorResponse#' } };

const toRoleView = (r: RoleRow) => ({ id: r.id, code: r.code, name: r.name, nameEn: r.nameEn ?? null, scope: r.scope });

export async function roleRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/roles', {
    config: { roles: ['TENANT_ADMIN', 'APPROVER', 'DEPLOYER'] },
    schema: { tags: ['users'], summary: 'Tenant-defined roles / 角色列表', response: { 200: { type: 'array', items: { $ref: 'RoleView#' } }, ...errors } },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    return (await ctx.em.find(Role, {}, { orderBy: { code: 'asc' } })).map(toRoleView);
  });

  app.post<{ Body: FromSchema<typeof RoleCreate> }>('/api/roles', {
    config: { roles: ['TENANT_ADMIN'] },
    schema: { tags: ['users'], summary: 'Define a role / 新建角色', body: { $ref: 'RoleCreate#' }, response: { 201: { $ref: 'RoleView#' }, ...errors } },
  }, async (request, reply) => {
    const ctx = requireUser(request.ctx);
    const role = ctx.em.create(Role, { tenant: ctx.tenantId, ...request.body, nameEn: request.body.nameEn ?? null });
    await ctx.em.flush();
    return reply.status(201).send(toRoleView(role));
  });
}
