import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSON_LIMITS } from '../../../schemas/json-guard.js';
import { bearer, createTestApp, json, loginAs, type TestApp } from '../../support/test-app.js';

/**
 * An attack pass found 500s: text Postgres cannot store (NUL, unpaired surrogates) in any free-text
 * field or query, instance variables nested 5,000 levels, and an Excel export of no rows. Each is now
 * a 400 with the standard error body (a code and the pointer of the value), or a valid answer.
 */
let t: TestApp;
let admin: string;
let deployer: string;
let dealerId: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAs(t.app, 'acme-chips', 'hefang');
  deployer = await loginAs(t.app, 'acme-chips', 'machao');
  dealerId = json((await t.app.inject({ url: '/api/dealers', headers: bearer(admin) })))[0].id;
});
afterAll(async () => t.close());

const NUL = 'a\u0000b';
const LONE_HIGH = 'a\ud800b';
const LONE_LOW = '\udc00';

function expectRefused(res: { statusCode: number; json(): any }, code: string, where: { in: string; pointer: string }) {
  expect(res.statusCode, JSON.stringify(res.json())).toBe(400);
  const body = res.json();
  expect(body).toMatchObject({ statusCode: 400, code, requestId: expect.any(String) });
  expect(body.details.problems).toContainEqual(expect.objectContaining({ in: where.in, pointer: where.pointer, message: expect.any(String) }));
}

describe('NUL bytes and lone surrogates (Postgres refuses them: they used to answer 500)', () => {
  it('a NUL in a saved-view name is refused with 400 CF_ERR_BAD_TEXT at /name', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/saved-views', headers: bearer(admin),
      payload: { table: 'dealers', name: NUL, state: { filters: {}, columns: [] } },
    });
    expectRefused(res, 'CF_ERR_BAD_TEXT', { in: 'body', pointer: '/name' });
  });

  it('a NUL in a ship-to address is refused at /shipToAddress', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/orders', headers: bearer(admin),
      payload: { dealerCode: 'D01', lines: [{ sku: 'X', qty: 1 }], shipToRegion: 'R-SH', shipToAddress: `上海市${NUL}` },
    });
    expectRefused(res, 'CF_ERR_BAD_TEXT', { in: 'body', pointer: '/shipToAddress' });
  });

  it('a lone surrogate in an instance comment is refused at /comment', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/instances/00000000-0000-4000-8000-000000000000/comment', headers: bearer(admin),
      payload: { comment: LONE_HIGH },
    });
    expectRefused(res, 'CF_ERR_BAD_TEXT', { in: 'body', pointer: '/comment' });
  });

  it("a NUL in a dealer's nameEn is refused, in Chinese when asked, and the dealer is unchanged", async () => {
    const before = json((await t.app.inject({ url: `/api/dealers/${dealerId}`, headers: bearer(admin) })));
    const res = await t.app.inject({
      method: 'PATCH', url: `/api/dealers/${dealerId}`, headers: { ...bearer(admin), 'accept-language': 'zh-CN' },
      payload: { nameEn: NUL, version: before.version },
    });
    expectRefused(res, 'CF_ERR_BAD_TEXT', { in: 'body', pointer: '/nameEn' });
    expect(res.json().message).toContain('空字符');
    const after = json((await t.app.inject({ url: `/api/dealers/${dealerId}`, headers: bearer(admin) })));
    expect(after.nameEn).toBe(before.nameEn);
    expect(after.version).toBe(before.version);
  });

  it("a lone low surrogate in a user's displayName is refused at /displayName", async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/users', headers: bearer(admin),
      payload: { login: 'surrogate.user', displayName: LONE_LOW, password: 'Sturdy-Passw0rd!', systemRoles: [] },
    });
    expectRefused(res, 'CF_ERR_BAD_TEXT', { in: 'body', pointer: '/displayName' });
  });

  it('?q=%00 is refused with the querystring pointer /q', async () => {
    for (const url of ['/api/admin/dealers?q=%00', '/api/admin/products/export.xlsx?q=a%00', '/api/products?q=%00']) {
      expectRefused(await t.app.inject({ url, headers: bearer(admin) }), 'CF_ERR_BAD_TEXT', { in: 'querystring', pointer: '/q' });
    }
  });

  it('a NUL in a key of free-form JSON (instance variables) is refused with the pointer of the key', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/workflows/dealer-order-approval/instances', headers: bearer(admin),
      payload: { variables: { note: 'ok', ['k\u0000']: 1 } },
    });
    expectRefused(res, 'CF_ERR_BAD_TEXT', { in: 'body', pointer: '/variables/k\ufffd' });
  });

  it('surrogate pairs (emoji, rare CJK) and ordinary control characters are accepted', async () => {
    const res = await t.app.inject({ url: `/api/admin/dealers?q=${encodeURIComponent('😀𠀀\t')}`, headers: bearer(admin) });
    expect(res.statusCode).toBe(200);
  });

  it('a bundle document with a "\\u0000" escape is refused at validation with its file and pointer', async () => {
    const content = JSON.stringify({ $schema: 'TenantManifest', code: 'acme-chips', name: 'x\u0000', locale: 'zh-CN', currency: 'CNY', regions: [], roles: [] });
    const res = await t.app.inject({ method: 'POST', url: '/api/config/validate', headers: bearer(deployer), payload: { bundle: { files: [{ path: 'tenant.json', content }] } } });
    expect(res.statusCode).toBe(200);
    expect(res.json().ok).toBe(false);
    expect(res.json().problems).toContainEqual(expect.objectContaining({ file: 'tenant.json', pointer: '/name', code: 'CF_ERR_BAD_TEXT' }));
  });
});

