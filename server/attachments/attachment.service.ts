import { createHash } from 'node:crypto';
import type { AppErrorProblem } from '../../schemas/errors/app-error.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { Attachment, type Attachment as AttachmentRow } from '../entities/index.js';
import type { AuthedContext } from '../http/request-context.js';
import { findReadableInstance } from '../workflows/instance-access.js';
import { tenantSql } from '../db/tenant-sql.js';

export interface UploadedFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export function toAttachmentView(a: AttachmentRow) {
  return { id: a.id, filename: a.filename, size: a.size, contentType: a.contentType, sha256: a.sha256, instanceId: a.instance?.id ?? null, createdAt: a.createdAt };
}

/** A file name as stored: no directories, no control characters, at most 255 characters. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return [...(clean || 'file')].slice(0, 255).join('');
}

export async function storeAttachment(ctx: AuthedContext, file: UploadedFile): Promise<AttachmentRow> {
  const row = ctx.em.create(Attachment, {
    tenant: ctx.tenantId,
    uploader: ctx.user.id,
    filename: cleanFilename(file.filename),
    contentType: file.contentType,
    size: file.bytes.length,
    sha256: createHash('sha256').update(file.bytes).digest('hex'),
    content: file.bytes,
    instance: null,
  });
  await ctx.em.flush();
  return row;
}

/**
 * An attachment with its bytes, for its uploader or for whoever may read the instance it is
 * linked to; anyone else (another tenant, another dealer, a stranger to the instance) gets 404.
 */
export async function readAttachment(ctx: AuthedContext, id: string): Promise<AttachmentRow> {
  const row = await ctx.em.findOne(Attachment, { id }, { populate: ['content'] });
  if (!row) throw new AppError('CF_ERR_NOT_FOUND');
  if (row.uploader.id === ctx.user.id) return row;
  if (!row.instance) throw new AppError('CF_ERR_NOT_FOUND');
  await findReadableInstance(ctx, row.instance.id);
  return row;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Links the caller's own uploads to an instance, inside the caller's transaction (the comment's):
 * each id must name an attachment of this tenant uploaded by the caller and not linked to another
 * instance; the rows are locked so two comments cannot claim one file for two instances.
 */
export async function linkAttachments(ctx: AuthedContext, ids: readonly string[], instanceId: string, pointer: string): Promise<void> {
  if (ids.length === 0) return;
  const wellFormed = ids.filter((x) => UUID.test(x));
  const rows = wellFormed.length === 0 ? [] : await tenantSql(ctx)<{ id: string; uploader_id: string; instance_id: string | null }[]>(
    `select id, uploader_id, instance_id from attachment where tenant_id = :tenant and id in (${wellFormed.map(() => '?').join(', ')}) for update`,
    wellFormed,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const problems: AppErrorProblem[] = [];
  ids.forEach((id, i) => {
    const row = byId.get(id.toLowerCase());
    const usable = row && row.uploader_id === ctx.user.id && (row.instance_id === null || row.instance_id === instanceId);
    if (!usable) problems.push({ in: 'body', pointer: `${pointer}/${i}`, code: 'ATT_ERR_NOT_USABLE', message: `attachment ${id} is unknown, not yours, or linked to another instance` });
  });
  if (problems.length > 0) throw new AppError('ATT_ERR_NOT_USABLE', { problems });
  await tenantSql(ctx)(
    `update attachment set instance_id = ? where tenant_id = :tenant and id in (${ids.map(() => '?').join(', ')})`,
    [instanceId, ...ids.map((x) => x.toLowerCase())],
  );
}

/** `Content-Disposition` with an ASCII fallback and the exact name in RFC 5987 form (Chinese file names survive). */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
