import ExcelJS from 'exceljs';
import type { TestApp } from '../../support/test-app.js';
import { TEST_PASSWORD } from '../../support/fixtures.js';

export interface HttpAnswer<T = any> { status: number; headers: Headers; body: T; bytes: Buffer }

/** A logged-in caller speaking real HTTP to the app listening on a port. */
export class HttpClient {
  constructor(readonly base: string, readonly token: string, readonly language = 'zh-CN') {}

  static async login(base: string, tenant: string, login: string): Promise<HttpClient> {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant, login, password: TEST_PASSWORD }) });
    if (res.status !== 200) throw new Error(`login ${tenant}/${login}: ${res.status}`);
    return new HttpClient(base, ((await res.json()) as { token: string }).token);
  }

  async request(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<HttpAnswer> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, 'accept-language': this.language, ...extra };
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${this.base}${path}`, { method, headers, body: payload });
    const bytes = Buffer.from(await res.arrayBuffer());
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, headers: res.headers, bytes, body: type.includes('json') && bytes.length ? JSON.parse(bytes.toString('utf8')) : undefined };
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body?: unknown) => this.request('POST', path, body);
  put = (path: string, body: unknown) => this.request('PUT', path, body);
  delete = (path: string) => this.request('DELETE', path);

  /** Uploads a workbook as the one multipart part `file`. */
  upload(path: string, bytes: Buffer, field = 'file', filename = 'import.xlsx') {
    const form = new FormData();
    form.append(field, new Blob([new Uint8Array(bytes)], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), filename);
    return this.request('POST', path, form);
  }
}

/** Listens on 127.0.0.1 and answers the base URL. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

/** A workbook as a person would type it: the heading row, then rows of cells. */
export async function workbookOf(sheet: string, rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function readWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return wb;
}

/** The first sheet's rows as arrays of plain values (row 1 is the heading). */
export function sheetRows(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}
