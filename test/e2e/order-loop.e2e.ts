import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dec } from '../../rules/money.js';
import { TEST_PASSWORD } from '../support/fixtures.js';
import { baseUrl, launchBrowser, logInToStudio, newStudioPage, screenshot } from './support/browser.js';

const phone = { width: 390, height: 844 };

/** A GET from inside the page with the signed-in user's own token. */
async function apiGet(page: Page, url: string): Promise<{ status: number; body: any }> {
  return page.evaluate(async (u) => {
    const res = await fetch(u, { headers: { authorization: `Bearer ${localStorage.getItem('cf.token')}` } });
    return { status: res.status, body: await res.json().catch(() => null) };
  }, url);
}

/** Staff see on hand and allocated (a dealer sees ATP only): read as the tenant admin, outside any page. */
async function staffGet(path: string): Promise<any> {
  const login = await fetch(new URL('/api/auth/login', baseUrl()), {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: 'acme-chips', login: 'hefang', password: TEST_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const res = await fetch(new URL(path, baseUrl()), { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return res.json();
}

type Stock = { warehouse: string; sku: string; onHand?: number; allocated?: number; atp: number };
const at = (rows: Stock[], warehouse: string) => rows.find((r) => r.warehouse === warehouse)!;

/** Picks a product in row `i` of the order form's lines table by typing part of its name. */
async function pickSku(page: Page, i: number, typed: string): Promise<void> {
  const row = page.getByTestId('lines-lines').locator('.ant-table-tbody tr.ant-table-row').nth(i);
  await row.locator('.ant-select').click();
  await page.keyboard.type(typed);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: typed }).first().click();
  await page.getByTestId(`lines-lines-${i}-qty`).waitFor();
  expect(await row.locator('.ant-select').textContent()).toContain(typed);
}

describe('order to approval to allocation, end to end (issue #7)', () => {
  let browser: Browser;
  let d05: { context: BrowserContext; page: Page };
  const placed = { id: '', orderNo: '', instanceId: '' };
  const before = { f103: [] as Stock[], wifi6: [] as Stock[], dealerF103: [] as Stock[], rebateAvailable: '' };

  beforeAll(async () => {
    browser = await launchBrowser();
    d05 = await newStudioPage(browser, phone);
  });
  afterAll(async () => {
    await d05?.context.close();
    await browser?.close();
  });

  it('d05.buyer places MCU-F103 × 60000 and RF-WIFI6 × 7000 on a phone, sees the price and why, and submits into approval', async () => {
    const { page } = d05;
    await logInToStudio(page, 'd05.buyer');
    await page.waitForURL('**/studio/portal');
    await page.getByTestId('portal-tabs').waitFor();

    // What the order will change, read just before it: other browser tests share D05's stock and rebates.
    before.f103 = await staffGet('/api/inventory?sku=MCU-F103');
    before.wifi6 = await staffGet('/api/inventory?sku=RF-WIFI6');
    before.dealerF103 = (await apiGet(page, '/api/inventory?sku=MCU-F103')).body;
    const account = await apiGet(page, '/api/rebates/account');
    expect(account.status).toBe(200);
    before.rebateAvailable = account.body.available;
    expect(new Dec(before.rebateAvailable).gte(50000)).toBe(true);
    expect(at(before.f103, 'WH-SZ').onHand! - at(before.f103, 'WH-SZ').allocated!).toBeGreaterThanOrEqual(60000);
    expect(at(before.wifi6, 'WH-SZ').onHand! - at(before.wifi6, 'WH-SZ').allocated!).toBeGreaterThanOrEqual(7000);

    await page.getByTestId('portal-tab-order').click();
    await page.getByTestId('place-order').waitFor();
    // the lines table: two lines, each a product from the catalogue and a quantity
    await page.getByTestId('lines-lines-add').click();
    await pickSku(page, 0, 'AC32F103');
    await page.getByTestId('lines-lines-0-qty').fill('60000');
    await page.getByTestId('lines-lines-add').click();
    await pickSku(page, 1, 'AC6800');
    await page.getByTestId('lines-lines-1-qty').fill('7000');
    await page.locator('#root_shipToRegion').click();
    await page.locator('.ant-select-dropdown:visible').getByText('深圳（SOUTH-SZ）').click();
    await page.getByTestId('order-address').fill('深圳市福田区华强北路 1001 号');
    await page.locator('#root_requestedOffset').fill('50000');
    await page.locator('#root_requestedOffset').blur();
    await screenshot(page, 'loop-order-form');

    await page.getByTestId('btn-quote').click();
    const breakdown = page.getByTestId('price-breakdown');
    await breakdown.waitFor();
    const lines = breakdown.getByTestId('breakdown-line');
    expect(await lines.count()).toBe(2);
    // 6.80 × 60,000 × (1 − 12%)(1 − 4%) = 344,678.40; 28.00 × 7,000 × (1 − 8%)(1 − 2%) = 176,713.60
    expect(await lines.nth(0).getAttribute('data-sku')).toBe('MCU-F103');
    expect(await lines.nth(0).getByTestId('line-amount').textContent()).toBe('¥344,678.40');
    expect(await lines.nth(1).getAttribute('data-sku')).toBe('RF-WIFI6');
    expect(await lines.nth(1).getByTestId('line-amount').textContent()).toBe('¥176,713.60');
    expect(await breakdown.getByTestId('order-amount').textContent()).toBe('¥521,392.00');
    // 50,000.00 asked for, under 10% of the order (52,139.20) and the balance: all of it applies
    expect(await breakdown.getByTestId('applied-offset').textContent()).toBe('−¥50,000.00');
    expect(await breakdown.getByTestId('payable-amount').textContent()).toBe('¥471,392.00');
    const why = (await breakdown.getByTestId('price-explanation').textContent())!;
    expect(why).toContain('MCU-F103');
    expect(why).toContain('RF-WIFI6');
    expect(why).toContain('等级折扣 12%');
    expect(why).toContain('返利抵扣 50,000.00 元');
    expect(why).toContain('应付 471,392.00 元');
    await breakdown.getByTestId('breakdown-totals').scrollIntoViewIfNeeded();
    await screenshot(page, 'loop-order-breakdown');

    await page.getByTestId('btn-submit-order').click();
    await page.waitForURL('**/studio/portal/orders/*');
    const detail = page.getByTestId('order-detail');
    await detail.waitFor();
    placed.id = (await detail.getAttribute('data-order-id'))!;
    placed.orderNo = (await page.getByTestId('order-no').textContent())!;
    expect(placed.orderNo).toMatch(/^SO\d{8}-/);
    expect(await detail.getByTestId('order-status').getAttribute('data-status')).toBe('SUBMITTED');

    const order = await apiGet(page, `/api/orders/${placed.id}`);
    expect(order.body).toMatchObject({
      status: 'SUBMITTED', dealerCode: 'D05', shipToRegion: 'SOUTH-SZ', shipToAddress: '深圳市福田区华强北路 1001 号',
      orderAmount: '521392.00', rebateOffset: '50000.00', payableAmount: '471392.00',
    });
    placed.instanceId = order.body.workflowInstanceId;
    expect(placed.instanceId).toBeTruthy();
    // above PLATINUM's 500,000.00, and 471,392.00 payable exceeds what is left of D05's credit with its receivables:
    // the regional manager of R-SOUTH, then the finance manager
    const timeline = page.getByTestId('order-timeline');
    await expect.poll(() => timeline.textContent(), { timeout: 15_000 }).toContain('待 陈静 审批');
    const text = (await timeline.textContent())!;
    // worded by the routing rule set's own labels, the manifest's role names and the region tree
    expect(text).toContain('审批结论：需要审批');
    expect(text).toContain('审批步骤：大区经理（华南大区） → 财务经理');
    expect(text).toContain('订单金额超过 50 万（白金）');
    expect(text).toContain('超出可用信用额度');
    await screenshot(page, 'loop-order-submitted');
  });

  it('chenjing finds the task in 待办, reads the order read-only with why and the history, and approves with a comment', async () => {
    const { context, page } = await newStudioPage(browser);
    try {
      await logInToStudio(page, 'chenjing');
      await page.getByTestId('main-menu').getByText('待办中心').click();
      await page.waitForURL('**/studio/inbox**');
      const row = page.getByTestId(`inbox-row-${placed.instanceId}`);
      await row.waitFor();
      expect(await row.getByTestId('row-amount').textContent()).toBe('¥521,392.00');
      expect(await row.textContent()).toContain('深圳华芯城');
      await expect.poll(() => page.locator('.ant-spin-spinning').count()).toBe(0);
      await screenshot(page, 'loop-inbox-list');

      await row.click();
      await page.getByTestId('task-detail').waitFor();
      const form = page.getByTestId('task-form');
      const table = form.getByTestId('lines-lines');
      await table.waitFor();
      const values = () => form.locator('input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
      await expect.poll(values).toEqual(expect.arrayContaining(['60000', '7000', '50000.00']));
      // the lines table's cells are disabled, and it offers neither adding nor deleting a line
      const cells = await table.locator('.ant-table-tbody input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).disabled));
      expect(cells.length).toBeGreaterThanOrEqual(4);
      expect(cells.every(Boolean)).toBe(true);
      expect(await table.locator('.ant-table-tbody .ant-select:not(.ant-select-disabled)').count()).toBe(0);
      expect(await form.getByTestId('lines-lines-add').count()).toBe(0);
      expect(await form.locator('input:enabled:not([type="hidden"]), textarea:enabled').count()).toBe(0);

      const why = page.getByTestId('task-explanation');
      await expect.poll(() => why.textContent()).toContain(`订单 ${placed.orderNo}`);
      const whyText = (await why.textContent())!;
      expect(whyText).toContain('订单金额 ¥521,392.00 · 返利抵扣 ¥50,000.00 · 应付 ¥471,392.00');
      // the routing rule's results in its own labels, with the manifest's role names and the region's name
      expect(whyText).toContain('审批步骤：大区经理（华南大区） → 财务经理');
      const history = page.getByTestId('task-history');
      await expect.poll(() => history.textContent()).toContain('发起了流程');
      expect(await history.textContent()).toContain('待 陈静 处理');
      await screenshot(page, 'loop-inbox-task-detail');

      await page.getByTestId('btn-approve').click();
      await page.getByTestId('action-comment').fill('华南大客户备货，价格符合政策，同意');
      await page.getByTestId('btn-action-confirm').click();
      await page.waitForURL(/\/studio\/inbox\?box=todo/);
      await page.getByTestId('inbox-table').waitFor();
      await expect.poll(() => page.getByTestId(`inbox-row-${placed.instanceId}`).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('sunli approves it with 批量同意', async () => {
    const { context, page } = await newStudioPage(browser);
    try {
      await logInToStudio(page, 'sunli');
      await page.goto('/studio/inbox');
      const row = page.getByTestId(`inbox-row-${placed.instanceId}`);
      await row.waitFor();
      expect(await row.getByTestId('row-amount').textContent()).toBe('¥521,392.00');
      await row.locator('.ant-checkbox-input').check();
      await page.getByTestId('btn-bulk-approve').click();
      await page.getByTestId('bulk-comment').fill('信用超额已核实回款计划，同意');
      await page.getByTestId('btn-bulk-confirm').click();
      const results = page.getByTestId('bulk-results');
      await results.waitFor();
      expect(await results.textContent()).toContain('1 项已同意');
      expect(await page.getByTestId('bulk-result-ok').textContent()).toContain('深圳华芯城');
      expect(await page.getByTestId('bulk-result-failed').count()).toBe(0);
      await page.getByTestId('btn-bulk-close').click();
      await expect.poll(() => page.getByTestId(`inbox-row-${placed.instanceId}`).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it("d05.buyer sees the order ALLOCATED from WH-SZ, every step in its timeline, the stock allocated and the rebate consumed", async () => {
    const { page } = d05;
    // the flow's actions run as jobs a moment after the last approval
    await expect.poll(async () => (await apiGet(page, `/api/orders/${placed.id}`)).body.status, { timeout: 30_000, interval: 500 }).toBe('ALLOCATED');
    await page.goto(`/studio/portal/orders/${placed.id}`);
    const detail = page.getByTestId('order-detail');
    await detail.waitFor();
    expect(await detail.getByTestId('order-status').getAttribute('data-status')).toBe('ALLOCATED');

    const timeline = page.getByTestId('order-timeline');
    await expect.poll(() => timeline.getByTestId('timeline-item').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(8);
    const steps = await timeline.getByTestId('timeline-item').evaluateAll((els) => els.map((e) => [e.getAttribute('data-kind') ?? '', e.textContent ?? ''] as [string, string]));
    const kinds = steps.map(([k]) => k);
    const textOf = (kind: string) => steps.filter(([k]) => k === kind).map(([, t]) => t);
    expect(textOf('created')).toEqual([expect.stringContaining(`创建订单 ${placed.orderNo}（¥521,392.00）`)]);
    for (const kind of ['submitted', 'routed', 'approvalAssigned', 'approvalApproved', 'rebateConsumed', 'stockAllocated', 'approved']) expect(kinds).toContain(kind);
    expect(textOf('approvalAssigned')).toEqual([expect.stringContaining('待 陈静 审批'), expect.stringContaining('待 孙丽 审批')]);
    expect(textOf('approvalApproved')).toEqual([
      expect.stringContaining('陈静 审批通过'), expect.stringContaining('孙丽 审批通过'),
    ]);
    expect(textOf('approvalApproved')[0]).toContain('华南大客户备货，价格符合政策，同意');
    expect(textOf('approvalApproved')[1]).toContain('信用超额已核实回款计划，同意');
    expect(textOf('rebateConsumed')).toEqual([expect.stringContaining('返利抵扣 ¥50,000.00 已从返利账户扣减')]);
    expect(textOf('stockAllocated')).toEqual([expect.stringContaining('已从 WH-SZ')]);
    expect(textOf('approved')).toEqual([expect.stringContaining('审批通过（订单状态：已分配库存）')]);
    // in order: submitted, 陈静 decides before 孙丽 is asked, the stock after the approvals
    const firstOf = (kind: string, text = '') => steps.findIndex(([k, t]) => k === kind && t.includes(text));
    expect(firstOf('submitted')).toBeLessThan(firstOf('approvalAssigned', '陈静'));
    expect(firstOf('approvalApproved', '陈静')).toBeLessThan(firstOf('approvalAssigned', '孙丽'));
    expect(firstOf('approvalApproved', '孙丽')).toBeLessThan(firstOf('stockAllocated'));
    await timeline.scrollIntoViewIfNeeded();
    await screenshot(page, 'loop-order-timeline');

    // the records behind it, read with the dealer's own token
    const order = (await apiGet(page, `/api/orders/${placed.id}`)).body;
    expect(order.status).toBe('ALLOCATED');
    expect(order.lines.map((l: { sku: string; qty: number; allocatedWarehouse: string }) => [l.sku, l.qty, l.allocatedWarehouse])).toEqual([
      ['MCU-F103', 60000, 'WH-SZ'], ['RF-WIFI6', 7000, 'WH-SZ'],
    ]);
    expect(order.allocation).toMatchObject({ status: 'SINGLE', allocations: [{ warehouse: 'WH-SZ' }] });

    const dealerF103 = (await apiGet(page, '/api/inventory?sku=MCU-F103')).body as Stock[];
    expect(at(dealerF103, 'WH-SZ').atp).toBe(at(before.dealerF103, 'WH-SZ').atp - 60000);
    expect(at(dealerF103, 'WH-SZ').allocated).toBeUndefined(); // a dealer sees ATP only
    const f103 = (await staffGet('/api/inventory?sku=MCU-F103')) as Stock[];
    const wifi6 = (await staffGet('/api/inventory?sku=RF-WIFI6')) as Stock[];
    expect(at(f103, 'WH-SZ').allocated).toBe(at(before.f103, 'WH-SZ').allocated! + 60000);
    expect(at(f103, 'WH-SZ').onHand).toBe(at(before.f103, 'WH-SZ').onHand);
    expect(at(wifi6, 'WH-SZ').allocated).toBe(at(before.wifi6, 'WH-SZ').allocated! + 7000);
    for (const w of ['WH-SH', 'WH-TJ']) {
      expect(at(f103, w).allocated).toBe(at(before.f103, w).allocated);
      expect(at(wifi6, w).allocated).toBe(at(before.wifi6, w).allocated);
    }

    const account = (await apiGet(page, '/api/rebates/account')).body;
    expect(new Dec(before.rebateAvailable).minus(account.available).toFixed(2)).toBe('50000.00');
    const consumed = account.entries.filter((e: { orderId: string | null }) => e.orderId === placed.id);
    let consumedTotal = new Dec(0);
    for (const e of consumed as { amount: string }[]) consumedTotal = consumedTotal.plus(e.amount);
    expect(consumedTotal.toFixed(2)).toBe('-50000.00');
  });

  it("d06.buyer does not see D05's order: not in its list, not-found when opened, 404 from the API", async () => {
    const d06 = await newStudioPage(browser, phone);
    try {
      const { page } = d06;
      await logInToStudio(page, 'd06.buyer');
      await page.waitForURL('**/studio/portal');
      await page.getByTestId('portal-tab-orders').click();
      await page.getByTestId('my-orders').waitFor();
      await expect.poll(() => page.getByTestId('my-orders').textContent()).toMatch(/共 \d+ 单/);
      expect(await page.getByTestId('my-orders').textContent()).not.toContain(placed.orderNo);
      expect(await page.locator(`[data-testid="order-card"][data-order-no="${placed.orderNo}"]`).count()).toBe(0);
      await page.goto(`/studio/portal/orders/${placed.id}`);
      await page.getByTestId('order-not-found').waitFor();
      expect((await apiGet(page, `/api/orders/${placed.id}`)).status).toBe(404);
      expect((await apiGet(page, `/api/orders/${placed.id}/timeline`)).status).toBe(404);
      await screenshot(page, 'loop-d06-not-found');
    } finally {
      await d06.context.close();
    }
  });
});
