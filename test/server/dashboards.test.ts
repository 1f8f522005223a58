import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatJson } from '../../server/bundle/json-format.js';
import { daysBetween } from '../../server/dms/credit.service.js';
import { Tenant } from '../../server/entities/index.js';
import { shanghaiToday } from '../../server/rule-sets/rule-set.service.js';
import { seedTenant } from '../../server/seed/tenant-seed.service.js';
import { TEST_PASSWORD } from '../support/fixtures.js';
import { bearer, createTestApp, loginAs, type TestApp } from '../support/test-app.js';

/**
 * A private tenant with a three-level region tree, three dealers and rows of known amounts and
 * timestamps, so every figure of the dashboard can be checked by hand, to the fen.
 */
let t: TestApp;
let code: string;
let admin: string, approver: string, dealer: string, deployer: string, acmeAdmin: string, betaAdmin: string;
const asOf = shanghaiToday();
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const manifest = (tenantCode: string) => ({
  $schema: 'http://localhost:3000/schemas/TenantManifest.json',
  code: tenantCode, name: '看板测试公司', nameEn: 'Dashboard Test Co.', locale: 'zh-CN', currency: 'CNY',
  regions: [
    { code: 'CN', name: '全国', parent: null },
    { code: 'R-WEST', name: '西部大区', nameEn: 'West', parent: 'CN' },
    { code: 'WEST-CD', name: '成都', parent: 'R-WEST' },
    { code: 'WEST-CQ', name: '重庆', parent: 'R-WEST' },
    { code: 'R-NW', name: '西北大区', nameEn: 'Northwest', parent: 'CN' },
    { code: 'NW-XA', name: '西安', parent: 'R-NW' },
  ],
  roles: [{ code: 'REGIONAL_SALES_MANAGER', name: '大区经理', scope: 'REGION' }],
  // the tier order of the dashboard (best first) is this dictionary's
  dictionaries: {
    dealerTier: {
      name: { zh: '等级', en: 'Tier' },
      items: [
        { code: 'PLATINUM', label: { zh: '白金', en: 'Platinum' } }, { code: 'GOLD', label: { zh: '黄金', en: 'Gold' } },
        { code: 'SILVER', label: { zh: '白银', en: 'Silver' } },
      ],
    },
  },
});

const ids = { W01: '', W02: '', N01: '', approver: '', admin: '' };

