import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { DashboardQuery } from '../../schemas/api/dashboard-api.schema.js';
import { requireUser } from '../http/request-context.js';
import { overview } from './dashboard.service.js';

/** Who reads the dashboards: business admins and the staff who approve. Dealers and IT deployers do not. */
export const dashboardReaders = ['TENANT_ADMIN', 'APPROVER'] as const;

const errors = { 400: { $ref: 'ErrorResponse#' }, 401: { $ref: 'ErrorResponse#' }, 403: { $ref: 'ErrorResponse#' } };

export async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: FromSchema<typeof DashboardQuery> }>('/api/dashboards/overview', {
    config: { roles: dashboardReaders },
    schema: {
      tags: ['dashboards'],
      summary: 'Orders, approval cycle time, rebates, credit and SLA / 经营看板',
      querystring: { $ref: 'DashboardQuery#' },
      response: { 200: { $ref: 'DashboardOverview#' }, ...errors },
    },
  }, async (request) => overview(requireUser(request.ctx), request.query));
}
