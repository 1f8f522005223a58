import type { MikroORM } from '@mikro-orm/postgresql';
import fp from 'fastify-plugin';
import { pickLocale } from '../../schemas/ajv.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { DEALER_FILTER, TENANT_FILTER } from '../db/orm.js';
import type { RequestContext } from '../http/request-context.js';
import { authenticateBearer } from './current-user.js';

/**
 * Gives every request its `ctx`: a forked entity manager, the caller's locale and, unless the route
 * is public, the authenticated user with the tenant (and dealer) filters set on that entity manager.
 * Authentication and the role check run in onRequest, before the body is parsed, so a caller without
 * the right gets 401/403 whatever it sent.
 */
export const authPlugin = fp<{ orm: MikroORM }>(
  async (app, { orm }) => {
    app.decorateRequest('ctx', null as unknown as RequestContext);

    app.addHook('onRequest', async (request) => {
      const em = orm.em.fork({ clear: true, useContext: false });
      request.ctx = {
        tenantId: null,
        user: null,
        em,
        locale: pickLocale(request.headers['accept-language']),
        requestId: String(request.id),
        log: request.log,
      };
      const config = request.routeOptions.config;
      // Credentials are required under /api/ unless the route says it is public; health, docs and
      // the static studio are open, and unknown routes fall through to the 404 handler.
      const url = request.routeOptions.url;
      if (!url || !url.startsWith('/api/') || config?.public) return;

      const user = await authenticateBearer(em, request.headers.authorization);
      em.setFilterParams(TENANT_FILTER, { tenantId: user.tenantId });
      em.setFilterParams(DEALER_FILTER, { dealerId: user.systemRoles.includes('DEALER_USER') ? user.dealerId : undefined });
      request.ctx.tenantId = user.tenantId;
      request.ctx.user = user;
      if (!request.headers['accept-language'] && user.locale) request.ctx.locale = user.locale === 'zh-CN' ? 'zh-CN' : 'en';
      request.log = request.log.child({ tenant: user.tenantCode, user: user.login });
      request.ctx.log = request.log;

      const roles = config?.roles;
      if (roles && !roles.some((r) => user.systemRoles.includes(r))) throw new AppError('AUTH_ERR_FORBIDDEN');
    });
  },
  { name: 'channelflow-auth' },
);
