import type { FastifyInstance } from 'fastify';
import { requireUser } from '../http/request-context.js';
import { tenantVocabulary } from './vocabulary.service.js';

const errors = { 401: { $ref: 'ErrorResponse#' } };

/** The tenant's words for any signed-in user of the tenant (its own tenant only: the filter is the caller's). */
export async function vocabularyRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/tenant/vocabulary', {
    schema: {
      tags: ['tenancy'],
      summary: "The tenant's tiers, roles, dictionaries, custom fields, extension-point bindings and targets / 租户词汇",
      response: { 200: { $ref: 'TenantVocabulary#' }, ...errors },
    },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    const staff = !ctx.user.systemRoles.includes('DEALER_USER');
    return tenantVocabulary(ctx.em, ctx.tenantId, { staff });
  });
}
