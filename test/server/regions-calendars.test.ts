import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, loginAs, type TestApp } from '../support/test-app.js';

let t: TestApp;
let admin: string;
let approver: string;
let dealer: string;
let betaAdmin: string;

beforeAll(async () => {
  t = await createTestApp();
  [admin, approver, dealer, betaAdmin] = await Promise.all([
    loginAs(t.app, 'acme-chips', 'hefang'), loginAs(t.app, 'acme-chips', 'chenjing'),
    loginAs(t.app, 'acme-chips', 'd05.buyer'), loginAs(t.app, 'beta-tools', 'admin'),
  ]);
});
afterAll(async () => t?.close());

const get = (url: string, token?: string) => t.app.inject({ url, headers: token ? bearer(token) : {} });

describe('GET /api/regions', () => {
  it("answers the tenant's tree, parents first, with both names", async () => {
    const res = await get('/api/regions', admin);
    expect(res.statusCode).toBe(200);
    const regions = res.json() as { code: string; name: string; nameEn: string | null; parent: string | null }[];
    expect(regions[0]).toEqual({ code: 'CN', name: '全国', nameEn: 'China', parent: null });
    expect(regions).toContainEqual({ code: 'SOUTH-SZ', name: '深圳', nameEn: 'Shenzhen', parent: 'R-SOUTH' });
    const seen = new Set<string>();
    for (const r of regions) {
      if (r.parent) expect(seen.has(r.parent)).toBe(true);
      seen.add(r.code);
    }
  });

  it('is read by dealers (the region picker of their forms) and approvers, and never crosses tenants', async () => {
    expect((await get('/api/regions', dealer)).json()).toEqual((await get('/api/regions', approver)).json());
    const beta = (await get('/api/regions', betaAdmin)).json() as { code: string }[];
    expect(beta.map((r) => r.code)).toEqual(['CN', 'R-WEST']);
    expect((await get('/api/regions')).statusCode).toBe(401);
  });
});

describe('GET /api/calendars', () => {
  it('answers the published working calendars to staff', async () => {
    const res = await get('/api/calendars', admin);
    expect(res.statusCode).toBe(200);
    const calendars = res.json() as { key: string; version: number; document: { year: number; holidays: unknown[] } }[];
    expect(calendars.map((c) => c.document.year).sort()).toEqual([2025, 2026]);
    expect(calendars.every((c) => c.version >= 1 && c.document.holidays.length > 0)).toBe(true);
    expect((await get('/api/calendars', approver)).json()).toEqual(calendars);
  });

  it('is not for dealers, and beta-tools has none of acme-chips', async () => {
    expect((await get('/api/calendars', dealer)).statusCode).toBe(403);
    expect((await get('/api/calendars', betaAdmin)).json()).toEqual([]);
  });
});