beforeAll(async () => {
  t = await createTestApp();
  code = `dash-${randomBytes(4).toString('hex')}`;
  await seedTenant(t.orm.em.fork(), [{ path: 'tenant.json', content: formatJson(manifest(code)) }], {
    dealers: [
      { code: 'W01', name: '成都西芯', homeRegion: 'WEST-CD', authorizedRegions: ['WEST-CD'], status: 'ACTIVE', tier: 'GOLD' },
      { code: 'W02', name: '重庆山城电子', homeRegion: 'WEST-CQ', authorizedRegions: ['WEST-CQ'], status: 'ACTIVE', tier: 'SILVER' },
      { code: 'N01', name: '西安秦芯', homeRegion: 'NW-XA', authorizedRegions: ['R-NW'], status: 'ACTIVE', tier: 'PLATINUM' },
    ],
    users: [
      { login: 'admin', displayName: '看板管理员', systemRoles: ['TENANT_ADMIN'], roles: [] },
      { login: 'approver', displayName: '审批人甲', systemRoles: ['APPROVER'], roles: [] },
      { login: 'deployer', displayName: 'IT', systemRoles: ['DEPLOYER'], roles: [] },
      { login: 'w01.buyer', displayName: '西芯采购', systemRoles: ['DEALER_USER'], dealer: 'W01', roles: [] },
    ],
  }, TEST_PASSWORD);
  const em = t.orm.em.fork();
  const tenant = await em.findOneOrFail(Tenant, { code });
  const tenantId = tenant.id;
  const rows: Record<string, unknown>[] = await em.execute('select id, code from dealer where tenant_id = ?', [tenantId]);
  for (const r of rows) ids[r.code as 'W01'] = String(r.id);
  const users: Record<string, unknown>[] = await em.execute('select id, login from app_user where tenant_id = ?', [tenantId]);
  for (const u of users) if (u.login === 'approver' || u.login === 'admin') ids[u.login] = String(u.id);

  await em.execute(`update dealer set credit_limit = case code when 'W01' then 500000.00 when 'W02' then 1000.00 else 20000.00 end,
    prepaid_balance = case code when 'W02' then 10.00 else 0 end where tenant_id = ?`, [tenantId]);

  const instance = async (dealerCode: string, status: string, createdAt: string, endedAt: string | null) => {
    const id = randomUUID();
    await em.execute(`insert into workflow_instance (id, tenant_id, definition_key, definition_version, status, state, initiator_id, dealer_id, idempotency_key, created_at, updated_at, ended_at)
      values (?, ?, 'dealer-order-approval', 1, ?, '{}', ?, ?, ?, ?, ?, ?)`, [id, tenantId, status, ids.admin, ids[dealerCode as 'W01'], id, createdAt, createdAt, endedAt]);
    return id;
  };
  const task = (instanceId: string, key: string, dueAt: string) => em.execute(`insert into workflow_task (id, tenant_id, instance_id, task_key, node_id, assignee_id, status, due_at, created_at)
      values (?, ?, ?, ?, 'rsm-approval', ?, 'PENDING', ?, '2024-03-01T00:00:00Z')`, [randomUUID(), tenantId, instanceId, key, ids.approver, dueAt]);

  // Order 7 waits on an overdue task; order 4 was approved by its workflow only (no timestamps on the order).
  const open = await instance('W01', 'RUNNING', '2024-03-22T02:00:00Z', null);
  await task(open, 'task-1', '2024-03-23T00:00:00Z');
  await task(open, 'task-2', '2099-01-01T00:00:00Z');
  const stuck = await instance('N01', 'RUNNING', '2024-03-24T00:00:00Z', null);
  await task(stuck, 'task-1', '2024-03-25T00:00:00Z');
  await task(stuck, 'task-2', '2024-03-25T06:00:00Z');
  const approvedByFlow = await instance('N01', 'APPROVED', '2024-03-12T01:00:00Z', '2024-03-13T07:00:00Z');

  const h = 3_600_000;
  const at = (iso: string, hours = 0) => new Date(Date.parse(iso) + hours * h).toISOString();
  const orders: [string, string, string, string, string, string, string, string | null, string | null, string | null][] = [
    // no, dealer, tier, ship-to, order date, status, amount, submitted, decided, instance
    ['D-1', 'W01', 'GOLD', 'WEST-CD', '2024-03-04', 'APPROVED', '100000.10', at('2024-03-04T01:00:00Z'), at('2024-03-04T01:00:00Z', 1), null],
    ['D-2', 'W01', 'GOLD', 'WEST-CD', '2024-03-05', 'COMPLETED', '200000.20', at('2024-03-05T01:00:00Z'), at('2024-03-05T01:00:00Z', 2), null],
    ['D-3', 'W02', 'SILVER', 'WEST-CQ', '2024-03-06', 'SHIPPED', '0.33', at('2024-03-06T01:00:00Z'), at('2024-03-06T01:00:00Z', 3), null],
    ['D-4', 'N01', 'PLATINUM', 'NW-XA', '2024-03-12', 'ALLOCATED', '12345.67', null, null, approvedByFlow],
    ['D-5', 'N01', 'PLATINUM', 'NW-XA', '2024-03-20', 'APPROVED', '0.01', at('2024-03-20T01:00:00Z'), at('2024-03-20T01:00:00Z', 50), null],
    ['D-6', 'W02', 'SILVER', 'WEST-CQ', '2024-03-21', 'REJECTED', '999.99', at('2024-03-21T01:00:00Z'), at('2024-03-21T01:00:00Z', 5), null],
    ['D-7', 'W01', 'GOLD', 'WEST-CD', '2024-03-22', 'SUBMITTED', '5000.00', at('2024-03-22T02:00:00Z'), null, open],
    ['D-8', 'W01', 'GOLD', 'WEST-CD', '2024-03-10', 'DRAFT', '777.77', null, null, null],
    ['D-9', 'W01', 'GOLD', 'WEST-CD', '2024-03-11', 'CANCELLED', '888.88', null, null, null],
    ['D-10', 'W01', 'GOLD', 'WEST-CD', '2024-04-02', 'APPROVED', '300.00', at('2024-04-02T01:00:00Z'), at('2024-04-02T01:00:00Z', 100), null],
  ];
  const orderIds: Record<string, string> = {};
  for (const [no, d, tier, region, date, status, amount, submitted, decided, inst] of orders) {
    orderIds[no] = randomUUID();
    await em.execute(`insert into dealer_order (id, tenant_id, order_no, dealer_id, status, order_date, tier_at_order, ship_to_region, order_amount, payable_amount,
        rule_versions, pricing_trace, explanation, workflow_instance_id, submitted_at, decided_at, created_at, updated_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', '[]', '{"zh":[],"en":[]}', ?, ?, ?, ?, ?)`,
    [orderIds[no], tenantId, no, ids[d as 'W01'], status, date, tier, region, amount, amount, inst, submitted, decided, at(`${date}T00:00:00Z`), at(`${date}T00:00:00Z`)]);
  }

  const receivable = (d: string, no: string, due: string, amount: string, paid: string, status: string, order: string | null) => em.execute(
    `insert into receivable (id, tenant_id, dealer_id, order_id, invoice_no, invoice_date, due_date, amount, paid_amount, status, created_at, updated_at)
     values (?, ?, ?, ?, ?, '2024-01-01', ?, ?, ?, ?, now(), now())`, [randomUUID(), tenantId, ids[d as 'W01'], order, no, due, amount, paid, status]);
  await receivable('W01', 'INV-1', '2024-01-31', '1000.00', '400.00', 'PARTIAL', null);
  await receivable('W01', 'INV-2', '2099-01-01', '50.00', '0.00', 'OPEN', null);
  await receivable('W02', 'INV-3', '2024-02-01', '99.99', '99.99', 'PAID', null);
  await receivable('W02', 'INV-4', '2024-04-05', '0.33', '0.00', 'OPEN', orderIds['D-3']);

  let entryNo = 0;
  const entry = (d: string, type: string, status: string, amount: string, balance: string, expiresOn: string | null, postedOn: string) => em.execute(
    `insert into rebate_entry (id, tenant_id, dealer_id, entry_no, type, status, amount, balance, expires_on, posted_on, operation_key, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())`, [randomUUID(), tenantId, ids[d as 'W01'], ++entryNo, type, status, amount, balance, expiresOn, postedOn, `op-${entryNo}`]);
  await entry('W01', 'ACCRUAL', 'AVAILABLE', '1000.00', '700.00', '2099-12-31', '2024-01-15');
  await entry('W01', 'CONSUMPTION', 'AVAILABLE', '-300.00', '0.00', null, '2024-03-10');
  await entry('W01', 'ACCRUAL', 'AVAILABLE', '50.55', '50.55', addDays(asOf, 10), '2024-03-15');
  await entry('W02', 'ACCRUAL', 'PENDING', '123.45', '123.45', '2099-12-31', '2024-03-20');
  await entry('N01', 'ACCRUAL', 'AVAILABLE', '80.00', '80.00', '2020-12-31', '2019-06-01');
  await entry('N01', 'ACCRUAL', 'AVAILABLE', '9.99', '9.99', '2099-12-31', '2019-06-01');
  await entry('N01', 'CONSUMPTION', 'AVAILABLE', '-20.00', '0.00', null, '2024-03-05');
  await entry('N01', 'REVERSAL', 'AVAILABLE', '20.00', '0.00', null, '2024-03-06');

  [admin, approver, dealer, deployer, acmeAdmin, betaAdmin] = await Promise.all([
    loginAs(t.app, code, 'admin'), loginAs(t.app, code, 'approver'), loginAs(t.app, code, 'w01.buyer'), loginAs(t.app, code, 'deployer'),
    loginAs(t.app, 'acme-chips', 'hefang'), loginAs(t.app, 'beta-tools', 'admin'),
  ]);
}, 120_000);
afterAll(async () => t?.close());

