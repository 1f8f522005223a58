import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, loginAs, type TestApp } from '../support/test-app.js';

/** A small rule set an admin could write: a 1 % volume bonus, rounded half-up to the fen. */
function volumeBonus(expectedBonus = '10.01', extra: Record<string, unknown> = {}) {
  return {
    key: 'volume-bonus',
    name: { zh: '量返', en: 'Volume bonus' },
    inputs: [{ name: 'amount', type: 'money' }],
    outputs: [{ name: 'bonus', type: 'money' }],
    steps: [{ kind: 'assign', id: 'calc', set: { bonus: { $expr: 'round(amount * 0.01, 2)' } } }],
    testCases: [
      { name: '1 % of 1,000.50 rounds half-up', input: { amount: '1000.50' }, expected: { bonus: expectedBonus } },
      { name: 'zero', input: { amount: '0.00' }, expected: { bonus: '0.00' } },
    ],
    ...extra,
  };
}

let t: TestApp;
let admin: string;
let approver: string;
let dealer: string;
let betaAdmin: string;
beforeAll(async () => {
  t = await createTestApp();
  [admin, approver, dealer, betaAdmin] = await Promise.all([
    loginAs(t.app, 'acme-chips', 'hefang'),
    loginAs(t.app, 'acme-chips', 'sunli'),
    loginAs(t.app, 'acme-chips', 'd06.buyer'),
    loginAs(t.app, 'beta-tools', 'admin'),
  ]);
});
afterAll(async () => t.close());

const evaluate = (token: string, key: string, body: object, query = '') =>
  t.app.inject({ method: 'POST', url: `/api/rule-sets/${key}/evaluate${query}`, headers: bearer(token), payload: body });

describe('rule-set lifecycle: draft → published → superseded', () => {
  it('creates, validates, publishes and evaluates a rule set with the version recorded', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/rule-sets', headers: bearer(admin), payload: volumeBonus() });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ key: 'volume-bonus', version: 1, status: 'DRAFT' });

    const dup = await t.app.inject({ method: 'POST', url: '/api/rule-sets', headers: bearer(admin), payload: volumeBonus() });
    expect(dup.statusCode).toBe(409);

    const report = await t.app.inject({ method: 'POST', url: '/api/rule-sets/volume-bonus/validate', headers: bearer(admin) });
    expect(report.json()).toMatchObject({ ok: true, problems: [], testCases: { passed: 2, failed: 0 } });

    // A draft cannot be evaluated yet.
    expect((await evaluate(admin, 'volume-bonus', { facts: { amount: '1.00' } })).statusCode).toBe(404);

    const published = await t.app.inject({ method: 'POST', url: '/api/rule-sets/volume-bonus/publish', headers: bearer(admin) });
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ version: 1, status: 'PUBLISHED' });

    const res = await evaluate(approver, 'volume-bonus', { facts: { amount: '262926.225' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ruleSetKey: 'volume-bonus', version: 1, outputs: { bonus: '2629.26' } });
  });

  it('refuses to publish while a test case fails, with a diff of expected and actual, and keeps the published version in use', async () => {
    const saved = await t.app.inject({ method: 'PUT', url: '/api/rule-sets/volume-bonus/draft', headers: bearer(admin), payload: { document: volumeBonus('10.00') } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, status: 'DRAFT' });

    const refused = await t.app.inject({ method: 'POST', url: '/api/rule-sets/volume-bonus/publish', headers: bearer(admin) });
    expect(refused.statusCode).toBe(422);
    const body = refused.json();
    expect(body.code).toBe('RUL_ERR_TEST_CASES_FAILED');
    expect(body.details).toMatchObject({ passed: 1, failed: 1 });
    expect(body.details.results[0].name).toBe('1 % of 1,000.50 rounds half-up');
    expect(JSON.stringify(body.details.results[0].diff)).toContain('10.00');
    expect(JSON.stringify(body.details.results[0].diff)).toContain('10.01');

    expect((await evaluate(admin, 'volume-bonus', { facts: { amount: '100.00' } })).json().version).toBe(1);
  });

  it('publishes the fixed draft as version 2, supersedes version 1, and still evaluates version 1 on request', async () => {
    const draft = (await t.app.inject({ url: '/api/rule-sets/volume-bonus/versions/2', headers: bearer(admin) })).json();
    const stale = await t.app.inject({ method: 'PUT', url: '/api/rule-sets/volume-bonus/draft', headers: bearer(admin), payload: { document: volumeBonus(), rowVersion: draft.rowVersion + 7 } });
    expect(stale.statusCode).toBe(409);
    const fixed = await t.app.inject({ method: 'PUT', url: '/api/rule-sets/volume-bonus/draft', headers: bearer(admin), payload: { document: volumeBonus(), rowVersion: draft.rowVersion } });
    expect(fixed.json()).toMatchObject({ version: 2, status: 'DRAFT' });
    expect((await t.app.inject({ method: 'POST', url: '/api/rule-sets/volume-bonus/publish', headers: bearer(admin) })).json()).toMatchObject({ version: 2, status: 'PUBLISHED' });

    const versions = (await t.app.inject({ url: '/api/rule-sets/volume-bonus/versions', headers: bearer(admin) })).json() as { version: number; status: string }[];
    expect(versions.map((v) => [v.version, v.status])).toEqual([[2, 'PUBLISHED'], [1, 'SUPERSEDED']]);
    expect((await evaluate(admin, 'volume-bonus', { facts: { amount: '100.00' } })).json().version).toBe(2);
    expect((await evaluate(admin, 'volume-bonus', { facts: { amount: '100.00' }, version: 1 })).json().version).toBe(1);

    const list = (await t.app.inject({ url: '/api/rule-sets', headers: bearer(admin) })).json() as { key: string; published: number | null }[];
    expect(list.find((r) => r.key === 'volume-bonus')).toMatchObject({ published: 2, draft: null });
  });

  it('evaluates the version whose effective dates cover the asked date', async () => {
    const doc = volumeBonus('10.01', { key: 'dated-bonus', effectiveFrom: '2030-01-01' });
    expect((await t.app.inject({ method: 'POST', url: '/api/rule-sets', headers: bearer(admin), payload: doc })).statusCode).toBe(201);
    await t.app.inject({ method: 'POST', url: '/api/rule-sets/dated-bonus/publish', headers: bearer(admin) });
    expect((await evaluate(admin, 'dated-bonus', { facts: { amount: '1.00' } }, '?asOf=2029-12-31')).statusCode).toBe(404);
    const later = await evaluate(admin, 'dated-bonus', { facts: { amount: '1.00' } }, '?asOf=2030-01-01');
    expect(later.statusCode).toBe(200);
    expect(later.json().version).toBe(1);
  });
});

