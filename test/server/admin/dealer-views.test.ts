import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { createAcmeCopy } from '../dms/dms-tenant.js';
import { HttpClient, listen } from './admin-test-support.js';

let t: TestApp;
let tenant: string;
const c: Record<string, HttpClient> = {};

beforeAll(async () => {
  t = await createTestApp();
  const base = await listen(t);
  tenant = (await createAcmeCopy(t.orm)).code;
  for (const login of ['hefang', 'chenjing', 'machao', 'd05.buyer']) c[login] = await HttpClient.login(base, tenant, login);
  c.beta = await HttpClient.login(base, 'beta-tools', 'admin');
});
afterAll(async () => t?.close());

const codes = async (query: string, who = c.hefang) => {
  const res = await who.get(`/api/admin/dealers?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.items as { code: string }[]).map((d) => d.code);
};

describe('the staff dealers table', () => {
  it('filters by tier, status, region with its descendants and text, sorts and pages', async () => {
    expect(await codes('tier=GOLD')).toEqual(['D02', 'D06', 'D08', 'D11']);
    expect(await codes('tier=GOLD,SILVER&status=ACTIVE')).toEqual(['D02', 'D03', 'D06', 'D07', 'D10', 'D11']);
    expect(await codes('region=R-SOUTH')).toEqual(['D05', 'D06', 'D07', 'D08']);
    // SOUTH-SZ: only D08 is authorized there; D05's R-SOUTH lies above it, not within
    expect(await codes('region=SOUTH-SZ')).toEqual(['D08']);
    expect(await codes('region=CN&status=PENDING_ONBOARDING')).toEqual(['D12']);
    expect(await codes('q=深圳')).toEqual(['D05', 'D08']);
    expect(await codes('q=jinwei')).toEqual(['D10']);
    expect(await codes('sort=-creditLimit&limit=3')).toEqual(['D05', 'D01', 'D09']);
    // tiers in the order of the tenant's dictionary, then by code
    expect(await codes('sort=tier&status=ACTIVE')).toEqual(['D01', 'D05', 'D09', 'D02', 'D06', 'D11', 'D03', 'D07', 'D10', 'D04']);
    expect((await codes('sort=-tier')).slice(0, 3)).toEqual(['D04', 'D12', 'D03']);
    const page = await c.hefang.get('/api/admin/dealers?sort=code&limit=5&offset=10');
    expect(page.body.total).toBe(12);
    expect(page.body.items.map((d: { code: string }) => d.code)).toEqual(['D11', 'D12']);
    expect(page.body.items[0]).toMatchObject({ tier: 'GOLD', creditLimit: '1200000.00', prepaidBalance: '0.00', paymentTermDays: 30, homeRegion: 'R-NORTH' });
    expect(await codes('tier=GOLD', c.chenjing)).toEqual(['D02', 'D06', 'D08', 'D11']);
  });

  it('answers 400 with the query pointer to an unknown region, a bad sort or status', async () => {
    const region = await c.hefang.get('/api/admin/dealers?region=MARS');
    expect(region.status).toBe(400);
    expect(region.body.details.problems).toEqual([expect.objectContaining({ in: 'querystring', pointer: '/region', message: '区域 MARS 不存在' })]);
    const bad = await c.hefang.get('/api/admin/dealers?sort=colour&status=GONE&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.details.problems.map((p: { pointer: string }) => p.pointer).sort()).toEqual(['/limit', '/sort', '/status']);
  });

  it("lists the tenant's tiers with their labels and its dealer custom fields for the table's filters and columns", async () => {
    const res = await c.hefang.get('/api/admin/dealers/columns');
    expect(res.status).toBe(200);
    expect(res.body.tiers.map((x: { code: string }) => x.code)).toEqual(['PLATINUM', 'GOLD', 'SILVER', 'STANDARD']);
    expect(res.body.tiers[1]).toEqual({ code: 'GOLD', label: { zh: '黄金', en: 'Gold' } });
    expect(res.body.customFields).toContainEqual({ key: 'creditLimit', title: '信用额度 Credit limit', type: 'string', format: 'money' });
    // a tenant that declares no dealerTier dictionary has no tiers of its own: the platform lends it none
    expect((await c.beta.get('/api/admin/dealers/columns')).body).toEqual({ tiers: [], customFields: [] });
    expect((await c['d05.buyer'].get('/api/admin/dealers/columns')).status).toBe(403);
  });

  it('is closed to dealer users and IT deployers (403) and shows another tenant only its own dealers', async () => {
    expect((await c['d05.buyer'].get('/api/admin/dealers')).status).toBe(403);
    expect((await c.machao.get('/api/admin/dealers')).status).toBe(403);
    expect(await codes('', c.beta)).toEqual(['B01']);
  });
});

const state = { filters: { tier: ['GOLD'], status: ['ACTIVE'] }, columns: ['code', 'name', 'tier', 'creditLimit', 'cf.paymentTermsDays'], sort: { field: 'creditLimit', order: 'desc' }, pageSize: 20 };

describe('saved views', () => {
  it('keeps a private view for its owner; shared, others of the tenant see it but only the owner changes or deletes it', async () => {
    const created = await c.hefang.post('/api/saved-views', { table: 'dealers', name: '黄金经销商', state });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const view = created.body;
    expect(view).toMatchObject({ table: 'dealers', name: '黄金经销商', shared: false, mine: true, state, owner: { login: 'hefang' }, version: 1 });
    expect((await c.hefang.get('/api/saved-views?table=dealers')).body.map((v: { id: string }) => v.id)).toContain(view.id);
    expect((await c.chenjing.get('/api/saved-views?table=dealers')).body.map((v: { id: string }) => v.id)).not.toContain(view.id);
    // a private view of someone else does not exist for chenjing
    expect((await c.chenjing.put(`/api/saved-views/${view.id}`, { version: 1, name: 'x' })).status).toBe(404);

    const shared = await c.hefang.put(`/api/saved-views/${view.id}`, { version: 1, shared: true });
    expect(shared.status).toBe(200);
    expect(shared.body).toMatchObject({ shared: true, version: 2 });
    const seen = (await c.chenjing.get('/api/saved-views?table=dealers')).body.find((v: { id: string }) => v.id === view.id);
    expect(seen).toMatchObject({ mine: false, shared: true, owner: { login: 'hefang' }, state });
    const notOwner = await c.chenjing.put(`/api/saved-views/${view.id}`, { version: 2, name: '改名' });
    expect(notOwner.status).toBe(403);
    expect(notOwner.body.code).toBe('VIEW_ERR_NOT_OWNER');
    expect((await c.chenjing.delete(`/api/saved-views/${view.id}`)).status).toBe(403);

    const stale = await c.hefang.put(`/api/saved-views/${view.id}`, { version: 1, name: '旧版本' });
    expect(stale.status).toBe(409);
    const renamed = await c.hefang.put(`/api/saved-views/${view.id}`, { version: 2, name: '黄金（正常）', state: { ...state, columns: ['code', 'tier'] } });
    expect(renamed.body).toMatchObject({ name: '黄金（正常）', state: { columns: ['code', 'tier'] }, version: 3 });
    expect((await c.hefang.delete(`/api/saved-views/${view.id}`)).status).toBe(204);
    expect((await c.chenjing.get('/api/saved-views?table=dealers')).body.map((v: { id: string }) => v.id)).not.toContain(view.id);
    expect((await c.hefang.delete(`/api/saved-views/${view.id}`)).status).toBe(404);
  });

  it('refuses a second view of the same name by the same owner (409 on /name)', async () => {
    expect((await c.hefang.post('/api/saved-views', { table: 'dealers', name: '重名', state })).status).toBe(201);
    const again = await c.hefang.post('/api/saved-views', { table: 'dealers', name: ' 重名 ', state });
    expect(again.status).toBe(409);
    expect(again.body.details.problems[0]).toMatchObject({ in: 'body', pointer: '/name' });
    expect((await c.chenjing.post('/api/saved-views', { table: 'dealers', name: '重名', state })).status).toBe(201);
  });

  it("hides another tenant's views (404 to change or delete, absent from the list)", async () => {
    const view = (await c.hefang.post('/api/saved-views', { table: 'dealers', name: '共享视图', shared: true, state })).body;
    expect((await c.beta.get('/api/saved-views?table=dealers')).body).toEqual([]);
    expect((await c.beta.put(`/api/saved-views/${view.id}`, { version: 1, name: 'mine now' })).status).toBe(404);
    expect((await c.beta.delete(`/api/saved-views/${view.id}`)).status).toBe(404);
    expect((await c.hefang.get('/api/saved-views?table=dealers')).body.find((v: { id: string }) => v.id === view.id)).toMatchObject({ name: '共享视图' });
  });

  it('is closed to dealer users (403)', async () => {
    expect((await c['d05.buyer'].get('/api/saved-views?table=dealers')).status).toBe(403);
    expect((await c['d05.buyer'].post('/api/saved-views', { table: 'dealers', name: 'x', state })).status).toBe(403);
  });

  it('answers 400 with a pointer to each bad part of a body or query', async () => {
    const bad = await c.hefang.post('/api/saved-views', {
      table: 'orders', name: '', shared: 'yes',
      state: { filters: { tier: ['GOLD', 'GOLD'], colour: 'red' }, columns: ['code', 'password'], sort: { field: 'authorizedRegions', order: 'up' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('CF_ERR_VALIDATION');
    const pointers = new Set(bad.body.details.problems.map((p: { pointer: string }) => p.pointer));
    for (const p of ['/table', '/name', '/shared', '/state/filters/tier', '/state/filters/colour', '/state/columns/1', '/state/sort/field', '/state/sort/order']) expect(pointers, p).toContain(p);
    expect(bad.body.details.problems.every((p: { in: string }) => p.in === 'body')).toBe(true);
    expect((await c.hefang.put('/api/saved-views/not-a-uuid', { version: 1, name: 'x' })).body.details.problems[0]).toMatchObject({ in: 'params', pointer: '/id' });
    expect((await c.hefang.put(`/api/saved-views/${crypto.randomUUID()}`, { version: 1 })).body.details.problems[0]).toMatchObject({ in: 'body', keyword: 'minProperties' });
    expect((await c.hefang.get('/api/saved-views')).body.details.problems[0]).toMatchObject({ in: 'querystring', pointer: '/table' });
  });
});
