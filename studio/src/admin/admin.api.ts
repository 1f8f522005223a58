import type { FromSchema } from 'json-schema-to-ts';
import type { AdminDealerRow } from '../../../schemas/api/admin-tables.schema';
import type { ImportReport } from '../../../schemas/api/record-import.schema';
import type { SavedViewState, SavedViewView } from '../../../schemas/api/saved-view.schema';
import { ApiError, getToken } from '../api/client';
import { currentLocale } from '../app/i18n';

export type DealerRow = FromSchema<typeof AdminDealerRow>;
export type ViewState = FromSchema<typeof SavedViewState>;
export type SavedView = FromSchema<typeof SavedViewView>;
export type ImportAnswer = FromSchema<typeof ImportReport>;
export type RecordKind = 'dealer' | 'product';

export interface DealerColumnsMeta {
  tiers: { code: string; label: { zh?: string; en?: string } }[];
  customFields: { key: string; title: string; type: string; format?: string }[];
}

const pathOf: Record<RecordKind, string> = { dealer: 'dealers', product: 'products' };

/** The dealers table's query string from a view's filter and sort, plus the page. */
export function dealerQuery(state: ViewState, page?: { limit: number; offset: number }): string {
  const q = new URLSearchParams();
  const f = state.filters;
  if (f.tier?.length) q.set('tier', f.tier.join(','));
  if (f.status?.length) q.set('status', f.status.join(','));
  if (f.region) q.set('region', f.region);
  if (f.q) q.set('q', f.q);
  if (state.sort) q.set('sort', `${state.sort.order === 'desc' ? '-' : ''}${state.sort.field}`);
  if (page) {
    q.set('limit', String(page.limit));
    q.set('offset', String(page.offset));
  }
  return q.toString();
}

const authHeaders = (): Record<string, string> => {
  const token = getToken();
  return { 'accept-language': currentLocale(), ...(token ? { authorization: `Bearer ${token}` } : {}) };
};

async function failure(res: Response): Promise<ApiError> {
  const data = await res.json().catch(() => undefined) as { code?: string; message?: string; details?: ApiError['details'] } | undefined;
  return new ApiError(res.status, data?.code ?? 'CF_ERR_HTTP', data?.message ?? res.statusText, data?.details);
}

/** Fetches a workbook with the caller's token and hands it to the browser as a download under the server's file name. */
export async function downloadWorkbook(path: string): Promise<string> {
  const res = await fetch(path, { headers: authHeaders() });
  if (!res.ok) throw await failure(res);
  const disposition = res.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  const name = encoded ? decodeURIComponent(encoded) : 'export.xlsx';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

export const exportPath = (record: RecordKind, query: string) => `/api/admin/${pathOf[record]}/export.xlsx${query ? `?${query}` : ''}`;
export const templatePath = (record: RecordKind) => `/api/admin/${pathOf[record]}/import-template.xlsx`;

/**
 * Uploads a workbook. A refused all-or-nothing import (422) still answers with its report, so the
 * dialog shows the rows either way; `refused` tells the two apart.
 */
export async function uploadWorkbook(record: RecordKind, file: File, opts: { mode: 'all' | 'valid-rows'; dryRun: boolean }): Promise<{ report: ImportAnswer; refused: boolean }> {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await fetch(`/api/admin/${pathOf[record]}/import?mode=${opts.mode}&dryRun=${opts.dryRun}`, { method: 'POST', headers: authHeaders(), body: form });
  if (res.ok) return { report: (await res.json()) as ImportAnswer, refused: false };
  const err = await failure(res);
  const report = err.details?.report as ImportAnswer | undefined;
  if (err.code === 'IMP_ERR_ROWS_INVALID' && report) return { report, refused: true };
  throw err;
}
