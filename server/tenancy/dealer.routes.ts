import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { IdParams } from '../../schemas/api/common.schema.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { LockMode } from '@mikro-orm/core';
import type { DealerUpdate } from '../../schemas/api/dealer.schema.js';
import { Dealer, Tenant, type Dealer as DealerRow } from '../entities/index.js';
import { checkCustomFields } from './custom-fields.service.js';
import { requireUser } from '../http/request-context.js';

const errors = { 400: { $ref: 'ErrorResponse#' }, 401: { $ref: 'ErrorResponse#' }, 403: { $ref: 'ErrorResponse#' }, 404: { $ref: 'ErrorResponse#' }, 409: { $ref: 'ErrorResponse#' } };

const toDealerView = (d: DealerRow) => ({
  id: d.id, code: d.code, name: d.name, nameEn: d.nameEn ?? null, homeRegion: d.homeRegion,
  authorizedRegions: d.authorizedRegions, status: d.status, tier: d.tier, customFields: d.customFields, version: d.version,
});

/**
 * Dealer master data (tier, regions, custom fields such as the credit limit). Business admins and
 * approvers see every dealer of the tenant, a dealer user its own dealer only (the dealer filter);
 * deployers (IT) get 403: they deploy configuration and need no dealer's commercial terms.
 */
const dealerReaders = ['TENANT_ADMIN', 'APPROVER', 'DEALER_USER'] as const;

export async function dealerRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/dealers', {
    config: { roles: dealerReaders },
    schema: { tags: ['dealers'], summary: 'Dealers / 经销商列表', response: { 200: { type: 'array', items: { $ref: 'DealerView#' } }, ...errors } },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    return (await ctx.em.find(Dealer, {}, { orderBy: { code: 'asc' } })).map(toDealerView);
  });

  app.get<{ Params: FromSchema<typeof IdParams> }>('/api/dealers/:id', {
    config: { roles: dealerReaders },
    schema: { tags: ['dealers'], summary: 'One dealer / 经销商详情', params: { $ref: 'IdParams#' }, response: { 200: { $ref: 'DealerView#' }, ...errors } },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    const dealer = await ctx.em.findOne(Dealer, { id: request.params.id });
    if (!dealer) throw new AppError('CF_ERR_NOT_FOUND');
    return toDealerView(dealer);
  });

  app.patch<{ Params: FromSchema<typeof IdParams>; Body: FromSchema<typeof DealerUpdate> }>('/api/dealers/:id', {
    config: { roles: ['TENANT_ADMIN'] },
    schema: {
      tags: ['dealers'], summary: "Change a dealer; custom fields are checked against the tenant's declaration / 修改经销商",
      params: { $ref: 'IdParams#' }, body: { $ref: 'DealerUpdate#' }, response: { 200: { $ref: 'DealerView#' }, ...errors },
    },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    const dealer = await ctx.em.findOne(Dealer, { id: request.params.id });
    if (!dealer) throw new AppError('CF_ERR_NOT_FOUND');
    await ctx.em.lock(dealer, LockMode.OPTIMISTIC, request.body.version);
    if (request.body.customFields !== undefined) {
      checkCustomFields(await ctx.em.findOneOrFail(Tenant, { id: ctx.tenantId }), 'dealer', request.body.customFields, ctx.locale);
      dealer.customFields = request.body.customFields;
    }
    if (request.body.name !== undefined) dealer.name = request.body.name;
    if (request.body.nameEn !== undefined) dealer.nameEn = request.body.nameEn;
    await ctx.em.flush();
    return toDealerView(dealer);
  });
}
