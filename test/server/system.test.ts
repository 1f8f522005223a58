import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allSchemas } from '../../schemas/index.js';
import { errorCodes, errorSections } from '../../schemas/errors/index.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('health and readiness', () => {
  it('answers /health and /ready without credentials', async () => {
    expect((await t.app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: 'ok' });
  });
});

describe('OpenAPI', () => {
  it('serves a valid OpenAPI 3 document at /docs/json with every schema of schemas/ by its $id', async () => {
    const res = await t.app.inject({ url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const components = Object.keys(doc.components.schemas);
    for (const schema of allSchemas as { $id: string }[]) expect(components).toContain(schema.$id);
    expect(doc.paths['/api/auth/login'].post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/LoginRequest');
  });

  it('serves the UI at /docs', async () => {
    const res = await t.app.inject({ url: '/docs/' });
    expect([200, 302]).toContain(res.statusCode);
  });
});

describe('error-code table', () => {
  it('has unique codes, each with an HTTP status and messages in zh-CN and English', () => {
    const sectionTotal = Object.values(errorSections).reduce((n, s) => n + Object.keys(s).length, 0);
    expect(Object.keys(errorCodes)).toHaveLength(sectionTotal); // no section redefines another's code
    for (const [code, def] of Object.entries(errorCodes)) {
      expect(code).toMatch(/^[A-Z]+_ERR_[A-Z0-9_]+$/);
      expect(def.status >= 400 && def.status <= 599, code).toBe(true);
      expect(def.zh, code).toMatch(/[\u4e00-\u9fff]/);
      expect(def.en, code).toMatch(/^[A-Z][\x20-\x7e]+$/);
      expect(def.zh).not.toBe(def.en);
    }
  });

  it('is served to the studio at /api/error-codes', async () => {
    const res = await t.app.inject({ url: '/api/error-codes' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(errorCodes)));
  });
});
