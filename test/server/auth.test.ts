import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiToken, Session } from '../../server/entities/index.js';
import { bearer, createTestApp, loginAs, type TestApp } from '../support/test-app.js';
import { TEST_PASSWORD } from '../support/fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const login = (body: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: body, headers });

describe('password login', () => {
  it('returns a session token that identifies the user, the tenant and its roles', async () => {
    const res = await login({ tenant: 'acme-chips', login: 'wanglei', password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.token).toMatch(/^cfs_/);
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(body.user).toMatchObject({
      login: 'wanglei',
      tenant: { code: 'acme-chips' },
      systemRoles: ['APPROVER'],
      roles: [{ code: 'REGIONAL_SALES_MANAGER', regionCode: 'R-EAST' }],
    });
    const me = await t.app.inject({ url: '/api/me', headers: bearer(body.token) });
    expect(me.statusCode).toBe(200);
    expect(me.json().login).toBe('wanglei');
  });

  it('stores only a hash of the session token', async () => {
    const token = await loginAs(t.app, 'acme-chips', 'sunli');
    const rows = await t.orm.em.fork().find(Session, {}, { filters: false });
    expect(rows.some((s) => s.tokenHash === token)).toBe(false);
    expect(rows.every((s) => /^[0-9a-f]{64}$/.test(s.tokenHash))).toBe(true);
  });

  it('rejects a bad password with 401 and a localized message, the same as an unknown login or tenant', async () => {
    const bad = await login({ tenant: 'acme-chips', login: 'zhoutao', password: 'wrong-password' }, { 'accept-language': 'zh-CN' });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toMatchObject({ statusCode: 401, code: 'AUTH_ERR_BAD_CREDENTIALS', message: '账号或密码错误' });
    expect(bad.json().requestId).toBeTruthy();
    const unknownUser = await login({ tenant: 'acme-chips', login: 'nobody', password: TEST_PASSWORD });
    expect(unknownUser.json().code).toBe('AUTH_ERR_BAD_CREDENTIALS');
    const unknownTenant = await login({ tenant: 'no-such-tenant', login: 'zhoutao', password: TEST_PASSWORD });
    expect(unknownTenant.json()).toMatchObject({ statusCode: 401, code: 'AUTH_ERR_BAD_CREDENTIALS', message: 'Wrong login or password' });
  });

  it('blocks an account after repeated failures, even with the right password, and says when to retry', async () => {
    for (let i = 0; i < t.config.loginMaxFailures; i++) {
      expect((await login({ tenant: 'acme-chips', login: 'zhenghua', password: 'guess-' + i })).statusCode).toBe(401);
    }
    const blocked = await login({ tenant: 'acme-chips', login: 'zhenghua', password: TEST_PASSWORD });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('AUTH_ERR_LOGIN_THROTTLED');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Another account is not affected.
    expect((await login({ tenant: 'acme-chips', login: 'wumin', password: TEST_PASSWORD })).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('answers 401 without credentials and with a token that was never issued', async () => {
    const none = await t.app.inject({ url: '/api/me' });
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('AUTH_ERR_UNAUTHENTICATED');
    const forged = await t.app.inject({ url: '/api/me', headers: bearer('cfs_' + 'x'.repeat(43)) });
    expect(forged.json().code).toBe('AUTH_ERR_UNAUTHENTICATED');
    const notBearer = await t.app.inject({ url: '/api/me', headers: { authorization: 'Basic abc' } });
    expect(notBearer.statusCode).toBe(401);
  });

  it('rejects an expired session with AUTH_ERR_SESSION_EXPIRED', async () => {
    const token = await loginAs(t.app, 'acme-chips', 'liuyang');
    expect((await t.app.inject({ url: '/api/me', headers: bearer(token) })).statusCode).toBe(200);
    const em = t.orm.em.fork();
    const me = await t.app.inject({ url: '/api/me', headers: bearer(token) });
    await em.nativeUpdate(Session, { user: me.json().id }, { expiresAt: new Date(Date.now() - 1000) }, { filters: false });
    const res = await t.app.inject({ url: '/api/me', headers: bearer(token) });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('AUTH_ERR_SESSION_EXPIRED');
  });

  it('ends a session on logout', async () => {
    const token = await loginAs(t.app, 'acme-chips', 'chenjing');
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(token) });
    expect(out.statusCode).toBe(204);
    const res = await t.app.inject({ url: '/api/me', headers: bearer(token) });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('AUTH_ERR_TOKEN_REVOKED');
  });
});

describe('API tokens for IT', () => {
  it('are created once, used as a bearer, listed without the secret, and revoked', async () => {
    const session = await loginAs(t.app, 'acme-chips', 'machao');
    const created = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: bearer(session), payload: { name: 'CI pipeline' } });
    expect(created.statusCode).toBe(201);
    const { token, apiToken } = created.json();
    expect(token).toMatch(/^cft_/);
    expect(token.startsWith(apiToken.prefix)).toBe(true);

    const stored = await t.orm.em.fork().findOneOrFail(ApiToken, { id: apiToken.id }, { filters: false });
    expect(stored.tokenHash).not.toContain(token);

    const me = await t.app.inject({ url: '/api/me', headers: bearer(token) });
    expect(me.statusCode).toBe(200);
    expect(me.json().login).toBe('machao');

    const list = await t.app.inject({ url: '/api/tokens', headers: bearer(session) });
    expect(list.statusCode).toBe(200);
    expect(JSON.stringify(list.json())).not.toContain(token);
    expect(list.json().map((x: { id: string }) => x.id)).toContain(apiToken.id);

    const revoked = await t.app.inject({ method: 'DELETE', url: `/api/tokens/${apiToken.id}`, headers: bearer(session) });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).toBeTruthy();
    const after = await t.app.inject({ url: '/api/me', headers: bearer(token) });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('AUTH_ERR_TOKEN_REVOKED');
  });

  it('honour an expiry date', async () => {
    const session = await loginAs(t.app, 'acme-chips', 'machao');
    const created = await t.app.inject({
      method: 'POST', url: '/api/tokens', headers: bearer(session),
      payload: { name: 'short-lived', expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
    });
    const { token, apiToken } = created.json();
    await t.orm.em.fork().nativeUpdate(ApiToken, { id: apiToken.id }, { expiresAt: new Date(Date.now() - 1) }, { filters: false });
    expect((await t.app.inject({ url: '/api/me', headers: bearer(token) })).json().code).toBe('AUTH_ERR_SESSION_EXPIRED');
  });

  it('cannot be created by an approver or a dealer user (403), nor revoked across tenants (404)', async () => {
    const approver = await loginAs(t.app, 'acme-chips', 'wanglei');
    const res = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: bearer(approver), payload: { name: 'x' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('AUTH_ERR_FORBIDDEN');

    const acmeDeployer = await loginAs(t.app, 'acme-chips', 'machao');
    const acmeToken = (await t.app.inject({ method: 'POST', url: '/api/tokens', headers: bearer(acmeDeployer), payload: { name: 'acme' } })).json();
    const betaAdmin = await loginAs(t.app, 'beta-tools', 'admin');
    const cross = await t.app.inject({ method: 'DELETE', url: `/api/tokens/${acmeToken.apiToken.id}`, headers: bearer(betaAdmin) });
    expect(cross.statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/me', headers: bearer(acmeToken.token) })).statusCode).toBe(200);
  });
});
