import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordProblems } from '../../../server/auth/password-policy.js';
import { TEST_PASSWORD } from '../../support/fixtures.js';
import { bearer, createTestApp, loginAs, type TestApp } from '../../support/test-app.js';

// Logins here come from 198.51.100.0/24 (documentation addresses; inject() only sets the socket's
// remote address), so the throttle counts of the other files' 127.0.0.1 are not touched.
let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAs(t.app, 'acme-chips', 'hefang');
});
afterAll(async () => t.close());

let ipSeq = 10;
const newIp = () => `198.51.100.${ipSeq++}`;
const uniq = () => randomBytes(3).toString('hex');
const STRONG = 'Violet-Harbour-2041';

async function login(user: string, password: string, ip = newIp()) {
  return t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { tenant: 'acme-chips', login: user, password }, remoteAddress: ip });
}
async function session(user: string, password = TEST_PASSWORD): Promise<string> {
  const res = await login(user, password);
  expect(res.statusCode).toBe(200);
  return res.json().token;
}
async function newUser(prefix: string, systemRoles: string[]): Promise<{ id: string; login: string; version: number }> {
  const login = `${prefix}.${uniq()}`;
  const res = await t.app.inject({ method: 'POST', url: '/api/users', headers: bearer(admin), payload: { login, displayName: login, password: TEST_PASSWORD, systemRoles } });
  expect(res.statusCode).toBe(201);
  return res.json();
}
const me = (token: string) => t.app.inject({ url: '/api/me', headers: bearer(token) });
const changePassword = (token: string, body: object, headers: Record<string, string> = {}, ip = newIp()) =>
  t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { ...bearer(token), ...headers }, payload: body, remoteAddress: ip });

