import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { Client } from './workflow-test-support.js';

let t: TestApp;
const c: Record<string, Client> = {};

beforeAll(async () => {
  t = await createTestApp();
  for (const login of ['d05.buyer', 'hefang']) c[login] = await Client.login(t.app, 'acme-chips', login);
  c['b01.buyer'] = await Client.login(t.app, 'beta-tools', 'b01.buyer');
});
afterAll(async () => t?.close());

describe('GET /api/forms/:key: the published form a user fills in', () => {
  it('gives a dealer user the published dealer-order form with its schema and uiSchema', async () => {
    const res = await c['d05.buyer'].get('/api/forms/dealer-order');
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view).toMatchObject({ key: 'dealer-order', status: 'PUBLISHED', name: { zh: '经销商订单' } });
    expect(Object.keys(view.document.schema.properties)).toEqual(expect.arrayContaining(['shipToRegion', 'lines', 'requestedOffset']));
    expect(view.document.uiSchema).toBeTypeOf('object');
  });

  it('answers the published version to staff as well, and 404 for a key the tenant does not have', async () => {
    expect((await c.hefang.get('/api/forms/dealer-onboarding')).json()).toMatchObject({ key: 'dealer-onboarding', status: 'PUBLISHED' });
    const missing = await c['d05.buyer'].get('/api/forms/no-such-form');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('CF_ERR_NOT_FOUND');
  });

  it("does not show another tenant's form (404)", async () => {
    const res = await c['b01.buyer'].get('/api/forms/dealer-order');
    expect(res.statusCode).toBe(404);
  });

  it('still keeps the version history from dealers (403)', async () => {
    expect((await c['d05.buyer'].get('/api/forms/dealer-order/versions')).statusCode).toBe(403);
  });
});

describe('GET /portal', () => {
  it('redirects to the portal inside the studio', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/portal' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/studio/portal');
  });
});
