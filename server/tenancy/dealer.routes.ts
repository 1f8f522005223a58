import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { IdParams } from '../../schemas/api/common.schema.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { Dealer, type Dealer as DealerRow } from '../entities/index.js';
import { requireUser } from '../http/request-context.js';

const errors = { 400: { $ref: 'ErrorResponse#' }, 401: { $ref: 'ErrorResponse#' }, 403: { $ref: 'ErrorResponse#' }, 404: { $ref: 'ErrorResponse#' } };

const toDealerView = (d: DealerRow) => ({
  id: d.id, code: d.code, name: d.name, nameEn: d.nameEn ?? null, homeRegion: d.homeRegion,
  authorizedRegions: d.authorizedRegions, status: d.status, tier: d.tier,
});

/** Staff see every dealer of the tenant; a dealer user sees its own dealer only (the dealer filter). */
export async function dealerRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/dealers', {
    schema: { tags: ['dealers'], summary: 'Dealers / 经销商列表', response: { 200: { type: 'array', items: { $ref: 'DealerView#' } }, ...errors } },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    return (await ctx.em.find(Dealer, {}, { orderBy: { code: 'asc' } })).map(toDealerView);
  });

  app.get<{ Params: FromSchema<typeof IdParams> }>('/api/dealers/:id', {
    schema: { tags: ['dealers'], summary: 'One dealer / 经销商详情', params: { $ref: 'IdParams#' }, response: { 200: { $ref: 'DealerView#' }, ...errors } },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    const dealer = await ctx.em.findOne(Dealer, { id: request.params.id });
    if (!dealer) throw new AppError('CF_ERR_NOT_FOUND');
    return toDealerView(dealer);
  });
}
