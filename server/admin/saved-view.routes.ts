import { LockMode } from '@mikro-orm/core';
import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { IdParams } from '../../schemas/api/common.schema.js';
import type { SavedViewCreate, SavedViewListQuery, SavedViewUpdate } from '../../schemas/api/saved-view.schema.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { SavedView, type SavedView as SavedViewRow } from '../entities/index.js';
import { requireUser, type AuthedContext } from '../http/request-context.js';

const tags = ['admin'];
const errors = { 400: { $ref: 'ErrorResponse#' }, 401: { $ref: 'ErrorResponse#' }, 403: { $ref: 'ErrorResponse#' }, 404: { $ref: 'ErrorResponse#' }, 409: { $ref: 'ErrorResponse#' } };
/** Who reads the admin tables (and so keeps views of them): staff. Dealers and IT deployers do not. */
export const tableReaders = ['TENANT_ADMIN', 'APPROVER'] as const;

const toView = (v: SavedViewRow, userId: string) => ({
  id: v.id, table: v.tableKey as 'dealers', name: v.name, shared: v.shared, state: v.state,
  owner: { id: v.owner.id, login: v.owner.login, displayName: v.owner.displayName },
  mine: v.owner.id === userId, updatedAt: v.updatedAt.toISOString(), version: v.version,
});

/** A view the caller may see: its own or a shared one of its tenant; anything else does not exist for it (404). */
async function visibleView(ctx: AuthedContext, id: string): Promise<SavedViewRow> {
  const view = await ctx.em.findOne(SavedView, { id, $or: [{ owner: ctx.user.id }, { shared: true }] }, { populate: ['owner'] });
  if (!view) throw new AppError('CF_ERR_NOT_FOUND');
  return view;
}

/** Changing or deleting: a shared view of someone else is visible but not the caller's (403). */
async function ownView(ctx: AuthedContext, id: string): Promise<SavedViewRow> {
  const view = await visibleView(ctx, id);
  if (view.owner.id !== ctx.user.id) throw new AppError('VIEW_ERR_NOT_OWNER');
  return view;
}

const duplicateName = (ctx: AuthedContext) => new AppError('CF_ERR_CONFLICT', {
  problems: [{ in: 'body', pointer: '/name', message: ctx.locale === 'zh-CN' ? '已有同名视图' : 'You already have a view with this name' }],
});

export async function savedViewRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: FromSchema<typeof SavedViewListQuery> }>('/api/saved-views', {
    config: { roles: tableReaders },
    schema: {
      tags, summary: "The caller's views of a table and the ones shared in its tenant / 我的视图与共享视图",
      querystring: { $ref: 'SavedViewListQuery#' }, response: { 200: { type: 'array', items: { $ref: 'SavedViewView#' } }, ...errors },
    },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    const views = await ctx.em.find(SavedView, { tableKey: request.query.table, $or: [{ owner: ctx.user.id }, { shared: true }] }, { populate: ['owner'], orderBy: { name: 'asc', createdAt: 'asc' } });
    return views.map((v) => toView(v, ctx.user.id));
  });

  app.post<{ Body: FromSchema<typeof SavedViewCreate> }>('/api/saved-views', {
    config: { roles: tableReaders },
    schema: { tags, summary: 'Save a view / 保存视图', body: { $ref: 'SavedViewCreate#' }, response: { 201: { $ref: 'SavedViewView#' }, ...errors } },
  }, async (request, reply) => {
    const ctx = requireUser(request.ctx);
    const { table, name, shared, state } = request.body;
    if (await ctx.em.count(SavedView, { owner: ctx.user.id, tableKey: table, name: name.trim() })) throw duplicateName(ctx);
    const view = ctx.em.create(SavedView, { tenant: ctx.tenantId, owner: ctx.user.id, tableKey: table, name: name.trim(), shared: shared ?? false, state });
    await ctx.em.flush();
    await ctx.em.populate(view, ['owner']);
    return reply.status(201).send(toView(view, ctx.user.id));
  });

  app.put<{ Params: FromSchema<typeof IdParams>; Body: FromSchema<typeof SavedViewUpdate> }>('/api/saved-views/:id', {
    config: { roles: tableReaders },
    schema: {
      tags, summary: 'Change a view (its owner only) / 修改视图', params: { $ref: 'IdParams#' }, body: { $ref: 'SavedViewUpdate#' },
      response: { 200: { $ref: 'SavedViewView#' }, ...errors },
    },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    const view = await ownView(ctx, request.params.id);
    await ctx.em.lock(view, LockMode.OPTIMISTIC, request.body.version);
    const { name, shared, state } = request.body;
    if (name !== undefined && name.trim() !== view.name) {
      if (await ctx.em.count(SavedView, { owner: ctx.user.id, tableKey: view.tableKey, name: name.trim() })) throw duplicateName(ctx);
      view.name = name.trim();
    }
    if (shared !== undefined) view.shared = shared;
    if (state !== undefined) view.state = state;
    await ctx.em.flush();
    return toView(view, ctx.user.id);
  });

  app.delete<{ Params: FromSchema<typeof IdParams> }>('/api/saved-views/:id', {
    config: { roles: tableReaders },
    schema: { tags, summary: 'Delete a view (its owner only) / 删除视图', params: { $ref: 'IdParams#' }, response: { 204: { type: 'null' }, ...errors } },
  }, async (request, reply) => {
    const ctx = requireUser(request.ctx);
    const view = await ownView(ctx, request.params.id);
    ctx.em.remove(view);
    await ctx.em.flush();
    return reply.status(204).send();
  });
}
