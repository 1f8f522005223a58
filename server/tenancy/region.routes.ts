import type { FastifyInstance } from 'fastify';
import { ConfigDocumentVersion, Region } from '../entities/index.js';
import { requireUser } from '../http/request-context.js';

const errors = { 401: { $ref: 'ErrorResponse#' }, 403: { $ref: 'ErrorResponse#' } };

/**
 * The tenant's region tree and working calendars, read by the forms (region picker), the rule
 * editor and the simulator. Regions are the tenant's public geography, so dealers read them too;
 * calendars are for staff.
 */
export async function regionRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/regions', {
    schema: { tags: ['tenancy'], summary: "The tenant's region tree, parents first / 销售区域", response: { 200: { type: 'array', items: { $ref: 'RegionView#' } }, ...errors } },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    const rows = await ctx.em.find(Region, {}, { orderBy: { position: 'asc', code: 'asc' } });
    return rows.map((r) => ({ code: r.code, name: r.name, nameEn: r.nameEn ?? null, parent: r.parentCode ?? null }));
  });

  app.get('/api/calendars', {
    config: { roles: ['TENANT_ADMIN', 'APPROVER', 'DEPLOYER'] },
    schema: { tags: ['tenancy'], summary: 'Published working calendars / 工作日历', response: { 200: { type: 'array', items: { $ref: 'CalendarView#' } }, ...errors } },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    const rows = await ctx.em.find(ConfigDocumentVersion, { kind: 'calendar', status: 'PUBLISHED' }, { orderBy: { key: 'asc' } });
    return rows.map((r) => ({ key: r.key, version: r.version, document: r.document }));
  });
}
