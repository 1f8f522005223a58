import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { IdParams } from '../../schemas/api/common.schema.js';
import type { OrderCancelRequest, OrderSubmitRequest } from '../../schemas/api/order-loop.schema.js';
import { requireUser } from '../http/request-context.js';
import type { WorkflowRuntime } from '../workflows/workflow-runtime.js';
import { dmsErrors, dmsReaders, orderPlacers, type DmsRequestContext } from './dms.routes.js';
import { cancelOrder, submitOrder } from './order-submit.service.js';
import { orderTimeline } from './order-timeline.service.js';

const tags = ['dms-orders'];

/** The body of these POSTs is optional: a request without one is validated as `{}`. */
export const emptyBodyAsObject = async (request: FastifyRequest): Promise<void> => {
  if (request.body === undefined || request.body === null) request.body = {};
};

/**
 * The order loop over HTTP: submit a draft into its approval flow, cancel it, read its timeline.
 * Registered with the workflow runtime (a submission starts an instance). A dealer user reaches
 * only its own orders (another dealer's is 404, as is another tenant's).
 */
export async function orderLoopRoutes(app: FastifyInstance, { runtime }: { runtime: WorkflowRuntime }): Promise<void> {
  const contextOf = (request: FastifyRequest): DmsRequestContext => ({ ...requireUser(request.ctx), ruleCache: runtime.rules });

  app.post<{ Params: FromSchema<typeof IdParams>; Body: FromSchema<typeof OrderSubmitRequest> | undefined }>('/api/orders/:id/submit', {
    config: { roles: orderPlacers },
    preValidation: emptyBodyAsObject,
    schema: {
      tags, summary: 'Submit a draft order into its approval flow / 提交订单审批',
      params: { $ref: 'IdParams#' }, body: { $ref: 'OrderSubmitRequest#' }, response: { 200: { $ref: 'OrderView#' }, ...dmsErrors },
    },
  }, async (request) => submitOrder(runtime, contextOf(request), request.params.id, request.body?.idempotencyKey));

  app.post<{ Params: FromSchema<typeof IdParams>; Body: FromSchema<typeof OrderCancelRequest> | undefined }>('/api/orders/:id/cancel', {
    config: { roles: orderPlacers },
    preValidation: emptyBodyAsObject,
    schema: {
      tags, summary: 'Cancel an order: withdraws its approval, returns its rebate, releases its stock / 取消订单',
      params: { $ref: 'IdParams#' }, body: { $ref: 'OrderCancelRequest#' }, response: { 200: { $ref: 'OrderView#' }, ...dmsErrors },
    },
  }, async (request) => cancelOrder(runtime, contextOf(request), request.params.id, request.body?.reason));

  app.get<{ Params: FromSchema<typeof IdParams> }>('/api/orders/:id/timeline', {
    config: { roles: dmsReaders },
    schema: {
      tags, summary: 'The order’s history in plain words, oldest first / 订单进度',
      params: { $ref: 'IdParams#' }, response: { 200: { $ref: 'OrderTimeline#' }, ...dmsErrors },
    },
  }, async (request) => orderTimeline(contextOf(request), request.params.id));
}
