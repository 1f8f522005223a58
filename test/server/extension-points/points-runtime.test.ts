import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatJson } from '../../../server/bundle/json-format.js';
import { TENANT_FILTER } from '../../../server/db/orm.js';
import { Tenant } from '../../../server/entities/index.js';
import { evaluatePoint } from '../../../server/extension-points/extension-point.service.js';
import { seedTenant } from '../../../server/seed/tenant-seed.service.js';
import { AppError } from '../../../schemas/errors/app-error.js';
import { extensionPoints } from '../../../schemas/extension-points/registry.js';
import { TEST_PASSWORD } from '../../support/fixtures.js';
import { bearer, createTestApp, json, loginAs, type TestApp } from '../../support/test-app.js';

/**
 * The extension points at run time and in the studio: the DMS evaluates the rule set a tenant binds
 * (never a key of its own), a rule error or an output breaking the contract is a named 422 and not
 * a 500, an unbound point says so; studio publish refuses a draft that breaks its point's contract
 * or names an unknown role; GET /api/extension-points shows each tenant its own bindings only.
 */
let t: TestApp;
const codeA = `ep-a-${randomBytes(3).toString('hex')}`;
const codeB = `ep-b-${randomBytes(3).toString('hex')}`;
let adminA: string, dealerA: string, adminB: string;

const manifest = (code: string, bindings: Record<string, string>) => ({
  $schema: 'http://localhost:3000/schemas/TenantManifest.json',
  code, name: `扩展点 ${code}`, locale: 'zh-CN', currency: 'CNY',
  regions: [{ code: 'CN', name: '全国', parent: null }, { code: 'CN-1', name: '一区', parent: 'CN' }],
  roles: [{ code: 'BUYER_LEAD', name: '采购主管', scope: 'TENANT' }],
  dictionaries: { dealerTier: { name: { zh: '等级', en: 'Tier' }, items: [{ code: 'T1', label: { zh: '一级', en: 'First' } }, { code: 'T2', label: { zh: '二级', en: 'Second' } }] } },
  extensionPoints: bindings,
});

/** A price list of one: every line at its list price, plus `freeQty` free pieces of the first SKU. */
const pricing = {
  $schema: 'http://localhost:3000/schemas/RuleSet.json',
  key: 'flat-price', name: { zh: '按目录价', en: 'List price' },
  inputs: [
    { name: 'lines', type: 'list', items: { type: 'object', fields: [{ name: 'sku', type: 'string' }, { name: 'qty', type: 'integer' }, { name: 'listPrice', type: 'money' }] } },
    { name: 'freeQty', type: 'integer', default: 1 },
  ],
  outputs: [
    { name: 'orderAmount', type: 'money' },
    { name: 'lines', type: 'list', items: { type: 'object', fields: [{ name: 'sku', type: 'string' }, { name: 'netUnitPrice', type: 'decimal' }, { name: 'lineAmount', type: 'money' }] } },
    { name: 'freeGoods', type: 'list', items: { type: 'object', fields: [{ name: 'sku', type: 'string' }, { name: 'qty', type: 'integer' }] } },
  ],
  steps: [
    { kind: 'forEach', id: 'price', list: 'lines', steps: [{ kind: 'assign', id: 'amount', set: { netUnitPrice: { $expr: 'listPrice' }, lineAmount: { $expr: 'round(qty * listPrice, 2)' } } }], collect: ['sku', 'netUnitPrice', 'lineAmount'], into: 'lines', aggregate: { orderAmount: { op: 'sum', of: 'lineAmount' } } },
    { kind: 'assign', id: 'gift', set: { freeGoods: [{ sku: 'W-1', qty: { $expr: 'freeQty' } }] } },
  ],
};

