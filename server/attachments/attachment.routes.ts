import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import type { IdParams } from '../../schemas/api/common.schema.js';
import { AppError } from '../../schemas/errors/app-error.js';
import type { Config } from '../config.js';
import { requireUser } from '../http/request-context.js';
import { contentDisposition, readAttachment, storeAttachment, toAttachmentView } from './attachment.service.js';

const tags = ['attachments'];
const errors = {
  400: { $ref: 'ErrorResponse#' }, 401: { $ref: 'ErrorResponse#' }, 403: { $ref: 'ErrorResponse#' }, 404: { $ref: 'ErrorResponse#' },
  413: { $ref: 'ErrorResponse#' }, 415: { $ref: 'ErrorResponse#' },
};
const filePart = (message: string) => ({ problems: [{ in: 'body' as const, pointer: '/file', message }] });

/** Multipart's own refusals, in the one error model (its errors carry a `code` and a status). */
function uploadError(e: unknown, maxBytes: number): unknown {
  if (e instanceof AppError) return e;
  const code = (e as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new AppError('ATT_ERR_TOO_LARGE', { maxBytes });
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new AppError('CF_ERR_UNSUPPORTED_MEDIA_TYPE');
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return new AppError('CF_ERR_VALIDATION', filePart('send exactly one part, the file'));
  return new AppError('CF_ERR_VALIDATION', filePart('the multipart body is malformed'));
}

/**
 * Upload (multipart, one part named `file`) and download of attachments. Multipart is parsed only
 * inside this plugin; the size limit and the allowed content types come from the configuration.
 * The upload is not JSON, so instead of ajv the route checks its one part itself.
 */
export async function attachmentRoutes(app: FastifyInstance, { config }: { config: Config }): Promise<void> {
  await app.register(multipart, { limits: { fileSize: config.attachmentMaxBytes, files: 1, fields: 0, parts: 1, headerPairs: 50 } });

  app.post('/api/attachments', {
    schema: {
      tags, summary: 'Upload an attachment / 上传附件', consumes: ['multipart/form-data'],
      response: { 201: { $ref: 'AttachmentView#' }, ...errors },
    },
  }, async (request, reply) => {
    const ctx = requireUser(request.ctx);
    if (!request.isMultipart()) throw new AppError('CF_ERR_UNSUPPORTED_MEDIA_TYPE');
    let part;
    try {
      part = await request.file();
    } catch (e) {
      throw uploadError(e, config.attachmentMaxBytes);
    }
    if (!part || part.fieldname !== 'file') throw new AppError('ATT_ERR_NO_FILE', filePart('send the file in a part named "file"'));
    const contentType = part.mimetype.split(';')[0].trim().toLowerCase();
    if (!config.attachmentContentTypes.includes(contentType)) {
      part.file.resume();
      throw new AppError('ATT_ERR_CONTENT_TYPE', { contentType, allowed: config.attachmentContentTypes });
    }
    let bytes: Buffer;
    try {
      bytes = await part.toBuffer();
    } catch (e) {
      throw uploadError(e, config.attachmentMaxBytes);
    }
    if (bytes.length === 0) throw new AppError('ATT_ERR_NO_FILE', filePart('the file is empty'));
    const row = await storeAttachment(ctx, { filename: part.filename, contentType, bytes });
    return reply.status(201).send(toAttachmentView(row));
  });

  app.get<{ Params: FromSchema<typeof IdParams> }>('/api/attachments/:id', {
    schema: { tags, summary: 'Download an attachment / 下载附件', params: { $ref: 'IdParams#' }, produces: ['application/octet-stream'], response: errors },
  }, async (request, reply) => {
    const row = await readAttachment(requireUser(request.ctx), request.params.id);
    return reply
      .header('content-type', row.contentType)
      .header('content-disposition', contentDisposition(row.filename))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .header('x-content-sha256', row.sha256)
      .send(row.content);
  });
}
