import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, loginAs, type TestApp } from '../support/test-app.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  // A route that fails with a driver-like message, to prove a 500 leaks nothing.
  t.app.get('/api/test/boom', { config: { public: true } }, async () => {
    throw new Error('relation "secret_table" does not exist at 10.0.0.5:5432');
  });
  admin = await loginAs(t.app, 'acme-chips', 'hefang');
});
afterAll(async () => t.close());

describe('malformed bodies', () => {
  it('answer 400 with the JSON pointer of every bad field, in English by default', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/users', headers: bearer(admin),
      payload: { login: 'Bad Login', displayName: '', password: 123, systemRoles: ['WIZARD'], surprise: 1 },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body).toMatchObject({ statusCode: 400, code: 'CF_ERR_VALIDATION', message: 'The request is invalid' });
    const pointers = body.details.problems.map((p: { pointer: string }) => p.pointer).sort();
    expect(pointers).toEqual(['/displayName', '/login', '/password', '/surprise', '/systemRoles/0']);
    for (const p of body.details.problems) {
      expect(p.in).toBe('body');
      expect(p.message).toMatch(/[a-z]/);
    }
  });

  it('answer in Chinese when the request asks for zh', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/users', headers: { ...bearer(admin), 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' },
      payload: { login: 'ok.login', displayName: 'x', password: 'a-long-password' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('请求数据不合法');
    expect(res.json().details.problems).toEqual([
      { in: 'body', pointer: '/systemRoles', keyword: 'required', message: '应当有必需属性 systemRoles' },
    ]);
  });

  it('never coerces types: a number where a string is expected is an error, as in the browser', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { tenant: 'acme-chips', login: 'hefang', password: 12345678901 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.problems[0].pointer).toBe('/password');
  });

  it('reports a bad path parameter with its pointer', async () => {
    const res = await t.app.inject({ url: '/api/users/not-a-uuid', headers: bearer(admin) });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.problems[0]).toMatchObject({ in: 'params', pointer: '/id' });
  });

  it('answer 400 CF_ERR_BAD_JSON to broken JSON and 415 to another content type', async () => {
    const broken = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"tenant": ' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('CF_ERR_BAD_JSON');
    const xml = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/xml' }, payload: '<x/>' });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().code).toBe('CF_ERR_UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('error body', () => {
  it('is generic on a 500 and never carries the cause', async () => {
    const res = await t.app.inject({ url: '/api/test/boom', headers: { 'x-request-id': 'trace-42' } });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ statusCode: 500, code: 'CF_ERR_INTERNAL', message: 'Internal server error', requestId: 'trace-42' });
    expect(res.body).not.toContain('secret_table');
    expect(res.headers['x-request-id']).toBe('trace-42');
  });

  it('answers an unknown route with 404 CF_ERR_ROUTE_NOT_FOUND', async () => {
    const res = await t.app.inject({ url: '/api/nothing-here', headers: { 'accept-language': 'zh' } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'CF_ERR_ROUTE_NOT_FOUND', message: '接口不存在' });
  });
});
