import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { LoginRequest, PasswordChange } from '../../schemas/api/auth.schema.js';
import type { Config } from '../config.js';
import { Session } from '../entities/index.js';
import { requireUser } from '../http/request-context.js';
import { login } from './login.service.js';
import { changeOwnPassword } from './password-change.service.js';

const errors = { 400: { $ref: 'ErrorResponse#' }, 401: { $ref: 'ErrorResponse#' }, 403: { $ref: 'ErrorResponse#' }, 429: { $ref: 'ErrorResponse#' } };

export async function authRoutes(app: FastifyInstance, { config }: { config: Config }): Promise<void> {
  app.post<{ Body: FromSchema<typeof LoginRequest> }>(
    '/api/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Log in with a password / 密码登录',
        body: { $ref: 'LoginRequest#' },
        response: { 200: { $ref: 'LoginResponse#' }, ...errors },
      },
    },
    async (request) => {
      const result = await login(
        request.ctx.em,
        { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] },
        config,
      );
      return { token: result.token, expiresAt: result.expiresAt.toISOString(), user: toCurrentUser(result.user) };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the current session / 退出登录', response: { 204: { type: 'null' }, ...errors } } },
    async (request, reply) => {
      const ctx = requireUser(request.ctx);
      if (ctx.user.via === 'session') {
        await ctx.em.nativeUpdate(Session, { id: ctx.user.credentialId }, { revokedAt: new Date() });
      }
      return reply.status(204).send();
    },
  );

  app.post<{ Body: FromSchema<typeof PasswordChange> }>(
    '/api/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change your own password; your other sessions end (API tokens stay) / 修改密码（其他会话随即失效）',
        body: { $ref: 'PasswordChange#' },
        response: { 204: { type: 'null' }, ...errors },
      },
    },
    async (request, reply) => {
      await changeOwnPassword(requireUser(request.ctx), request.body, request.ip, config);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/me',
    { schema: { tags: ['auth'], summary: 'The current user / 当前用户', response: { 200: { $ref: 'CurrentUser#' }, ...errors } } },
    async (request) => toCurrentUser(requireUser(request.ctx).user),
  );
}

export function toCurrentUser(user: {
  id: string; tenantId: string; tenantCode: string; tenantName: string; login: string; displayName: string;
  systemRoles: string[]; roles: { code: string; regionCode: string | null }[]; dealerId: string | null; locale: string | null;
}) {
  return {
    id: user.id,
    tenant: { id: user.tenantId, code: user.tenantCode, name: user.tenantName },
    login: user.login,
    displayName: user.displayName,
    systemRoles: user.systemRoles,
    roles: user.roles,
    dealerId: user.dealerId,
    locale: user.locale,
  };
}