const flow = (role: string) => ({
  $schema: 'http://localhost:3000/schemas/FlowDefinition.json',
  key: 'lead-check', name: { zh: '主管审核', en: 'Lead check' }, variables: [],
  nodes: [
    { id: 'start', type: 'start', name: { zh: '开始', en: 'Start' }, params: {}, position: { x: 0, y: 0 } },
    { id: 'check', type: 'approval', name: { zh: '审核', en: 'Check' }, params: { mode: 'ANY', assignees: [{ kind: 'role', role }] }, position: { x: 200, y: 0 } },
    { id: 'done', type: 'end', name: { zh: '结束', en: 'End' }, params: { outcome: 'APPROVED' }, position: { x: 400, y: 0 } },
  ],
  edges: [{ id: 'e1', from: 'start', to: 'check' }, { id: 'e2', from: 'check', port: 'approved', to: 'done' }],
});

async function ctxOf(code: string) {
  const em = t.orm.em.fork();
  const tenant = await em.findOneOrFail(Tenant, { code });
  em.setFilterParams(TENANT_FILTER, { tenantId: tenant.id });
  return { em, tenantId: tenant.id, locale: 'en' as const };
}
const facts = (freeQty?: number) => ({ lines: [{ sku: 'W-1', qty: 3, listPrice: '12.50' }, { sku: 'W-2', qty: 1, listPrice: '0.99' }], ...(freeQty === undefined ? {} : { freeQty }) });
async function caught(p: Promise<unknown>): Promise<AppError> {
  try { await p; } catch (err) { return err as AppError; }
  throw new Error('expected an error');
}

beforeAll(async () => {
  t = await createTestApp();
  await seedTenant(t.orm.em.fork(), [
    { path: 'tenant.json', content: formatJson(manifest(codeA, { orderPricing: 'flat-price', orderApproval: 'lead-check' })) },
    { path: 'rule-sets/flat-price.json', content: formatJson(pricing) },
    { path: 'workflows/lead-check.json', content: formatJson(flow('BUYER_LEAD')) },
  ], {
    dealers: [{ code: 'D1', name: '一号', homeRegion: 'CN-1', authorizedRegions: ['CN-1'], status: 'ACTIVE', tier: 'T1' }],
    users: [
      { login: 'admin', displayName: '管理员', systemRoles: ['TENANT_ADMIN'], roles: [] },
      { login: 'd1', displayName: '采购', systemRoles: ['DEALER_USER'], dealer: 'D1', roles: [] },
    ],
  }, TEST_PASSWORD);
  await seedTenant(t.orm.em.fork(), [{ path: 'tenant.json', content: formatJson(manifest(codeB, {})) }],
    { dealers: [], users: [{ login: 'admin', displayName: 'B', systemRoles: ['TENANT_ADMIN'], roles: [] }] }, TEST_PASSWORD);
  [adminA, dealerA, adminB] = await Promise.all([loginAs(t.app, codeA, 'admin'), loginAs(t.app, codeA, 'd1'), loginAs(t.app, codeB, 'admin')]);
}, 120_000);

afterAll(async () => { await t?.close(); });

describe('evaluatePoint', () => {
  it('evaluates the rule set the tenant binds, in effect on the date, and names it', async () => {
    const result = await evaluatePoint(await ctxOf(codeA), 'orderPricing', facts(), '2026-12-08');
    expect(result.ruleSet).toEqual({ key: 'flat-price', version: 1 });
    expect(result.outputs).toMatchObject({ orderAmount: '38.49', lines: [{ sku: 'W-1', lineAmount: '37.50' }, { sku: 'W-2', lineAmount: '0.99' }], freeGoods: [{ sku: 'W-1', qty: 1 }] });
  });

  it('an output that breaks the contract at run time is DMS_ERR_POINT_OUTPUT with its pointer', async () => {
    const err = await caught(evaluatePoint(await ctxOf(codeA), 'orderPricing', facts(0), '2026-12-08'));
    expect(err.code).toBe('DMS_ERR_POINT_OUTPUT');
    expect(err.details).toMatchObject({ point: 'orderPricing', ruleSet: 'flat-price', version: 1 });
    expect(err.details!.problems).toContainEqual(expect.objectContaining({ pointer: '/outputs/freeGoods/0/qty' }));
  });

  it('a rule error is DMS_ERR_POINT_EVALUATION naming the point, the rule set and the cause', async () => {
    const err = await caught(evaluatePoint(await ctxOf(codeA), 'orderPricing', {}, '2026-12-08'));
    expect(err.code).toBe('DMS_ERR_POINT_EVALUATION');
    expect(err.details).toMatchObject({ point: 'orderPricing', ruleSet: 'flat-price', cause: { code: 'RUL_ERR_MISSING_FACT', fact: 'lines' } });
  });

  it('a point the tenant does not bind is DMS_ERR_POINT_UNBOUND (409), never another tenant’s rule set', async () => {
    const err = await caught(evaluatePoint(await ctxOf(codeB), 'orderPricing', facts(), '2026-12-08'));
    expect(err.code).toBe('DMS_ERR_POINT_UNBOUND');
    expect(err.details).toMatchObject({ point: 'orderPricing' });
  });
});

