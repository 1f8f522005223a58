import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { IdParams } from '../../schemas/api/common.schema.js';
import type { OrderCreateRequest, OrderListQuery, OrderQuoteRequest } from '../../schemas/api/dms-order.schema.js';
import { shanghaiToday } from '../rule-sets/rule-set.service.js';
import { dmsErrors, dmsReaders, orderPlacers, type DmsContextOf } from './dms.routes.js';
import { priceOrder } from './pricing.service.js';
import { assertLeafRegion, createDraftOrder, dealerFor, getOrder, listOrders, toQuoteView } from './order.service.js';

const tags = ['dms-orders'];
/** Approvers may quote (a sales manager checking a price) but only dealers and business admins place orders. */
const quoters = ['TENANT_ADMIN', 'APPROVER', 'DEALER_USER'] as const;

export async function orderRoutes(app: FastifyInstance, contextOf: DmsContextOf): Promise<void> {
  app.post<{ Body: FromSchema<typeof OrderQuoteRequest> }>('/api/orders/quote', {
    config: { roles: quoters },
    schema: {
      tags, summary: 'Price lines without saving: breakdown, totals and why / 报价试算（含价格明细与规则说明）',
      body: { $ref: 'OrderQuoteRequest#' }, response: { 200: { $ref: 'OrderQuote#' }, ...dmsErrors },
    },
  }, async (request) => {
    const ctx = contextOf(request);
    const body = request.body;
    const dealer = await dealerFor(ctx, ctx.user.dealerId ? undefined : body.dealerCode);
    if (body.shipToRegion !== undefined) await assertLeafRegion(ctx, body.shipToRegion, '/shipToRegion');
    const priced = await priceOrder(ctx, {
      dealer, lines: body.lines, orderDate: shanghaiToday(), shipToRegion: body.shipToRegion, requestedOffset: body.requestedOffset,
      orderFields: body.customFields as Record<string, unknown> | undefined,
    });
    return toQuoteView(priced);
  });

  app.post<{ Body: FromSchema<typeof OrderCreateRequest> }>('/api/orders', {
    config: { roles: orderPlacers },
    schema: {
      tags, summary: 'Create a priced draft order / 创建订单草稿（已定价）',
      body: { $ref: 'OrderCreateRequest#' }, response: { 201: { $ref: 'OrderView#' }, ...dmsErrors },
    },
  }, async (request, reply) => {
    const ctx = contextOf(request);
    const body = request.body;
    const dealer = await dealerFor(ctx, ctx.user.dealerId ? undefined : body.dealerCode);
    const { order } = await createDraftOrder(ctx, {
      dealer, userId: ctx.user.id, orderDate: shanghaiToday(), lines: body.lines, shipToRegion: body.shipToRegion,
      shipToAddress: body.shipToAddress, requestedOffset: body.requestedOffset, customFields: body.customFields as Record<string, unknown> | undefined,
    });
    return reply.status(201).send(await getOrder(ctx, order.id));
  });

  app.get<{ Querystring: FromSchema<typeof OrderListQuery> }>('/api/orders', {
    config: { roles: dmsReaders },
    schema: {
      tags, summary: 'Orders, newest first; a dealer sees only its own / 订单列表',
      querystring: { $ref: 'OrderListQuery#' }, response: { 200: { $ref: 'OrderList#' }, ...dmsErrors },
    },
  }, async (request) => {
    const q = request.query;
    return listOrders(contextOf(request), {
      status: q.status, dealerCode: q.dealer, from: q.from, to: q.to,
      limit: q.limit !== undefined ? Number(q.limit) : undefined, offset: q.offset !== undefined ? Number(q.offset) : undefined,
    });
  });

  app.get<{ Params: FromSchema<typeof IdParams> }>('/api/orders/:id', {
    config: { roles: dmsReaders },
    schema: { tags, summary: 'One order with its lines, pricing trace and explanation / 订单详情', params: { $ref: 'IdParams#' }, response: { 200: { $ref: 'OrderView#' }, ...dmsErrors } },
  }, async (request) => getOrder(contextOf(request), request.params.id));
}
