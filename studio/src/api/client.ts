import { currentLocale } from '../app/i18n';

const TOKEN_KEY = 'cf.token';

export interface ApiProblem {
  pointer?: string;
  code?: string;
  message: string;
  [key: string]: unknown;
}

/** An error answered by the server: the studio switches on `code`, never on the text. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: { problems?: ApiProblem[]; [key: string]: unknown },
  ) {
    super(message);
  }

  get problems(): ApiProblem[] {
    return this.details?.problems ?? [];
  }
}

export const getToken = () => localStorage.getItem(TOKEN_KEY);
export const setToken = (token: string | null) => (token ? localStorage.setItem(TOKEN_KEY, token) : localStorage.removeItem(TOKEN_KEY));

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': currentLocale() };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    if (res.status === 401 && token) {
      setToken(null);
      window.dispatchEvent(new Event('cf:logged-out'));
    }
    throw new ApiError(res.status, data?.code ?? 'CF_ERR_HTTP', data?.message ?? res.statusText, data?.details);
  }
  return data as T;
}

export const apiGet = <T>(path: string) => api<T>('GET', path);
export const apiPost = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const apiPut = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const apiDelete = <T>(path: string) => api<T>('DELETE', path);
