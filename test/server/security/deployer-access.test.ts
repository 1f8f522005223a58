import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, loginAs, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let deployer: string;
let deployerToken: string;
let admin: string;
let approver: string;
let d05Buyer: string;
let d05Id: string;
let d06Id: string;
beforeAll(async () => {
  t = await createTestApp();
  deployer = await loginAs(t.app, 'acme-chips', 'machao');
  deployerToken = (await t.app.inject({ method: 'POST', url: '/api/tokens', headers: bearer(deployer), payload: { name: 'deployer-access test' } })).json().token;
  admin = await loginAs(t.app, 'acme-chips', 'hefang');
  approver = await loginAs(t.app, 'acme-chips', 'wanglei');
  d05Buyer = await loginAs(t.app, 'acme-chips', 'd05.buyer');
  const dealers = (await t.app.inject({ url: '/api/dealers', headers: bearer(admin) })).json() as { id: string; code: string }[];
  d05Id = dealers.find((d) => d.code === 'D05')!.id;
  d06Id = dealers.find((d) => d.code === 'D06')!.id;
});
afterAll(async () => t.close());

/** Every route that reads (or writes) dealer master data, credit or rebates. */
const dealerDataRoutes = () => [
  { method: 'GET', url: '/api/dealers' },
  { method: 'GET', url: `/api/dealers/${d05Id}` },
  { method: 'PATCH', url: `/api/dealers/${d05Id}`, payload: { version: 1, name: 'x' } },
  { method: 'GET', url: '/api/admin/dealers' },
  { method: 'GET', url: '/api/admin/dealers/columns' },
  { method: 'GET', url: '/api/admin/dealers/export.xlsx' },
  { method: 'GET', url: '/api/admin/dealers/import-template.xlsx' },
  { method: 'GET', url: '/api/credit?dealer=D05' },
  { method: 'GET', url: '/api/rebates/account?dealer=D05' },
  { method: 'GET', url: '/api/rebates/statements' },
  { method: 'GET', url: '/api/dashboards/overview' },
] as const;

describe('deployers get 403 on dealer master data, credit and rebates', () => {
  it('every /api/dealers*, admin dealer table, credit, rebate and dashboard route answers a deployer 403, by session and by API token', async () => {
    for (const credential of [deployer, deployerToken]) {
      for (const route of dealerDataRoutes()) {
        const res = await t.app.inject({ method: route.method, url: route.url, headers: bearer(credential), ...('payload' in route ? { payload: route.payload } : {}) });
        expect({ route: `${route.method} ${route.url}`, status: res.statusCode, code: res.json().code }).toEqual({ route: `${route.method} ${route.url}`, status: 403, code: 'AUTH_ERR_FORBIDDEN' });
      }
    }
  });

  it('GET /api/dealers answers a deployer 403 and the body holds no credit limit', async () => {
    const res = await t.app.inject({ url: '/api/dealers', headers: bearer(deployer) });
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toMatch(/creditLimit|D05/);
  });

  it('business admins and approvers still read every dealer, with its custom fields; a dealer user only its own', async () => {
    for (const staff of [admin, approver]) {
      const list = await t.app.inject({ url: '/api/dealers', headers: bearer(staff) });
      expect(list.statusCode).toBe(200);
      expect((list.json() as { code: string }[]).map((d) => d.code)).toEqual(expect.arrayContaining(['D05', 'D06']));
      expect((await t.app.inject({ url: `/api/dealers/${d06Id}`, headers: bearer(staff) })).statusCode).toBe(200);
      expect((await t.app.inject({ url: '/api/credit?dealer=D05', headers: bearer(staff) })).statusCode).toBe(200);
      expect((await t.app.inject({ url: '/api/admin/dealers', headers: bearer(staff) })).statusCode).toBe(200);
    }
    const own = await t.app.inject({ url: '/api/dealers', headers: bearer(d05Buyer) });
    expect(own.statusCode).toBe(200);
    expect((own.json() as { code: string }[]).map((d) => d.code)).toEqual(['D05']);
    expect((await t.app.inject({ url: `/api/dealers/${d05Id}`, headers: bearer(d05Buyer) })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/dealers/${d06Id}`, headers: bearer(d05Buyer) })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/credit', headers: bearer(d05Buyer) })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/rebates/account', headers: bearer(d05Buyer) })).statusCode).toBe(200);
  });

  it('deployers keep what they need for configuration: regions, roles and calendars', async () => {
    for (const url of ['/api/regions', '/api/roles', '/api/calendars']) {
      expect((await t.app.inject({ url, headers: bearer(deployer) })).statusCode).toBe(200);
    }
  });
});
