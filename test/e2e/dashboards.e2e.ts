import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createOrm } from '../../server/db/orm.js';
import { TEST_PASSWORD } from '../support/fixtures.js';
import { createAcmeCopy } from '../server/dms/dms-tenant.js';
import { baseUrl, launchBrowser, logInToStudio, newStudioPage, screenshot } from './support/browser.js';

/**
 * hefang opens the dashboards of a private acme-chips copy (its seeded rebate ledger and credit
 * limits, plus orders of March and April 2024 inserted here), so no other browser test's rows move the numbers.
 */
let browser: Browser;
let orm: MikroORM;
let code: string;
let token: string;

async function insertHistory(tenantId: string): Promise<void> {
  const em = orm.em.fork();
  const dealers = new Map((await em.execute('select id, code from dealer where tenant_id = ?', [tenantId]) as { id: string; code: string }[]).map((d) => [d.code, d.id]));
  const [hefang] = await em.execute("select id from app_user where tenant_id = ? and login = 'hefang'", [tenantId]) as { id: string }[];
  const at = (iso: string, hours = 0) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
  const instance = randomUUID();
  await em.execute(`insert into workflow_instance (id, tenant_id, definition_key, definition_version, status, state, initiator_id, dealer_id, idempotency_key, created_at, updated_at)
    values (?, ?, 'dealer-order-approval', 1, 'RUNNING', '{}', ?, ?, ?, ?, ?)`, [instance, tenantId, hefang.id, dealers.get('D03'), instance, at('2024-04-09T02:00:00Z'), at('2024-04-09T02:00:00Z')]);
  await em.execute(`insert into workflow_task (id, tenant_id, instance_id, task_key, node_id, assignee_id, status, due_at, created_at)
    values (?, ?, ?, 'task-1', 'rsm-approval', ?, 'PENDING', ?, ?)`, [randomUUID(), tenantId, instance, hefang.id, at('2024-04-10T02:00:00Z'), at('2024-04-09T02:00:00Z')]);
  // dealer, tier, ship-to, order date, status, amount, hours from submit to decision
  const orders: [string, string, string, string, string, string, number | null][] = [
    ['D01', 'PLATINUM', 'EAST-SH', '2024-03-04', 'APPROVED', '120000.00', 3],
    ['D05', 'PLATINUM', 'SOUTH-SZ', '2024-03-05', 'SHIPPED', '58643.20', 5],
    ['D06', 'GOLD', 'SOUTH-GZ', '2024-03-11', 'APPROVED', '23456.78', 30],
    ['D09', 'PLATINUM', 'NORTH-BJ', '2024-03-18', 'COMPLETED', '99999.99', 2],
    ['D10', 'SILVER', 'NORTH-TJ', '2024-03-19', 'REJECTED', '1000.00', 6],
    ['D05', 'PLATINUM', 'SOUTH-SZ', '2024-04-08', 'APPROVED', '300000.00', 48],
    ['D03', 'SILVER', 'EAST-ZJ', '2024-04-09', 'SUBMITTED', '5000.00', null],
  ];
  for (const [i, [dealer, tier, region, date, status, amount, hours]] of orders.entries()) {
    const submitted = at(`${date}T01:00:00Z`);
    await em.execute(`insert into dealer_order (id, tenant_id, order_no, dealer_id, status, order_date, tier_at_order, ship_to_region, order_amount, payable_amount,
        rule_versions, pricing_trace, explanation, workflow_instance_id, submitted_at, decided_at, created_at, updated_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', '[]', '{"zh":[],"en":[]}', ?, ?, ?, ?, ?)`,
    [randomUUID(), tenantId, `E2E-${i + 1}`, dealers.get(dealer), status, date, tier, region, amount, amount,
      status === 'SUBMITTED' ? instance : null, submitted, hours === null ? null : at(submitted, hours), submitted, submitted]);
  }
}

