import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { Client, orderVariables, uniqueKey } from './workflows/workflow-test-support.js';

let t: TestApp;
let small: TestApp;
const c: Record<string, Client> = {};

function multipart(filename: string, contentType: string, bytes: Buffer, field = 'file') {
  const boundary = `----cf${randomUUID()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  return { payload: Buffer.concat([Buffer.from(head, 'utf8'), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(app: TestApp, who: Client, filename: string, contentType: string, bytes: Buffer, field?: string) {
  const body = multipart(filename, contentType, bytes, field);
  return app.app.inject({ method: 'POST', url: '/api/attachments', payload: body.payload, headers: { ...body.headers, authorization: `Bearer ${who.token}` } });
}

const pdf = (label: string) => Buffer.from(`%PDF-1.4\n% ${label}\n${'x'.repeat(500)}\n%%EOF\n`);

beforeAll(async () => {
  t = await createTestApp();
  small = await createTestApp({ attachmentMaxBytes: 2048 });
  for (const [tenant, login] of [['acme-chips', 'd05.buyer'], ['acme-chips', 'd05.owner'], ['acme-chips', 'd06.buyer'], ['acme-chips', 'chenjing'], ['acme-chips', 'wanglei'], ['beta-tools', 'admin']]) {
    c[login] = await Client.login(t.app, tenant, login);
  }
});
afterAll(async () => {
  await t?.close();
  await small?.close();
});

describe('upload', () => {
  it('stores the bytes and answers id, filename, size, content type and sha256; the uploader downloads the same bytes under its Chinese name', async () => {
    const bytes = pdf('合同');
    const res = await upload(t, c['d05.buyer'], '经销合同 2025.pdf', 'application/pdf', bytes);
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({ filename: '经销合同 2025.pdf', size: bytes.length, contentType: 'application/pdf', sha256: createHash('sha256').update(bytes).digest('hex'), instanceId: null });
    const got = await c['d05.buyer'].get(`/api/attachments/${a.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(bytes)).toBe(true);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-disposition']).toBe(`attachment; filename="____ 2025.pdf"; filename*=UTF-8''${encodeURIComponent('经销合同 2025.pdf')}`);
  });

  it('refuses a content type off the list (415), a file over the configured limit (413), a missing or misnamed file part (400) and a JSON body (415)', async () => {
    const html = await upload(t, c['d05.buyer'], 'x.html', 'text/html', Buffer.from('<script>alert(1)</script>'));
    expect(html.statusCode).toBe(415);
    expect(html.json().code).toBe('ATT_ERR_CONTENT_TYPE');
    const big = await upload(small, c['d05.buyer'], 'big.pdf', 'application/pdf', Buffer.alloc(3000, 1));
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ code: 'ATT_ERR_TOO_LARGE', details: { maxBytes: 2048 } });
    expect((await upload(small, c['d05.buyer'], 'ok.pdf', 'application/pdf', Buffer.alloc(2000, 1))).statusCode).toBe(201);
    const misnamed = await upload(t, c['d05.buyer'], 'a.pdf', 'application/pdf', pdf('a'), 'upload');
    expect(misnamed.statusCode).toBe(400);
    expect(misnamed.json()).toMatchObject({ code: 'ATT_ERR_NO_FILE', details: { problems: [{ pointer: '/file' }] } });
    const empty = await upload(t, c['d05.buyer'], 'empty.pdf', 'application/pdf', Buffer.alloc(0));
    expect(empty.json().code).toBe('ATT_ERR_NO_FILE');
    const json = await c['d05.buyer'].post('/api/attachments', { file: 'aGVsbG8=' });
    expect(json.statusCode).toBe(415);
    expect((await t.app.inject({ method: 'POST', url: '/api/attachments', ...multipart('a.pdf', 'application/pdf', pdf('a')) })).statusCode).toBe(401);
  });
});

describe('attachments on an instance', () => {
  it('a comment links the caller\'s own upload; then whoever reads the instance downloads it, nobody else (404)', async () => {
    const inst = (await c['d05.buyer'].post('/api/workflows/dealer-order-approval/instances', { variables: orderVariables('D05', 30000), idempotencyKey: uniqueKey('att') })).json();
    const a = (await upload(t, c['d05.buyer'], '订单附件.pdf', 'application/pdf', pdf('order'))).json();
    for (const who of ['chenjing', 'd05.owner', 'd06.buyer', 'admin']) expect((await c[who].get(`/api/attachments/${a.id}`)).statusCode, who).toBe(404);
    const commented = await c['d05.buyer'].post(`/api/instances/${inst.id}/comment`, { text: '见附件', attachmentIds: [a.id] });
    expect(commented.statusCode, commented.body).toBe(200);
    const timeline = (await c['d05.buyer'].get(`/api/instances/${inst.id}/timeline`)).json() as { type: string; data: { attachmentIds?: string[] } }[];
    expect(timeline.find((e) => e.type === 'commented')?.data.attachmentIds).toEqual([a.id]);
    for (const who of ['chenjing', 'd05.owner']) expect((await c[who].get(`/api/attachments/${a.id}`)).statusCode, who).toBe(200);
    for (const who of ['wanglei', 'd06.buyer', 'admin']) expect((await c[who].get(`/api/attachments/${a.id}`)).statusCode, who).toBe(404);
  });

  it('refuses ids that are not the caller\'s own uploads of this tenant (400 with the pointer), and links nothing', async () => {
    const inst = (await c['d05.buyer'].post('/api/workflows/dealer-order-approval/instances', { variables: orderVariables('D05', 30000), idempotencyKey: uniqueKey('att-bad') })).json();
    const mine = (await upload(t, c['chenjing'], 'note.txt', 'text/plain', Buffer.from('审批意见'))).json();
    const dealers = (await upload(t, c['d05.buyer'], 'd.pdf', 'application/pdf', pdf('d'))).json();
    const foreign = (await upload(t, c['admin'], 'beta.pdf', 'application/pdf', pdf('beta'))).json();
    const res = await c['chenjing'].post(`/api/instances/${inst.id}/comment`, { text: '附件', attachmentIds: [mine.id, dealers.id, foreign.id, randomUUID(), 'not-an-id'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('ATT_ERR_NOT_USABLE');
    expect(res.json().details.problems.map((p: { pointer: string }) => p.pointer)).toEqual(['/attachmentIds/1', '/attachmentIds/2', '/attachmentIds/3', '/attachmentIds/4']);
    const types = ((await c['chenjing'].get(`/api/instances/${inst.id}/timeline`)).json() as { type: string }[]).map((e) => e.type);
    expect(types).not.toContain('commented');
    // chenjing's own file was not linked by the refused comment: the dealer still cannot read it.
    expect((await c['d05.buyer'].get(`/api/attachments/${mine.id}`)).statusCode).toBe(404);
    // A file linked to one instance cannot be attached to another.
    const other = (await c['d05.buyer'].post('/api/workflows/dealer-order-approval/instances', { variables: orderVariables('D05', 30000), idempotencyKey: uniqueKey('att-other') })).json();
    expect((await c['d05.buyer'].post(`/api/instances/${inst.id}/comment`, { text: 'a', attachmentIds: [dealers.id] })).statusCode).toBe(200);
    expect((await c['d05.buyer'].post(`/api/instances/${other.id}/comment`, { text: 'b', attachmentIds: [dealers.id] })).statusCode).toBe(400);
  });
});