describe('nesting depth (instance variables nested 5,000 levels used to answer 500)', () => {
  const nested = (levels: number): Record<string, unknown> => {
    // levels objects: { a: { a: … { leaf: 1 } } }
    let v: Record<string, unknown> = { leaf: 1 };
    for (let i = 1; i < levels; i++) v = { a: v };
    return v;
  };

  it('instance variables nested 5,000 levels are refused with 400 CF_ERR_TOO_DEEP and the pointer where the limit is passed', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/workflows/dealer-order-approval/instances',
      // JSON.stringify (and light-my-request) overflow their own stack on 5,000 levels: the text is written by hand
      headers: { ...bearer(admin), 'content-type': 'application/json' },
      payload: `{"variables":${'{"a":'.repeat(4999)}{"leaf":1}${'}'.repeat(4999)}}`,
    });
    // the body is level 1, variables level 2, …: the object at level maxDepth + 1 is where the limit is passed
    const pointer = '/variables' + '/a'.repeat(JSON_LIMITS.maxDepth - 1);
    expectRefused(res, 'CF_ERR_TOO_DEEP', { in: 'body', pointer });
  });

  it('a body exactly at the depth limit passes the guard (and meets the route schema)', async () => {
    // body (1) > variables (2) > … : variables nested maxDepth - 1 levels is exactly the limit
    const res = await t.app.inject({
      method: 'POST', url: '/api/workflows/no-such-workflow/instances', headers: bearer(admin),
      payload: { variables: nested(JSON_LIMITS.maxDepth - 1) },
    });
    expect(res.json().code).not.toBe('CF_ERR_TOO_DEEP');
    expect(res.statusCode).toBe(404);
  });

  it('a bundle document nested 5,000 levels is refused before it is parsed', async () => {
    const content = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const res = await t.app.inject({ method: 'POST', url: '/api/config/validate', headers: bearer(deployer), payload: { bundle: { files: [{ path: 'tenant.json', content }] } } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: false, problems: [{ file: 'tenant.json', pointer: '', code: 'CF_ERR_TOO_DEEP' }] });
  });
});

describe('Excel export of no rows (used to answer 500: exceljs threw on a data validation of "A2:A1")', () => {
  it('GET /api/admin/products/export.xlsx in a tenant with no products is a valid workbook with the heading row only', async () => {
    const platform = await loginAs(t.app, 'platform', 'admin');
    const code = `empty-${Date.now().toString(36)}`;
    const password = 'Empty-Shelves-2026!';
    const created = await t.app.inject({
      method: 'POST', url: '/api/platform/tenants', headers: bearer(platform),
      payload: { code, name: '空货架', admin: { login: 'owner', displayName: '管理员', password } },
    });
    expect(created.statusCode).toBe(201);
    const owner = await loginAs(t.app, code, 'owner', password);
    for (const table of ['products', 'dealers']) {
      const res = await t.app.inject({ url: `/api/admin/${table}/export.xlsx`, headers: bearer(owner) });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      expect(ws.rowCount).toBe(1);
      expect((ws.getRow(1).values as unknown[]).filter(Boolean).length).toBeGreaterThan(1);
    }
  });
});

describe('formulas that failed only when evaluated (1e999, round(x, 1000000)) are refused at save', () => {
  it('POST /api/rule-sets answers 422 with RUL_ERR_FORMULA_OUT_OF_RANGE and the pointer of the formula, and stores nothing', async () => {
    for (const [i, expr] of ['amount * 1e999', 'round(amount, 1000000)'].entries()) {
      const key = `limits-${i}-${Date.now().toString(36)}`;
      const doc = {
        key, name: { zh: '限制', en: 'Limits' },
        inputs: [{ name: 'amount', type: 'decimal' }], outputs: [{ name: 'r', type: 'decimal' }],
        steps: [{ kind: 'assign', id: 'calc', set: { r: { $expr: expr } } }],
      };
      const res = await t.app.inject({ method: 'POST', url: '/api/rule-sets', headers: bearer(admin), payload: doc });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'RUL_ERR_INVALID_RULE_SET', details: { problems: [{ pointer: '/steps/0/set/r/$expr', code: 'RUL_ERR_FORMULA_OUT_OF_RANGE' }] } });
      expect((await t.app.inject({ url: `/api/rule-sets/${key}/versions`, headers: bearer(admin) })).statusCode).toBe(404);
    }
  });
});
