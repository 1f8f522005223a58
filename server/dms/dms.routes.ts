import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireUser, type AuthedContext } from '../http/request-context.js';
import { CompiledRuleSetCache } from '../rule-sets/compiled-rule-set.cache.js';
import { catalogueRoutes } from './catalogue.routes.js';
import type { DmsContext } from './dms-context.js';
import { orderRoutes } from './order.routes.js';
import { rebateAndCreditRoutes } from './rebate-credit.routes.js';

/** Who reads DMS records: staff who run the channel, and dealers (their own rows only). IT deployers do not. */
export const dmsReaders = ['TENANT_ADMIN', 'APPROVER', 'DEALER_USER'] as const;
/** Who places orders: dealers for themselves, business admins on a dealer's behalf. */
export const orderPlacers = ['TENANT_ADMIN', 'DEALER_USER'] as const;

export const dmsErrors = {
  400: { $ref: 'ErrorResponse#' }, 401: { $ref: 'ErrorResponse#' }, 403: { $ref: 'ErrorResponse#' },
  404: { $ref: 'ErrorResponse#' }, 409: { $ref: 'ErrorResponse#' }, 422: { $ref: 'ErrorResponse#' },
};

export type DmsRequestContext = AuthedContext & DmsContext;
export type DmsContextOf = (request: FastifyRequest) => DmsRequestContext;

/** The DMS records' HTTP API: catalogue, stock, orders, rebates and credit. One compiled-rule-set cache for all. */
export async function dmsRoutes(app: FastifyInstance): Promise<void> {
  const ruleCache = new CompiledRuleSetCache();
  const contextOf: DmsContextOf = (request) => ({ ...requireUser(request.ctx), ruleCache });
  await catalogueRoutes(app, contextOf);
  await orderRoutes(app, contextOf);
  await rebateAndCreditRoutes(app, contextOf);
}
