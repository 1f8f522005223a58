import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../schemas/errors/app-error.js';
import { TENANT_FILTER } from '../../server/db/orm.js';
import { Dealer, User } from '../../server/entities/index.js';
import { TEST_PASSWORD } from '../support/fixtures.js';
import { bearer, createTestApp, loginAs, type TestApp } from '../support/test-app.js';

let t: TestApp;
let acmeAdmin: string;
let betaAdmin: string;
let d05Buyer: string;
let approver: string;
beforeAll(async () => {
  t = await createTestApp();
  [acmeAdmin, betaAdmin, d05Buyer, approver] = await Promise.all([
    loginAs(t.app, 'acme-chips', 'hefang'),
    loginAs(t.app, 'beta-tools', 'admin'),
    loginAs(t.app, 'acme-chips', 'd05.buyer'),
    loginAs(t.app, 'acme-chips', 'zhaoqiang'),
  ]);
});
afterAll(async () => t.close());

async function idOf(tenant: string, login: string): Promise<string> {
  const em = t.orm.em.fork();
  const user = await em.findOneOrFail(User, { login, tenant: { code: tenant } }, { filters: false });
  return user.id;
}

describe('tenant wall', () => {
  it("answers 404 when tenant A's admin reads tenant B's user", async () => {
    const betaUserId = await idOf('beta-tools', 'admin');
    const res = await t.app.inject({ url: `/api/users/${betaUserId}`, headers: bearer(acmeAdmin) });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('CF_ERR_NOT_FOUND');
    // The owner reads it.
    expect((await t.app.inject({ url: `/api/users/${betaUserId}`, headers: bearer(betaAdmin) })).statusCode).toBe(200);
  });

  it("answers 404 when tenant A's admin changes or assigns a role to tenant B's user", async () => {
    const betaUserId = await idOf('beta-tools', 'admin');
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/users/${betaUserId}`, headers: bearer(acmeAdmin), payload: { version: 1, displayName: 'hijacked' } });
    expect(patch.statusCode).toBe(404);
    const assign = await t.app.inject({ method: 'POST', url: `/api/users/${betaUserId}/roles`, headers: bearer(acmeAdmin), payload: { roleCode: 'CFO' } });
    expect(assign.statusCode).toBe(404);
  });

  it('lists only the caller tenant rows', async () => {
    const acme = (await t.app.inject({ url: '/api/users', headers: bearer(acmeAdmin) })).json() as { login: string }[];
    expect(acme.map((u) => u.login)).toContain('hefang');
    expect(acme.map((u) => u.login)).not.toContain('b01.buyer');
    const beta = (await t.app.inject({ url: '/api/users', headers: bearer(betaAdmin) })).json() as { login: string }[];
    expect(beta.map((u) => u.login)).toEqual(expect.arrayContaining(['admin', 'b01.buyer', 'deployer']));
    expect(beta.map((u) => u.login)).not.toContain('hefang');
    const dealers = (await t.app.inject({ url: '/api/dealers', headers: bearer(betaAdmin) })).json() as { code: string }[];
    expect(dealers.map((d) => d.code)).toEqual(['B01']);
  });

  it('fails closed: a query on a tenant-owned entity without a tenant throws', async () => {
    const em = t.orm.em.fork();
    await expect(em.find(User, {})).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'TENANT_ERR_NO_TENANT');
    await expect(em.count(Dealer, {})).rejects.toBeInstanceOf(AppError);
    em.setFilterParams(TENANT_FILTER, { tenantId: (await em.findOneOrFail(User, { login: 'admin', tenant: { code: 'beta-tools' } }, { filters: false })).tenant.id });
    expect((await em.find(Dealer, {})).map((d) => d.code)).toEqual(['B01']);
  });
});

describe('roles', () => {
  it('refuses an admin route to a dealer user (403), whatever the body', async () => {
    const list = await t.app.inject({ url: '/api/users', headers: bearer(d05Buyer) });
    expect(list.statusCode).toBe(403);
    expect(list.json().code).toBe('AUTH_ERR_FORBIDDEN');
    const create = await t.app.inject({ method: 'POST', url: '/api/users', headers: bearer(d05Buyer), payload: { nonsense: true } });
    expect(create.statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/users', headers: bearer(approver) })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/platform/tenants', headers: bearer(acmeAdmin) })).statusCode).toBe(403);
  });

  it('shows a dealer user its own dealer only; another dealer is 404', async () => {
    const mine = (await t.app.inject({ url: '/api/dealers', headers: bearer(d05Buyer) })).json() as { id: string; code: string }[];
    expect(mine.map((d) => d.code)).toEqual(['D05']);
    const all = (await t.app.inject({ url: '/api/dealers', headers: bearer(acmeAdmin) })).json() as { id: string; code: string }[];
    expect(all).toHaveLength(12);
    const d06 = all.find((d) => d.code === 'D06')!;
    expect((await t.app.inject({ url: `/api/dealers/${d06.id}`, headers: bearer(d05Buyer) })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/dealers/${mine[0].id}`, headers: bearer(d05Buyer) })).statusCode).toBe(200);
    const b01 = (await t.app.inject({ url: '/api/dealers', headers: bearer(betaAdmin) })).json()[0];
    expect((await t.app.inject({ url: `/api/dealers/${b01.id}`, headers: bearer(acmeAdmin) })).statusCode).toBe(404);
  });

  it('scopes a region role to a region of the tenant', async () => {
    // In beta-tools: a role holder added in acme-chips would join acme's approval flows in other tests.
    const created = await t.app.inject({
      method: 'POST', url: '/api/users', headers: bearer(betaAdmin),
      payload: { login: 'rsm.west', displayName: '西部大区经理', password: 'A-long-password-7', systemRoles: ['APPROVER'] },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const assign = (payload: object) => t.app.inject({ method: 'POST', url: `/api/users/${id}/roles`, headers: bearer(betaAdmin), payload });
    const noRegion = await assign({ roleCode: 'REGIONAL_SALES_MANAGER' });
    expect(noRegion.statusCode).toBe(400);
    expect(noRegion.json()).toMatchObject({ code: 'TENANT_ERR_ROLE_SCOPE', details: { problems: [{ pointer: '/regionCode' }] } });
    expect((await assign({ roleCode: 'REGIONAL_SALES_MANAGER', regionCode: 'R-NORTH' })).json().code).toBe('TENANT_ERR_ROLE_SCOPE'); // acme's region
    const ok = await assign({ roleCode: 'REGIONAL_SALES_MANAGER', regionCode: 'R-WEST' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().roles).toEqual([{ code: 'REGIONAL_SALES_MANAGER', regionCode: 'R-WEST' }]);
    expect((await assign({ roleCode: 'REGIONAL_SALES_MANAGER', regionCode: 'R-WEST' })).statusCode).toBe(409);
    expect((await assign({ roleCode: 'CFO' })).statusCode).toBe(400); // acme's role, not beta's
  });

  it('binds a dealer user to exactly one dealer of the tenant', async () => {
    const unbound = await t.app.inject({
      method: 'POST', url: '/api/users', headers: bearer(acmeAdmin),
      payload: { login: 'd07.buyer', displayName: '厦门闽芯 采购', password: 'A-long-password-7', systemRoles: ['DEALER_USER'] },
    });
    expect(unbound.statusCode).toBe(400);
    expect(unbound.json().details.problems[0].pointer).toBe('/dealerCode');
    const foreign = await t.app.inject({
      method: 'POST', url: '/api/users', headers: bearer(acmeAdmin),
      payload: { login: 'd07.buyer', displayName: '厦门闽芯 采购', password: 'A-long-password-7', systemRoles: ['DEALER_USER'], dealerCode: 'B01' },
    });
    expect(foreign.statusCode).toBe(400);
    const bound = await t.app.inject({
      method: 'POST', url: '/api/users', headers: bearer(acmeAdmin),
      payload: { login: 'd07.buyer', displayName: '厦门闽芯 采购', password: 'A-long-password-7', systemRoles: ['DEALER_USER'], dealerCode: 'D07' },
    });
    expect(bound.statusCode).toBe(201);
    const token = await loginAs(t.app, 'acme-chips', 'd07.buyer', 'A-long-password-7');
    const dealers = (await t.app.inject({ url: '/api/dealers', headers: bearer(token) })).json() as { code: string }[];
    expect(dealers.map((d) => d.code)).toEqual(['D07']);
  });
});

describe('conflicts', () => {
  it('answers 409 to a duplicate login and to a stale version', async () => {
    const dup = await t.app.inject({
      method: 'POST', url: '/api/users', headers: bearer(acmeAdmin),
      payload: { login: 'hefang', displayName: 'dup', password: 'A-long-password-7', systemRoles: ['APPROVER'] },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('CF_ERR_CONFLICT');

    const id = await idOf('acme-chips', 'wumin');
    const current = (await t.app.inject({ url: `/api/users/${id}`, headers: bearer(acmeAdmin) })).json();
    const first = await t.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: bearer(acmeAdmin), payload: { version: current.version, displayName: '吴敏（CFO）' } });
    expect(first.statusCode).toBe(200);
    expect(first.json().version).toBe(current.version + 1);
    const stale = await t.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: bearer(acmeAdmin), payload: { version: current.version, displayName: 'lost update' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('CF_ERR_STALE_VERSION');
    const after = (await t.app.inject({ url: `/api/users/${id}`, headers: bearer(acmeAdmin) })).json();
    expect(after.displayName).toBe('吴敏（CFO）');
  });

  it('lets a disabled user no longer log in', async () => {
    const id = await idOf('acme-chips', 'd01.buyer');
    const user = (await t.app.inject({ url: `/api/users/${id}`, headers: bearer(acmeAdmin) })).json();
    const token = await loginAs(t.app, 'acme-chips', 'd01.buyer');
    const disabled = await t.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: bearer(acmeAdmin), payload: { version: user.version, status: 'DISABLED' } });
    expect(disabled.json()).toMatchObject({ status: 'DISABLED' });
    expect((await t.app.inject({ url: '/api/me', headers: bearer(token) })).json().code).toBe('AUTH_ERR_USER_DISABLED');
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { tenant: 'acme-chips', login: 'd01.buyer', password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(403);
  });
});

describe('platform administration', () => {
  it('creates a tenant with its first admin, who sees only that tenant; a duplicate code is 409', async () => {
    const platform = await loginAs(t.app, 'platform', 'admin');
    const payload = { code: 'gamma-semi', name: '伽马半导体', admin: { login: 'owner', displayName: '伽马管理员', password: 'gamma-password-1' } };
    const created = await t.app.inject({ method: 'POST', url: '/api/platform/tenants', headers: bearer(platform), payload });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: 'gamma-semi', status: 'ACTIVE', currency: 'CNY' });
    const dup = await t.app.inject({ method: 'POST', url: '/api/platform/tenants', headers: bearer(platform), payload });
    expect(dup.statusCode).toBe(409);
    const owner = await loginAs(t.app, 'gamma-semi', 'owner', 'gamma-password-1');
    const users = (await t.app.inject({ url: '/api/users', headers: bearer(owner) })).json() as { login: string }[];
    expect(users.map((u) => u.login)).toEqual(['owner']);
    const list = (await t.app.inject({ url: '/api/platform/tenants', headers: bearer(platform) })).json() as { code: string }[];
    expect(list.map((x) => x.code)).toEqual(expect.arrayContaining(['acme-chips', 'beta-tools', 'gamma-semi']));
    expect(list.map((x) => x.code)).not.toContain('platform');
  });
});
