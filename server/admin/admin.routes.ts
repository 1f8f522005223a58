import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { AdminDealerFilter, AdminDealerQuery, AdminProductFilter } from '../../schemas/api/admin-tables.schema.js';
import type { ImportQuery } from '../../schemas/api/record-import.schema.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { contentDisposition } from '../attachments/attachment.service.js';
import { shanghaiToday } from '../rule-sets/rule-set.service.js';
import { requireUser } from '../http/request-context.js';
import { findDealers, findProducts, listDealers } from './dealer-list.service.js';
import { columnsOf, importWorkbook, loadSheetEnv } from './record-import.service.js';
import { sheetNames, type SheetRecord } from './record-sheets.js';
import { savedViewRoutes, tableReaders } from './saved-view.routes.js';
import { recordWorkbook, templateWorkbook, XLSX_TYPE } from './workbook.service.js';

const tags = ['admin'];
const errors = {
  400: { $ref: 'ErrorResponse#' }, 401: { $ref: 'ErrorResponse#' }, 403: { $ref: 'ErrorResponse#' }, 404: { $ref: 'ErrorResponse#' },
  409: { $ref: 'ErrorResponse#' }, 413: { $ref: 'ErrorResponse#' }, 415: { $ref: 'ErrorResponse#' }, 422: { $ref: 'ErrorResponse#' },
};
/** An .xlsx upload's ceiling; the unpacked size is bounded separately (workbook-size.ts). */
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const importers = ['TENANT_ADMIN'] as const;
const filePart = { problems: [{ in: 'body' as const, pointer: '/file', message: 'send the .xlsx file in one part named "file"' }] };

function sendWorkbook(reply: FastifyReply, name: string, bytes: Buffer) {
  return reply
    .header('content-type', XLSX_TYPE)
    .header('content-disposition', contentDisposition(`${name}.xlsx`))
    .header('cache-control', 'private, no-store')
    .send(bytes);
}

/** The one part named `file`, read whole (at most MAX_UPLOAD_BYTES); multipart's own refusals mapped to ours. */
async function uploadedWorkbook(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart()) throw new AppError('CF_ERR_UNSUPPORTED_MEDIA_TYPE');
  try {
    const part = await request.file();
    if (!part || part.fieldname !== 'file') {
      part?.file.resume();
      throw new AppError('IMP_ERR_NO_FILE', filePart);
    }
    const bytes = await part.toBuffer();
    if (bytes.length === 0) throw new AppError('IMP_ERR_NO_FILE', filePart);
    return bytes;
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('IMP_ERR_TOO_LARGE', { maxBytes: MAX_UPLOAD_BYTES });
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new AppError('CF_ERR_UNSUPPORTED_MEDIA_TYPE');
    throw new AppError('IMP_ERR_NO_FILE', filePart);
  }
}