const get = (url: string, token: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers: { ...bearer(token), ...headers } });
const march = '/api/dashboards/overview?from=2024-03-01&to=2024-03-31';
const totals = (count: number, amount: string, approvedCount: number, approvedAmount: string) => ({ count, amount, approvedCount, approvedAmount });

describe('GET /api/dashboards/overview', () => {
  it('counts and sums the submitted orders dated in the range, rolled up to the top regions and by tier, to the fen', async () => {
    const res = await get(march, admin);
    expect(res.statusCode).toBe(200);
    const { range, orders } = res.json();
    expect(range).toEqual({ from: '2024-03-01', to: '2024-03-31', region: null, asOf });
    // D-1…D-7; the draft, the never-submitted cancellation and April's order are left out.
    expect(orders.totals).toEqual(totals(7, '318346.30', 5, '312346.31'));
    expect(orders.byRegion).toEqual([
      { region: 'R-WEST', name: '西部大区', nameEn: 'West', ...totals(5, '306000.62', 3, '300000.63') },
      { region: 'R-NW', name: '西北大区', nameEn: 'Northwest', ...totals(2, '12345.68', 2, '12345.68') },
    ]);
    expect(orders.byTier).toEqual([
      { tier: 'PLATINUM', ...totals(2, '12345.68', 2, '12345.68') },
      { tier: 'GOLD', ...totals(3, '305000.30', 2, '300000.30') },
      { tier: 'SILVER', ...totals(2, '1000.32', 1, '0.33') },
    ]);
  });

  it('filtered by a region, groups by its children and keeps only dealers homed in it', async () => {
    const body = (await get(`${march}&region=R-WEST`, approver)).json();
    expect(body.orders.totals).toEqual(totals(5, '306000.62', 3, '300000.63'));
    expect(body.orders.byRegion.map((r: { region: string; amount: string }) => [r.region, r.amount])).toEqual([['WEST-CD', '305000.30'], ['WEST-CQ', '1000.32']]);
    expect(body.cycleTime).toMatchObject({ count: 3, p50Hours: 2, meanHours: 2 });
    expect(body.rebates).toMatchObject({ available: '750.55', pending: '123.45' });
    expect(body.credit.topExposures.map((d: { dealerCode: string }) => d.dealerCode)).toEqual(['W01', 'W02']);
    expect(body.sla).toMatchObject({ overdueInstances: 1, overdueTasks: 1 });
    const leaf = (await get(`${march}&region=NW-XA`, admin)).json();
    expect(leaf.orders.byRegion).toEqual([{ region: 'NW-XA', name: '西安', nameEn: null, ...totals(2, '12345.68', 2, '12345.68') }]);
  });

  it('measures submit → approve: percentiles, histogram and weekly trend, falling back to the workflow’s times', async () => {
    const { cycleTime } = (await get(march, admin)).json();
    // 1, 2, 3, 30 (D-4 from its workflow instance) and 50 hours; D-10 was approved in April.
    expect(cycleTime).toMatchObject({ count: 5, p50Hours: 3, p90Hours: 42, meanHours: 17.2, maxHours: 50 });
    // In working hours (no calendar document: weekdays 09:00–18:00 Asia/Shanghai): D-4 Tue 09:00 → Wed 15:00 is 15, D-5 Wed 09:00 → Fri 11:00 is 20.
    expect(cycleTime.working).toEqual({ p50Hours: 3, p90Hours: 18, meanHours: 8.2, calendars: [], workdayHours: '09:00–18:00' });
    expect(cycleTime.histogram.map((b: { fromHours: number; toHours: number | null; count: number }) => [b.fromHours, b.toHours, b.count])).toEqual([
      [0, 1, 0], [1, 2, 1], [2, 4, 2], [4, 8, 0], [8, 24, 0], [24, 48, 1], [48, 72, 1], [72, null, 0],
    ]);
    expect(cycleTime.weekly).toEqual([
      { weekStart: '2024-03-04', count: 3, p50Hours: 2, p90Hours: 2.8 },
      { weekStart: '2024-03-11', count: 1, p50Hours: 30, p90Hours: 30 },
      { weekStart: '2024-03-18', count: 1, p50Hours: 50, p90Hours: 50 },
    ]);
    const april = (await get('/api/dashboards/overview?from=2024-04-01&to=2024-04-30', admin)).json();
    expect(april.cycleTime).toMatchObject({ count: 1, p50Hours: 100, p90Hours: 100, working: { p50Hours: 36 } });
    expect(april.orders.totals).toEqual(totals(1, '300.00', 1, '300.00'));
    const empty = (await get('/api/dashboards/overview?from=2023-01-01&to=2023-01-31', admin)).json();
    expect(empty.cycleTime).toMatchObject({ count: 0, p50Hours: null, p90Hours: null, meanHours: null, working: { p50Hours: null, meanHours: null } });
    expect(empty.orders.byRegion.map((r: { count: number }) => r.count)).toEqual([0, 0]);
  });

  it('reports the rebate ledger: pending, available, expiring within 30 days, and the range’s accruals and net consumption', async () => {
    const { rebates } = (await get(march, admin)).json();
    expect(rebates).toMatchObject({
      pending: '123.45', available: '760.54', expiringWithin30Days: '50.55', consumedInRange: '300.00', accruedInRange: '174.00',
    });
    expect(rebates.byDealer).toEqual([
      { dealerCode: 'W01', name: '成都西芯', pending: '0.00', available: '750.55', expiringWithin30Days: '50.55', consumedInRange: '300.00' },
      { dealerCode: 'N01', name: '西安秦芯', pending: '0.00', available: '9.99', expiringWithin30Days: '0.00', consumedInRange: '0.00' },
      { dealerCode: 'W02', name: '重庆山城电子', pending: '123.45', available: '0.00', expiringWithin30Days: '0.00', consumedInRange: '0.00' },
    ]);
  });

  it('gives each dealer’s credit as GET /api/credit computes it, the largest exposure first', async () => {
    const { credit } = (await get(march, admin)).json();
    // W01's exposure includes the 5,000.00 its submitted order D-7 reserves while it waits for approval.
    expect(credit.totals).toEqual({ creditLimit: '521000.00', exposure: '118296.11', availableCredit: '402713.89', overdueAmount: '600.33', overdueDealers: 2 });
    expect(credit.topExposures).toEqual([
      { dealerCode: 'W01', name: '成都西芯', creditLimit: '500000.00', prepaidBalance: '0.00', exposure: '105950.10', availableCredit: '394049.90', overdueAmount: '600.00', maxDaysOverdue: daysBetween('2024-01-31', asOf) },
      { dealerCode: 'N01', name: '西安秦芯', creditLimit: '20000.00', prepaidBalance: '0.00', exposure: '12345.68', availableCredit: '7654.32', overdueAmount: '0.00', maxDaysOverdue: 0 },
      { dealerCode: 'W02', name: '重庆山城电子', creditLimit: '1000.00', prepaidBalance: '10.00', exposure: '0.33', availableCredit: '1009.67', overdueAmount: '0.33', maxDaysOverdue: daysBetween('2024-04-05', asOf) },
    ]);
    for (const d of credit.topExposures) {
      const one = (await get(`/api/credit?dealer=${d.dealerCode}`, admin)).json();
      expect([one.exposure, one.availableCredit, one.maxDaysOverdue]).toEqual([d.exposure, d.availableCredit, d.maxDaysOverdue]);
    }
  });

  it('lists the instances past their SLA, the longest overdue first, as the admin overdue route counts them', async () => {
    const { sla } = (await get(march, admin)).json();
    expect(sla).toMatchObject({ overdueInstances: 2, overdueTasks: 3 });
    expect(sla.items.map((i: { taskKey: string; dealerCode: string; orderNo: string | null; assignee: string; dueAt: string }) => [i.dealerCode, i.orderNo, i.taskKey, i.assignee, i.dueAt])).toEqual([
      ['W01', 'D-7', 'task-1', '审批人甲', '2024-03-23T00:00:00.000Z'],
      ['N01', null, 'task-1', '审批人甲', '2024-03-25T00:00:00.000Z'],
      ['N01', null, 'task-2', '审批人甲', '2024-03-25T06:00:00.000Z'],
    ]);
    expect(sla.items[0].hoursOverdue).toBeGreaterThan(24 * 365);
    expect((await get('/api/admin/instances/overdue', admin)).json()).toHaveLength(sla.overdueTasks);
  });

  it('walls tenants off: acme-chips and beta-tools never see these rows, nor this tenant theirs', async () => {
    const mine = (await get('/api/dashboards/overview?from=2019-01-01&to=2021-12-31', admin)).json();
    // acme-chips holds rebates and credit limits of its own: none of them reach this tenant's totals.
    expect(mine.rebates).toMatchObject({ pending: '123.45', available: '760.54', accruedInRange: '89.99', consumedInRange: '0.00' });
    expect(mine.rebates.byDealer.map((d: { dealerCode: string }) => d.dealerCode)).toEqual(['W01', 'N01', 'W02']);
    expect(mine.credit.totals.creditLimit).toBe('521000.00');
    for (const other of [acmeAdmin, betaAdmin]) {
      const body = (await get(march, other)).json();
      const text = JSON.stringify(body);
      for (const mark of ['W01', 'W02', 'N01', 'R-NW', 'D-7', '审批人甲', '318346.30']) expect(text).not.toContain(mark);
    }
    const beta = (await get(march, betaAdmin)).json();
    expect(beta.credit.topExposures.map((d: { dealerCode: string }) => d.dealerCode)).toEqual(['B01']);
    expect(beta.rebates).toMatchObject({ pending: '0.00', available: '0.00' });
    const acme = (await get(march, acmeAdmin)).json();
    expect(acme.orders.byRegion.map((r: { region: string }) => r.region)).toEqual(['R-EAST', 'R-SOUTH', 'R-NORTH']);
    expect(acme.credit.topExposures.every((d: { dealerCode: string }) => /^D\d\d$/.test(d.dealerCode))).toBe(true);
  });

  it('is for staff: a dealer user and an IT deployer get 403', async () => {
    expect((await get(march, dealer)).statusCode).toBe(403);
    expect((await get(march, deployer)).statusCode).toBe(403);
    expect((await t.app.inject({ url: march })).statusCode).toBe(401);
  });

  it('refuses a bad query with a pointer: a malformed date, an inverted range, an unknown region, an unknown parameter', async () => {
    const cases: [string, string][] = [
      ['?from=2024-13-01', '/from'],
      ['?from=2024-04-01&to=2024-03-01', '/from'],
      ['?from=2010-01-01&to=2024-03-01', '/from'],
      ['?region=R-EAST', '/region'],
      ['?region=%27%3Bdrop', '/region'],
    ];
    for (const [query, pointer] of cases) {
      const res = await get(`/api/dashboards/overview${query}`, admin, { 'accept-language': 'zh-CN' });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().code).toBe('CF_ERR_VALIDATION');
      expect(res.json().details.problems[0], query).toMatchObject({ in: 'querystring', pointer });
      expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const extra = await get('/api/dashboards/overview?dealer=W01', admin);
    expect(extra.statusCode).toBe(400);
    expect(extra.json().details.problems[0]).toMatchObject({ in: 'querystring' });
  });
});