describe('bad rule sets and bad facts', () => {
  it('rejects a malformed document with the pointer of each problem (400), and a bad formula at save time (422)', async () => {
    const malformed = await t.app.inject({ method: 'POST', url: '/api/rule-sets', headers: bearer(admin), payload: { key: 'Bad Key', name: 'x', outputs: [], steps: [] } });
    expect(malformed.statusCode).toBe(400);
    const pointers = malformed.json().details.problems.map((p: { pointer: string }) => p.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/key', '/inputs']));

    const doc = volumeBonus();
    doc.steps[0].set.bonus.$expr = 'round(amont * 0.01, 2)';
    const badFormula = await t.app.inject({ method: 'POST', url: '/api/rule-sets', headers: bearer(admin), payload: { ...doc, key: 'typo-bonus' } });
    expect(badFormula.statusCode).toBe(422);
    expect(badFormula.json().code).toBe('RUL_ERR_INVALID_RULE_SET');
    const problem = badFormula.json().details.problems[0];
    expect(problem.pointer).toMatch(/^\/steps\/0\/set\/bonus/);
    expect(problem.code).toBe('RUL_ERR_FORMULA_UNKNOWN_NAME');
    expect((await t.app.inject({ url: '/api/rule-sets/typo-bonus/versions', headers: bearer(admin) })).statusCode).toBe(404);
  });

  it('names a missing fact', async () => {
    const res = await evaluate(admin, 'volume-bonus', { facts: {} });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('RUL_ERR_MISSING_FACT');
    expect(JSON.stringify(res.json().details)).toContain('amount');
  });

  it('evaluates a batch, reporting a bad fact set without failing the others', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/rule-sets/volume-bonus/evaluate-batch', headers: bearer(admin),
      payload: { factSets: [{ amount: '100.00' }, { amount: 'lots' }, { amount: '0.49' }] },
    });
    expect(res.statusCode).toBe(200);
    const { version, results } = res.json();
    expect(version).toBe(2);
    expect(results[0]).toMatchObject({ index: 0, ok: true, outputs: { bonus: '1.00' } });
    expect(results[1]).toMatchObject({ index: 1, ok: false, error: { code: 'RUL_ERR_INVALID_FACT' } });
    expect(results[2]).toMatchObject({ index: 2, ok: true, outputs: { bonus: '0.00' } });
  });

  it('returns a trace only when explain is asked for', async () => {
    const plain = await evaluate(admin, 'volume-bonus', { facts: { amount: '100.00' } });
    expect(plain.json().trace).toBeUndefined();
    const explained = await evaluate(admin, 'volume-bonus', { facts: { amount: '100.00' }, explain: true });
    expect(explained.json().trace.length).toBeGreaterThan(0);
    expect(JSON.stringify(explained.json().trace)).toContain('bonus');
  });
});

describe('walls', () => {
  it('keeps rule sets from dealers (403) and from other tenants (404)', async () => {
    expect((await t.app.inject({ url: '/api/rule-sets', headers: bearer(dealer) })).statusCode).toBe(403);
    expect((await evaluate(dealer, 'tiering', { facts: {} })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/rule-sets', headers: bearer(approver), payload: volumeBonus() })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/rule-sets/tiering/versions', headers: bearer(betaAdmin) })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/rule-sets/tiering/versions/1', headers: bearer(betaAdmin) })).statusCode).toBe(404);
    expect((await evaluate(betaAdmin, 'volume-bonus', { facts: { amount: '1.00' } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/api/rule-sets/tiering/publish', headers: bearer(betaAdmin) })).statusCode).toBe(404);
    const list = (await t.app.inject({ url: '/api/rule-sets', headers: bearer(betaAdmin) })).json();
    expect(list).toEqual([]);
  });
});

describe('the seeded acme-chips rule sets', () => {
  it('are published and evaluate over HTTP (tiering: D02 stays GOLD at 94.99 %)', async () => {
    const list = (await t.app.inject({ url: '/api/rule-sets', headers: bearer(admin) })).json() as { key: string; published: number }[];
    expect(list.map((r) => r.key)).toEqual(expect.arrayContaining(['tiering', 'order-pricing', 'stepped-rebate', 'order-approval-routing']));
    const res = await evaluate(approver, 'tiering', {
      facts: { dealerStatus: 'ACTIVE', currentTier: 'GOLD', annualNetPurchase: '60000000.00', onTimePaymentRatePct: '94.99', certifiedFaeCount: 6, reviewRunDate: '2025-01-01' },
    });
    expect(res.json().outputs ?? res.json()).toMatchObject({ evaluated: true, kpiTier: 'GOLD', newTier: 'GOLD', changed: false, reasonCodes: ['UNCHANGED'] });
  });
});