async function overviewFromApi(query: string) {
  const res = await fetch(new URL(`/api/dashboards/overview?${query}`, baseUrl()), { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return res.json();
}

/** The KPI cards show exactly what the API answered. */
async function expectKpis(page: Page, api: any) {
  const kpis: [string, string][] = [
    ['kpi-orders-count', String(api.orders.totals.count)],
    ['kpi-orders-amount', api.orders.totals.amount],
    ['kpi-approved-amount', api.orders.totals.approvedAmount],
    ['kpi-cycle-p50', String(api.cycleTime.p50Hours ?? '')],
    ['kpi-cycle-p90', String(api.cycleTime.p90Hours ?? '')],
    ['kpi-rebate-available', api.rebates.available],
    ['kpi-credit-exposure', api.credit.totals.exposure],
    ['kpi-sla-instances', String(api.sla.overdueInstances)],
  ];
  for (const [id, value] of kpis) await expect.poll(() => page.getByTestId(id).getAttribute('data-value'), { message: id }).toBe(value);
  const [int, frac] = api.orders.totals.amount.split('.');
  expect(await page.getByTestId('kpi-orders-amount-text').textContent()).toBe(`¥${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`);
}

describe('dashboards', () => {
  beforeAll(async () => {
    orm = await createOrm(inject('databaseUrl'), 2);
    const copy = await createAcmeCopy(orm);
    code = copy.code;
    await insertHistory(copy.tenantId);
    const login = await fetch(new URL('/api/auth/login', baseUrl()), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: code, login: 'hefang', password: TEST_PASSWORD }),
    });
    token = ((await login.json()) as { token: string }).token;
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await orm?.close(true);
  });

  it('hefang opens 经营看板: KPI cards equal the API, the charts draw on canvas, a date filter changes the numbers', async () => {
    const { context, page } = await newStudioPage(browser);
    await logInToStudio(page, 'hefang', code);
    await page.getByTestId('main-menu').getByText('经营看板').click();
    await page.getByTestId('dashboards-page').waitFor();
    await page.goto('/studio/dashboards?from=2024-03-01&to=2024-04-30');
    await page.getByTestId('dashboard-kpis').waitFor();

    const both = await overviewFromApi('from=2024-03-01&to=2024-04-30');
    expect(both.orders.totals).toMatchObject({ count: 7, amount: '608099.97', approvedCount: 5 });
    expect(both.cycleTime).toMatchObject({ count: 5, p50Hours: 5 });
    await expectKpis(page, both);
    for (const chart of ['chart-orders-region', 'chart-orders-tier', 'chart-cycle-histogram', 'chart-cycle-trend', 'chart-rebates', 'chart-credit']) {
      await expect.poll(() => page.getByTestId(chart).locator('canvas').count(), { message: chart }).toBeGreaterThan(0);
    }
    expect(await page.getByTestId('sla-table').textContent()).toContain('E2E-7');
    await expect.poll(() => page.locator('.ant-spin-spinning').count()).toBe(0);
    await page.waitForTimeout(600); // ECharts' entry animation, for the screenshot only
    await screenshot(page, 'dashboards');
    await page.getByTestId('sla-table').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await screenshot(page, 'dashboards-rebates-credit-sla');

    // Narrow the range to March in the date picker: the numbers follow the API's for March.
    const range = page.getByTestId('dashboard-range');
    await range.locator('input').nth(0).click();
    await range.locator('input').nth(0).fill('2024-03-01');
    await range.locator('input').nth(0).press('Enter');
    await range.locator('input').nth(1).fill('2024-03-31');
    await range.locator('input').nth(1).press('Enter');
    await expect.poll(() => page.url()).toContain('to=2024-03-31');
    const march = await overviewFromApi('from=2024-03-01&to=2024-03-31');
    expect(march.orders.totals).toMatchObject({ count: 5, amount: '303099.97', approvedCount: 4, approvedAmount: '302099.97' });
    expect(march.cycleTime).toMatchObject({ count: 4, p50Hours: 4 });
    await expectKpis(page, march);
    expect(await page.getByTestId('kpi-orders-count').getAttribute('data-value')).not.toBe(String(both.orders.totals.count));

    // In English the labels change, the charts are drawn again (ECharts takes its locale at init), the numbers stay.
    await page.getByTestId('locale-switch').getByText('EN').click();
    await expect.poll(() => page.getByTestId('dashboards-page').textContent()).toContain('Orders by region');
    await expect.poll(() => page.getByTestId('chart-cycle-trend').locator('canvas').count()).toBeGreaterThan(0);
    await expectKpis(page, march);
    await page.getByTestId('locale-switch').getByText('中文').click();

    // A region: only the South's orders, grouped by its sub-regions.
    const south = await overviewFromApi('from=2024-03-01&to=2024-03-31&region=R-SOUTH');
    expect(south.orders.byRegion.map((r: { region: string }) => r.region)).toEqual(['SOUTH-SZ', 'SOUTH-GZ', 'SOUTH-FJ']);
    await page.getByTestId('dashboard-region').locator('.ant-select').click();
    await page.locator('.ant-select-tree').getByTitle('华南大区').click();
    await expect.poll(() => page.url()).toContain('region=R-SOUTH');
    await expectKpis(page, south);
    expect(await page.getByTestId('chart-orders-region').locator('canvas').count()).toBeGreaterThan(0);
    expect(south.orders.totals.amount).toBe('82099.98');
    await context.close();
  });
});