describe('a password change ends the other sessions', () => {
  it("changing one's own password revokes every other session at once; the calling session and the API tokens go on", async () => {
    const user = await newUser('pw.self', ['DEPLOYER']);
    const laptop = await session(user.login);
    const phone = await session(user.login);
    const stolen = await session(user.login);
    const token = (await t.app.inject({ method: 'POST', url: '/api/tokens', headers: bearer(laptop), payload: { name: 'pipeline' } })).json().token as string;

    const res = await changePassword(laptop, { currentPassword: TEST_PASSWORD, newPassword: STRONG });
    expect(res.statusCode).toBe(204);

    for (const other of [phone, stolen]) {
      const r = await me(other);
      expect(r.statusCode).toBe(401);
      expect(r.json().code).toBe('AUTH_ERR_TOKEN_REVOKED');
    }
    expect((await me(laptop)).statusCode).toBe(200);
    // API tokens are separate credentials: they survive, and are revoked one by one.
    expect((await me(token)).statusCode).toBe(200);
    expect((await login(user.login, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login(user.login, STRONG)).statusCode).toBe(200);
  });

  it('a bad body is a 400 with the pointer of each problem, an anonymous call a 401, and neither changes anything', async () => {
    const user = await newUser('pw.bad', ['APPROVER']);
    const own = await session(user.login);
    const other = await session(user.login);
    const missing = await changePassword(own, { currentPassword: TEST_PASSWORD });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().details.problems).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'body', pointer: '/newPassword' })]));
    const extra = await changePassword(own, { currentPassword: TEST_PASSWORD, newPassword: STRONG, login: 'someone.else' });
    expect(extra.statusCode).toBe(400);
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: TEST_PASSWORD, newPassword: STRONG } });
    expect(anonymous.statusCode).toBe(401);
    expect((await me(other)).statusCode).toBe(200);
    expect((await login(user.login, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('a wrong current password is refused (403) and counted by the login throttle, so a stolen session cannot guess it', async () => {
    const user = await newUser('pw.guess', ['APPROVER']);
    const token = await session(user.login);
    const ip = newIp();
    for (let i = 0; i < t.config.loginMaxFailures; i++) {
      const r = await changePassword(token, { currentPassword: `guess-${i}`, newPassword: STRONG }, {}, ip);
      expect(r.statusCode).toBe(403);
      expect(r.json().code).toBe('AUTH_ERR_WRONG_CURRENT_PASSWORD');
    }
    const blocked = await changePassword(token, { currentPassword: TEST_PASSWORD, newPassword: STRONG }, {}, ip);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('AUTH_ERR_LOGIN_THROTTLED');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(user.login, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it("an admin reset revokes every session of the user, and only the admin's other sessions when it resets its own", async () => {
    const user = await newUser('pw.reset', ['APPROVER']);
    const s1 = await session(user.login);
    const s2 = await session(user.login);
    const reset = await t.app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: bearer(admin), payload: { version: user.version, password: STRONG } });
    expect(reset.statusCode).toBe(200);
    for (const s of [s1, s2]) expect((await me(s)).json().code).toBe('AUTH_ERR_TOKEN_REVOKED');
    expect((await me(admin)).statusCode).toBe(200);
    expect((await login(user.login, STRONG)).statusCode).toBe(200);

    const otherAdmin = await newUser('pw.admin', ['TENANT_ADMIN']);
    const here = await session(otherAdmin.login);
    const there = await session(otherAdmin.login);
    const own = await t.app.inject({ method: 'PATCH', url: `/api/users/${otherAdmin.id}`, headers: bearer(here), payload: { version: otherAdmin.version, password: STRONG } });
    expect(own.statusCode).toBe(200);
    expect((await me(here)).statusCode).toBe(200);
    expect((await me(there)).json().code).toBe('AUTH_ERR_TOKEN_REVOKED');
  });
});

describe('weak passwords are refused wherever a password is set', () => {
  const weak = (res: { statusCode: number; json(): any }) => {
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('AUTH_ERR_WEAK_PASSWORD');
    return (res.json().details.problems as { code: string }[]).map((p) => p.code);
  };

  it('a TENANT_ADMIN with "aaaaaaaaaa" is not created, with a Chinese or English message', async () => {
    const zh = await t.app.inject({
      method: 'POST', url: '/api/users', headers: { ...bearer(admin), 'accept-language': 'zh-CN' },
      payload: { login: `weak.${uniq()}`, displayName: 'x', password: 'aaaaaaaaaa', systemRoles: ['TENANT_ADMIN'] },
    });
    expect(weak(zh)).toEqual(expect.arrayContaining(['PASSWORD_FEW_CLASSES', 'PASSWORD_REPETITIVE']));
    expect(zh.json().message).toContain('密码强度不足');
    expect(zh.json().details.problems[0]).toMatchObject({ in: 'body', pointer: '/password' });
    expect(zh.json().details.problems.map((p: { message: string }) => p.message).join()).toMatch(/[\u4e00-\u9fff]/);
    const en = await t.app.inject({
      method: 'POST', url: '/api/users', headers: { ...bearer(admin), 'accept-language': 'en' },
      payload: { login: `weak.${uniq()}`, displayName: 'x', password: 'aaaaaaaaaa', systemRoles: ['TENANT_ADMIN'] },
    });
    expect(en.json().message).toMatch(/too weak/);
  });

  it('common passwords, the login and the tenant code are refused on user creation', async () => {
    const create = (login: string, password: string) => t.app.inject({
      method: 'POST', url: '/api/users', headers: bearer(admin), payload: { login, displayName: 'x', password, systemRoles: ['APPROVER'] },
    });
    expect(weak(await create(`c.${uniq()}`, 'Password123!'))).toContain('PASSWORD_COMMON');
    expect(weak(await create(`c.${uniq()}`, 'P@ssw0rd2024'))).toContain('PASSWORD_COMMON');
    expect(weak(await create(`c.${uniq()}`, 'Qwerty_12345'))).toContain('PASSWORD_COMMON');
    const login = `liming.${uniq()}`;
    expect(weak(await create(login, `${login}-X9`))).toContain('PASSWORD_CONTAINS_LOGIN');
    expect(weak(await create(`c.${uniq()}`, 'Acme-Chips-2027'))).toContain('PASSWORD_CONTAINS_TENANT');
    expect(weak(await create(`c.${uniq()}`, 'abcdefghijk'))).toContain('PASSWORD_FEW_CLASSES');
  });

  it('an admin reset and a change of one own password refuse a weak one (and change nothing)', async () => {
    const user = await newUser('pw.weak', ['APPROVER']);
    const reset = await t.app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: bearer(admin), payload: { version: user.version, password: 'aaaaaaaaaa' } });
    expect(weak(reset)).toContain('PASSWORD_FEW_CLASSES');
    const token = await session(user.login);
    const change = await changePassword(token, { currentPassword: TEST_PASSWORD, newPassword: 'password12' });
    expect(weak(change)).toContain('PASSWORD_COMMON');
    expect(change.json().details.problems[0].pointer).toBe('/newPassword');
    expect((await me(token)).statusCode).toBe(200);
    expect((await login(user.login, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it("the platform admin cannot create a tenant whose first admin has a weak password", async () => {
    const platform = await loginAs(t.app, 'platform', 'admin');
    const code = `weak-${uniq()}`;
    const res = await t.app.inject({
      method: 'POST', url: '/api/platform/tenants', headers: bearer(platform),
      payload: { code, name: '弱密码', admin: { login: 'owner', displayName: 'x', password: 'aaaaaaaaaa' } },
    });
    expect(weak(res)).toContain('PASSWORD_FEW_CLASSES');
    expect(res.json().details.problems[0].pointer).toBe('/admin/password');
    const list = (await t.app.inject({ url: '/api/platform/tenants', headers: bearer(platform) })).json() as { code: string }[];
    expect(list.map((x) => x.code)).not.toContain(code);
  });

  it('the seeded test password and generated passwords (random base64url with a mixed suffix) pass', () => {
    expect(passwordProblems(TEST_PASSWORD, { login: 'hefang', tenantCode: 'acme-chips' })).toEqual([]);
    expect(passwordProblems(STRONG, { login: 'hefang', tenantCode: 'acme-chips' })).toEqual([]);
    for (let i = 0; i < 200; i++) {
      const random = `${randomBytes(12).toString('base64url')}-7a`;
      expect(passwordProblems(random, { login: 'hefang', tenantCode: 'acme-chips' })).toEqual([]);
    }
  });
});
