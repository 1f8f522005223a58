import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordVerificationCount } from '../../../server/auth/password.js';
import { TEST_PASSWORD } from '../../support/fixtures.js';
import { bearer, createTestApp, loginAs, type TestApp } from '../../support/test-app.js';

// Every request here comes from a documentation address (203.0.113.0/24, never routed; inject() only
// sets the socket's remote address), so nothing here throttles the other files' 127.0.0.1.
let t: TestApp;
/** The same app with LOGIN_MAX_FAILURES=2, so the shared limits (10 × 2) are reached with fewer slow password checks. */
let small: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp({}, { poolMax: 8 });
  small = await createTestApp({ loginMaxFailures: 2 }, { poolMax: 4 });
  admin = await loginAs(t.app, 'acme-chips', 'hefang');
});
afterAll(async () => {
  await small.close();
  await t.close();
});

const login = (user: string, password: string, ip: string, app = t) =>
  app.app.inject({ method: 'POST', url: '/api/auth/login', payload: { tenant: 'acme-chips', login: user, password }, remoteAddress: ip });

/** A fresh approver of our own, so no other test's logins count on it. */
async function newUser(prefix: string): Promise<string> {
  const login = `${prefix}.${randomBytes(3).toString('hex')}`;
  const res = await t.app.inject({
    method: 'POST', url: '/api/users', headers: bearer(admin),
    payload: { login, displayName: login, password: TEST_PASSWORD, systemRoles: ['APPROVER'] },
  });
  expect(res.statusCode).toBe(201);
  return login;
}

let ipSeq = 10;
const newIp = () => `203.0.113.${ipSeq++}`;

describe('login throttling under concurrency', () => {
  it('25 parallel logins for one account from one IP check at most LOGIN_MAX_FAILURES passwords; the rest get 429 with Retry-After', async () => {
    const user = await newUser('thr.race');
    const attacker = newIp();
    const limit = t.config.loginMaxFailures;
    const before = passwordVerificationCount();
    const burst = await Promise.all([
      ...Array.from({ length: 24 }, (_, i) => login(user, `wrong-guess-${i}`, attacker)),
      login(user, TEST_PASSWORD, attacker),
    ]);
    const checked = passwordVerificationCount() - before;
    expect(checked).toBe(limit);

    const statuses = burst.map((r) => r.statusCode);
    const refused = burst.filter((r) => r.statusCode === 429);
    expect(refused).toHaveLength(25 - limit);
    for (const r of refused) {
      expect(r.json().code).toBe('AUTH_ERR_LOGIN_THROTTLED');
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      expect(r.json().details.retryAfterSeconds).toBe(Number(r.headers['retry-after']));
    }
    // The guesses that were checked answered 401; the right password got in only if it was one of them.
    expect(statuses.filter((s) => s === 401).length + statuses.filter((s) => s === 200).length).toBe(limit);

    // The window is closed now: a second burst, all with the right password, is refused without a check.
    const closedBefore = passwordVerificationCount();
    const closed = await Promise.all(Array.from({ length: 25 }, () => login(user, TEST_PASSWORD, attacker)));
    expect(passwordVerificationCount() - closedBefore).toBe(0);
    expect(closed.every((r) => r.statusCode === 429 && r.json().code === 'AUTH_ERR_LOGIN_THROTTLED')).toBe(true);

    // The real user, from another IP, is not locked out.
    const real = await login(user, TEST_PASSWORD, newIp());
    expect(real.statusCode).toBe(200);
  });
});

describe('login throttling does not get in the way of real logins', () => {
  it('many parallel right-password logins behind one address all succeed (the counts lock no two rows against each other)', async () => {
    const office = newIp();
    const users = await Promise.all(Array.from({ length: 6 }, () => newUser('thr.crowd')));
    const results = await Promise.all(users.flatMap((u) => [login(u, TEST_PASSWORD, office), login(u, TEST_PASSWORD, office), login(u, 'one-typo', office)]));
    expect(results.map((r) => r.statusCode).sort()).toEqual([...Array(12).fill(200), ...Array(6).fill(401)]);
  });
});