/** Staff admin views of dealers and products: the filtered table, saved views, Excel export, template and import. */
export async function adminRoutes(app: FastifyInstance): Promise<void> {
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 0, parts: 1, headerPairs: 50 } });
  await savedViewRoutes(app);

  app.get<{ Querystring: FromSchema<typeof AdminDealerQuery> }>('/api/admin/dealers', {
    config: { roles: tableReaders },
    schema: {
      tags, summary: 'Dealers with filters, sort and paging / 经销商列表（筛选、排序、分页）',
      querystring: { $ref: 'AdminDealerQuery#' }, response: { 200: { $ref: 'AdminDealerPage#' }, ...errors },
    },
  }, async (request) => listDealers(requireUser(request.ctx), request.query));

  app.get('/api/admin/dealers/columns', {
    config: { roles: tableReaders },
    schema: {
      tags, summary: "The tenant's dealer tiers and custom fields, for the table's filters and columns / 经销商表的等级与自定义字段",
      response: {
        200: {
          type: 'object', required: ['tiers', 'customFields'],
          properties: {
            tiers: { type: 'array', items: { type: 'object', required: ['code', 'label'], properties: { code: { type: 'string' }, label: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } } } } },
            customFields: { type: 'array', items: { type: 'object', required: ['key', 'title', 'type'], properties: { key: { type: 'string' }, title: { type: 'string' }, type: { type: 'string' }, format: { type: 'string' } } } },
          },
        },
        ...errors,
      },
    },
  }, async (request) => {
    const ctx = requireUser(request.ctx);
    const { tenant, env } = await loadSheetEnv(ctx.em, ctx.tenantId, 'dealer');
    const dict = tenant.settings?.dictionaries?.dealerTier as { items?: { code: string; label: { zh?: string; en?: string } }[] } | undefined;
    const labels = new Map((dict?.items ?? []).map((i) => [i.code, i.label]));
    return {
      tiers: env.tiers.map((code) => ({ code, label: labels.get(code) ?? { zh: code, en: code } })),
      customFields: env.customFields.map((f) => ({
        key: f.key, title: f.title, type: String((Array.isArray(f.schema.type) ? f.schema.type[0] : f.schema.type) ?? 'string'),
        ...(f.schema.format ? { format: f.schema.format } : {}),
      })),
    };
  });

  app.get<{ Querystring: FromSchema<typeof AdminDealerFilter> }>('/api/admin/dealers/export.xlsx', {
    config: { roles: tableReaders },
    schema: { tags, summary: 'The filtered dealers as an Excel workbook / 导出经销商', querystring: { $ref: 'AdminDealerFilter#' }, produces: [XLSX_TYPE], response: errors },
  }, async (request, reply) => {
    const ctx = requireUser(request.ctx);
    const { env } = await loadSheetEnv(ctx.em, ctx.tenantId, 'dealer');
    const bytes = await recordWorkbook('dealer', columnsOf('dealer', env), await findDealers(ctx, request.query));
    return sendWorkbook(reply, `${sheetNames.dealer.zh}-${shanghaiToday()}`, bytes);
  });

  app.get<{ Querystring: FromSchema<typeof AdminProductFilter> }>('/api/admin/products/export.xlsx', {
    config: { roles: tableReaders },
    schema: { tags, summary: 'The filtered products as an Excel workbook / 导出产品', querystring: { $ref: 'AdminProductFilter#' }, produces: [XLSX_TYPE], response: errors },
  }, async (request, reply) => {
    const ctx = requireUser(request.ctx);
    const { env } = await loadSheetEnv(ctx.em, ctx.tenantId, 'product');
    const bytes = await recordWorkbook('product', columnsOf('product', env), await findProducts(ctx, request.query));
    return sendWorkbook(reply, `${sheetNames.product.zh}-${shanghaiToday()}`, bytes);
  });

  for (const [record, path] of [['dealer', 'dealers'], ['product', 'products']] as [SheetRecord, string][]) {
    app.get(`/api/admin/${path}/import-template.xlsx`, {
      config: { roles: importers },
      schema: { tags, summary: `An empty ${record} workbook with the tenant's columns and a guide / 导入模板`, produces: [XLSX_TYPE], response: errors },
    }, async (request, reply) => {
      const ctx = requireUser(request.ctx);
      const { env } = await loadSheetEnv(ctx.em, ctx.tenantId, record);
      return sendWorkbook(reply, `${sheetNames[record].zh}导入模板`, await templateWorkbook(record, columnsOf(record, env), env));
    });

    app.post<{ Querystring: FromSchema<typeof ImportQuery> }>(`/api/admin/${path}/import`, {
      config: { roles: importers },
      schema: {
        tags, consumes: ['multipart/form-data'], querystring: { $ref: 'ImportQuery#' },
        summary: `Upsert ${path} by code from an .xlsx in one transaction, with a per-row report / 导入${sheetNames[record].zh}`,
        response: { 200: { $ref: 'ImportReport#' }, ...errors },
      },
    }, async (request) => {
      const ctx = requireUser(request.ctx);
      const bytes = await uploadedWorkbook(request);
      return importWorkbook(ctx, record, bytes, { mode: request.query.mode ?? 'all', dryRun: request.query.dryRun === 'true' });
    });
  }
}
