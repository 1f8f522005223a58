import { ApiError, apiGet, getToken } from '../api/client';
import { currentLocale } from '../app/i18n';
import type { FormLocale } from './form-validation';

export interface UploadedFile {
  id: string;
  filename: string;
  size: number;
}

/** What the widgets of one rendered form share (rjsf's formContext): the language, cached GETs, uploads. */
export interface RuntimeContext {
  locale: FormLocale;
  load(url: string): Promise<unknown>;
  upload(file: File): Promise<UploadedFile>;
}

/** Uploads to POST /api/attachments (multipart) first; the form keeps only the id, never the bytes. */
async function uploadAttachment(file: File): Promise<UploadedFile> {
  const body = new FormData();
  body.append('file', file, file.name);
  const headers: Record<string, string> = { 'accept-language': currentLocale() };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch('/api/attachments', { method: 'POST', headers, body });
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new ApiError(res.status, data?.code ?? 'CF_ERR_HTTP', data?.message ?? res.statusText, data?.details);
  return { id: String(data.id), filename: String(data.filename ?? file.name), size: Number(data.size ?? file.size) };
}

/** One context per rendered form: each URL is fetched once while the form is open. */
export function createRuntimeContext(locale: FormLocale): RuntimeContext {
  const cache = new Map<string, Promise<unknown>>();
  return {
    locale,
    load(url) {
      let p = cache.get(url);
      if (!p) {
        p = apiGet<unknown>(url);
        p.catch(() => cache.delete(url));
        cache.set(url, p);
      }
      return p;
    },
    upload: uploadAttachment,
  };
}