describe('no lock-out button', () => {
  it('guesses from many IPs close the account to new clients, but a client that logged in before still gets in', async () => {
    const user = await newUser('thr.spread');
    const home = newIp();
    expect((await login(user, TEST_PASSWORD, home, small)).statusCode).toBe(200);
    const limit = small.config.loginMaxFailures;
    // Ten attackers, each staying under its own limit: the account-wide count reaches 10 × limit.
    await Promise.all(Array.from({ length: 10 }, async () => {
      const ip = newIp();
      for (let i = 0; i < limit; i++) expect((await login(user, `spread-guess-${i}`, ip, small)).statusCode).toBe(401);
    }));
    const stranger = await login(user, TEST_PASSWORD, newIp(), small);
    expect(stranger.statusCode).toBe(429);
    expect(stranger.json().code).toBe('AUTH_ERR_LOGIN_THROTTLED');
    expect(Number(stranger.headers['retry-after'])).toBeGreaterThan(0);
    // The user's own client is judged by its own count only.
    expect((await login(user, TEST_PASSWORD, home, small)).statusCode).toBe(200);
  });

  it('ten times the limit of failures from one shared IP hold back new clients there, not the users who logged in from it before', async () => {
    const office = newIp();
    const colleague = await newUser('thr.office');
    const newcomer = await newUser('thr.newcomer');
    expect((await login(colleague, TEST_PASSWORD, office, small)).statusCode).toBe(200);
    const limit = small.config.loginMaxFailures;
    // One machine behind the office's address guesses at ten accounts, each under its own limit.
    for (let a = 0; a < 10; a++) {
      await Promise.all(Array.from({ length: limit }, (_, i) => login(`no.such.${a}.${office}`, `guess-${i}`, office, small)));
    }
    const refused = await login(newcomer, TEST_PASSWORD, office, small);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(colleague, TEST_PASSWORD, office, small)).statusCode).toBe(200);
    // The newcomer is not locked out of its account: from another address it logs in.
    expect((await login(newcomer, TEST_PASSWORD, newIp(), small)).statusCode).toBe(200);
  });
});

describe('backoff and reset', () => {
  it('the wait grows each time the limit is reached again (exponential backoff, Retry-After doubles)', async () => {
    const user = await newUser('thr.backoff');
    const ip = newIp();
    const limit = t.config.loginMaxFailures;
    for (let i = 0; i < limit; i++) expect((await login(user, `guess-${i}`, ip)).statusCode).toBe(401);
    const first = await login(user, TEST_PASSWORD, ip);
    expect(first.statusCode).toBe(429);
    const firstWait = Number(first.headers['retry-after']);
    expect(firstWait).toBeGreaterThan(0);
    expect(firstWait).toBeLessThanOrEqual(t.config.loginWindowMinutes * 60);

    // Let the wait pass (move the client's last failure back by it): one more guess is checked…
    const key = `ai:acme-chips|${user}|${ip}`;
    const shift = (seconds: number) =>
      t.orm.em.fork().getConnection().execute(`update login_throttle set last_failure_at = last_failure_at - (? || ' seconds')::interval where key = ?`, [String(seconds), key]);
    await shift(firstWait);
    expect((await login(user, 'guess-again', ip)).statusCode).toBe(401);
    // …and the next wait is longer.
    const second = await login(user, TEST_PASSWORD, ip);
    expect(second.statusCode).toBe(429);
    const secondWait = Number(second.headers['retry-after']);
    expect(secondWait).toBeGreaterThan(firstWait);

    await shift(secondWait);
    expect((await login(user, TEST_PASSWORD, ip)).statusCode).toBe(200);
  });

  it('a successful login resets its own client count', async () => {
    const user = await newUser('thr.reset');
    const ip = newIp();
    const limit = t.config.loginMaxFailures;
    for (let i = 0; i < limit - 1; i++) expect((await login(user, `typo-${i}`, ip)).statusCode).toBe(401);
    expect((await login(user, TEST_PASSWORD, ip)).statusCode).toBe(200);
    for (let i = 0; i < limit; i++) expect((await login(user, `typo-again-${i}`, ip)).statusCode).toBe(401);
    expect((await login(user, TEST_PASSWORD, ip)).statusCode).toBe(429);
  });
});

describe('IPv6 clients', () => {
  it('addresses of one /64 count as one client, so rotating through them gains no guesses', async () => {
    const user = await newUser('thr.v6');
    const limit = t.config.loginMaxFailures;
    for (let i = 0; i < limit; i++) expect((await login(user, `v6-guess-${i}`, `2001:db8:77:1::${i + 1}`)).statusCode).toBe(401);
    const rotated = await login(user, TEST_PASSWORD, '2001:db8:77:1:ffff::99');
    expect(rotated.statusCode).toBe(429);
    expect(rotated.json().code).toBe('AUTH_ERR_LOGIN_THROTTLED');
    expect((await login(user, TEST_PASSWORD, '2001:db8:77:2::1')).statusCode).toBe(200);
  });
});