describe('studio publish keeps the contract', () => {
  it('refuses a rule-set draft bound to a point when it drops a required output, and publishes it once fixed', async () => {
    const broken = { ...pricing, outputs: pricing.outputs.filter((o) => o.name !== 'orderAmount'), steps: pricing.steps };
    const save = await t.app.inject({ method: 'PUT', url: '/api/rule-sets/flat-price/draft', headers: bearer(adminA), payload: { document: broken } });
    expect(save.statusCode, save.body).toBe(200);
    const validated = json(await t.app.inject({ method: 'POST', url: '/api/rule-sets/flat-price/validate', headers: bearer(adminA) }));
    expect(validated.ok).toBe(false);
    expect(validated.problems).toContainEqual(expect.objectContaining({ code: 'CFG_ERR_POINT_OUTPUT_MISSING' }));
    const publish = await t.app.inject({ method: 'POST', url: '/api/rule-sets/flat-price/publish', headers: bearer(adminA) });
    expect(publish.statusCode).toBe(422);
    expect(json(publish).details.problems).toContainEqual(expect.objectContaining({ code: 'CFG_ERR_POINT_OUTPUT_MISSING', message: expect.stringContaining('orderAmount') }));
    const versions = json(await t.app.inject({ method: 'GET', url: '/api/rule-sets/flat-price/versions', headers: bearer(adminA) }));
    expect(versions.find((v: { status: string }) => v.status === 'PUBLISHED').version).toBe(1);
  });

  it('refuses a workflow draft that names a role the manifest lacks', async () => {
    const save = await t.app.inject({ method: 'PUT', url: '/api/workflows/lead-check/draft', headers: bearer(adminA), payload: { document: flow('BUYER_LEED') } });
    expect(save.statusCode, save.body).toBeLessThan(300);
    const publish = await t.app.inject({ method: 'POST', url: '/api/workflows/lead-check/publish', headers: bearer(adminA) });
    expect(publish.statusCode).toBe(422);
    expect(json(publish).details.problems).toContainEqual(expect.objectContaining({ code: 'CFG_ERR_UNKNOWN_ROLE', nodeId: 'check' }));
  });
});

describe('GET /api/extension-points', () => {
  it('lists every point with its contract and the caller tenant’s binding', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/extension-points', headers: bearer(adminA) });
    expect(res.statusCode).toBe(200);
    const points = json(res).points as { key: string; provides: unknown; requires?: unknown; binding: { key: string; published: boolean } | null }[];
    expect(points.map((p) => p.key)).toEqual(extensionPoints.map((p) => p.key));
    expect(points.find((p) => p.key === 'orderPricing')).toMatchObject({ binding: { key: 'flat-price', published: true, version: 1 }, requires: { required: ['orderAmount', 'lines'] } });
    expect(points.find((p) => p.key === 'orderApproval')!.binding).toMatchObject({ key: 'lead-check', published: true });
    expect(points.find((p) => p.key === 'rebateOffset')!.binding).toBeNull();
  });

  it('shows another tenant only its own bindings; a dealer is refused (403), an anonymous caller 401', async () => {
    const b = json(await t.app.inject({ method: 'GET', url: '/api/extension-points', headers: bearer(adminB) }));
    expect(b.points.every((p: { binding: unknown }) => p.binding === null)).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: '/api/extension-points', headers: bearer(dealerA) })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/extension-points' })).statusCode).toBe(401);
  });
});
