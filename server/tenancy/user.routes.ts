import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { IdParams } from '../../schemas/api/common.schema.js';
import type { RoleAssignment } from '../../schemas/api/role.schema.js';
import type { UserCreate, UserUpdate } from '../../schemas/api/user.schema.js';
import { requireUser } from '../http/request-context.js';
import { assignRole, createUser, getUser, listUsers, toUserView, updateUser } from './user.service.js';

const roles = ['TENANT_ADMIN'] as const;
const errors = {
  400: { $ref: 'ErrorResponse#' }, 401: { $ref: 'ErrorResponse#' }, 403: { $ref: 'ErrorResponse#' },
  404: { $ref: 'ErrorResponse#' }, 409: { $ref: 'ErrorResponse#' },
};

export async function userRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/users', {
    config: { roles },
    schema: { tags: ['users'], summary: 'Users of the tenant / 用户列表', response: { 200: { type: 'array', items: { $ref: 'UserView#' } }, ...errors } },
  }, async (request) => listUsers(requireUser(request.ctx)));

  app.post<{ Body: FromSchema<typeof UserCreate> }>('/api/users', {
    config: { roles },
    schema: { tags: ['users'], summary: 'Create a user / 新建用户', body: { $ref: 'UserCreate#' }, response: { 201: { $ref: 'UserView#' }, ...errors } },
  }, async (request, reply) => {
    const ctx = requireUser(request.ctx);
    return reply.status(201).send(await toUserView(ctx, await createUser(ctx, request.body)));
  });

  app.get<{ Params: FromSchema<typeof IdParams> }>('/api/users/:id', {
    config: { roles },
    schema: { tags: ['users'], summary: 'One user / 用户详情', params: { $ref: 'IdParams#' }, response: { 200: { $ref: 'UserView#' }, ...errors } },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    return toUserView(ctx, await getUser(ctx, request.params.id));
  });

  app.patch<{ Params: FromSchema<typeof IdParams>; Body: FromSchema<typeof UserUpdate> }>('/api/users/:id', {
    config: { roles },
    schema: {
      tags: ['users'], summary: 'Change a user (optimistic lock on version) / 修改用户',
      params: { $ref: 'IdParams#' }, body: { $ref: 'UserUpdate#' }, response: { 200: { $ref: 'UserView#' }, ...errors },
    },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    return toUserView(ctx, await updateUser(ctx, request.params.id, request.body));
  });

  app.post<{ Params: FromSchema<typeof IdParams>; Body: FromSchema<typeof RoleAssignment> }>('/api/users/:id/roles', {
    config: { roles },
    schema: {
      tags: ['users'], summary: 'Give a user a tenant role / 分配角色',
      params: { $ref: 'IdParams#' }, body: { $ref: 'RoleAssignment#' }, response: { 200: { $ref: 'UserView#' }, ...errors },
    },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    return toUserView(ctx, await assignRole(ctx, request.params.id, request.body));
  });
}
