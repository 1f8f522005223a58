import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, launchBrowser, logInToStudio, newStudioPage, screenshot } from './support/browser.js';
import { TEST_PASSWORD } from '../support/fixtures.js';

/**
 * The second demo tenant's order loop in the browser: a beverage dealer orders in cases with a
 * delivery date and a special-price request; the area manager, finance and the VP approve in turn
 * in their inboxes, then one of trade marketing (或签); the order ends ALLOCATED with its free cases.
 * Amounts by hand (server/seed/qingquan-beverage/README.md): 114,450.00 − 16,500.00 − 1,469.25
 * + 5,400.00 − 0.75 = 101,880.00; 20 % cap on the 30,000.00 offset asked → 20,376.00; payable 81,504.00.
 */
const TENANT = 'qingquan-beverage';
const phone = { width: 390, height: 844 };

async function apiGet(page: Page, url: string): Promise<{ status: number; body: any }> {
  return page.evaluate(async (u) => {
    const res = await fetch(u, { headers: { authorization: `Bearer ${localStorage.getItem('cf.token')}` } });
    return { status: res.status, body: await res.json().catch(() => null) };
  }, url);
}

async function staffGet(path: string): Promise<any> {
  const login = await fetch(new URL('/api/auth/login', baseUrl()), {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: TENANT, login: 'songjia', password: TEST_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const res = await fetch(new URL(path, baseUrl()), { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return res.json();
}

async function pickSku(page: Page, i: number, typed: string): Promise<void> {
  const row = page.getByTestId('lines-lines').locator('.ant-table-tbody tr.ant-table-row').nth(i);
  await row.locator('.ant-select').click();
  await page.keyboard.type(typed);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: typed }).first().click();
  await page.getByTestId(`lines-lines-${i}-qty`).waitFor();
}

describe('qingquan-beverage: a dealer orders in the portal, four approvers decide in the inbox (issue #14 part 8)', () => {
  let browser: Browser;
  let dealer: { context: BrowserContext; page: Page };
  const placed = { id: '', orderNo: '', instanceId: '' };

  beforeAll(async () => {
    browser = await launchBrowser();
    dealer = await newStudioPage(browser, phone);
  });
  afterAll(async () => {
    await dealer?.context.close();
    await browser?.close();
  });

  it('q01.buyer orders 2,000 + 1,000 + 300 cases with a delivery date and a special-price request, sees 101,880.00 and why, and submits', async () => {
    const { page } = dealer;
    await logInToStudio(page, 'q01.buyer', TENANT);
    await page.waitForURL('**/studio/portal');
    await page.getByTestId('portal-tab-order').click();
    await page.getByTestId('place-order').waitFor();
    for (const [i, name, qty] of [[0, '纯净水', '2000'], [1, '茉莉绿茶', '1000'], [2, '橙汁', '300']] as const) {
      await page.getByTestId('lines-lines-add').click();
      await pickSku(page, i, name);
      await page.getByTestId(`lines-lines-${i}-qty`).fill(qty);
    }
    await page.locator('#root_shipToRegion').click();
    await page.locator('.ant-select-dropdown:visible').getByText('浙江（P-ZJ）').click();
    await page.getByTestId('order-address').fill('杭州市钱塘区下沙路 88 号');
    await page.locator('#root_requestedOffset').fill('30000');
    await page.locator('#root_requestedOffset').blur();
    // the tenant's own order fields: a required delivery date, an optional special-price request
    await page.locator('#root_customFields_deliveryDate').click();
    await page.keyboard.type('2026-12-20');
    await page.keyboard.press('Enter');
    await page.locator('#root_customFields_specialPriceRequest').click();
    await page.locator('#root_customFields_specialPriceNote').fill('双十二门店堆头活动');
    await screenshot(page, 'qq-order-form');

    await page.getByTestId('btn-quote').click();
    const breakdown = page.getByTestId('price-breakdown');
    await breakdown.waitFor();
    const text = (await breakdown.textContent())!;
    // the tenant's adjustments, in its words
    for (const words of ['区域等级价（价目表）', '买十赠一（水、茶）', '满 100 箱减 500 元', 'KA 现金折扣', '运费（按省每箱）', '抹零（向下取整到元）']) expect(text).toContain(words);
    expect(await breakdown.getByTestId('order-amount').textContent()).toBe('¥101,880.00');
    expect(await breakdown.getByTestId('payable-amount').textContent()).toBe('¥81,504.00');
    expect(text).not.toMatch(/阶梯|等级折扣/);
    await screenshot(page, 'qq-order-breakdown');

    await page.getByTestId('btn-submit-order').click();
    await page.waitForURL('**/studio/portal/orders/*');
    const detail = page.getByTestId('order-detail');
    await detail.waitFor();
    placed.id = (await detail.getAttribute('data-order-id'))!;
    placed.orderNo = (await page.getByTestId('order-no').textContent())!;
    const order = (await apiGet(page, `/api/orders/${placed.id}`)).body;
    expect(order).toMatchObject({
      status: 'SUBMITTED', dealerCode: 'Q01', shipToRegion: 'P-ZJ', orderAmount: '101880.00', rebateOffset: '20376.00', payableAmount: '81504.00',
      customFields: { deliveryDate: '2026-12-20', specialPriceRequest: true, specialPriceNote: '双十二门店堆头活动' },
    });
    expect(order.lines.filter((l: { free: boolean }) => l.free).map((l: { sku: string; qty: number }) => [l.sku, l.qty])).toEqual([['QQ-W550', 200], ['QQ-T500G', 100]]);
    placed.instanceId = order.workflowInstanceId;
    const timeline = page.getByTestId('order-timeline');
    await expect.poll(() => timeline.textContent(), { timeout: 15_000 }).toContain('待 钱伟 审批');
    expect(await timeline.textContent()).toContain('区域经理（华东区） → 财务部 → 销售副总裁');
  });

  const approveInInbox = async (login: string, comment: string) => {
    const { context, page } = await newStudioPage(browser);
    try {
      await logInToStudio(page, login, TENANT);
      await page.goto('/studio/inbox');
      const row = page.getByTestId(`inbox-row-${placed.instanceId}`);
      await row.waitFor({ timeout: 30_000 });
      expect(await row.getByTestId('row-amount').textContent()).toBe('¥101,880.00');
      await row.click();
      await page.getByTestId('task-detail').waitFor();
      await page.getByTestId('btn-approve').click();
      await page.getByTestId('action-comment').fill(comment);
      await page.getByTestId('btn-action-confirm').click();
      await page.waitForURL(/\/studio\/inbox\?box=todo/);
      await expect.poll(() => page.getByTestId(`inbox-row-${placed.instanceId}`).count()).toBe(0);
    } finally {
      await context.close();
    }
  };

  it('钱伟 (area manager, 华东区), 周敏 (finance) and 郭建国 (VP) approve in their inboxes, in that order', async () => {
    await approveInInbox('qianwei', '华东重点客户，同意');
    await approveInInbox('zhoumin', '超信用部分已确认回款计划');
    await approveInInbox('guojg', '同意');
  });

  it('林晓 approves the special price for trade marketing (或签): 许静 no longer has it', async () => {
    await approveInInbox('linxiao', '特价同意，限本单');
    const { context, page } = await newStudioPage(browser);
    try {
      await logInToStudio(page, 'xujing', TENANT);
      await page.goto('/studio/inbox');
      await page.getByTestId('inbox-table').waitFor();
      await expect.poll(() => page.getByTestId(`inbox-row-${placed.instanceId}`).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('q01.buyer sees the order ALLOCATED from WH-HZ, free cases included, and the stock moved', async () => {
    const { page } = dealer;
    await expect.poll(async () => (await apiGet(page, `/api/orders/${placed.id}`)).body.status, { timeout: 30_000, interval: 500 }).toBe('ALLOCATED');
    await page.goto(`/studio/portal/orders/${placed.id}`);
    const detail = page.getByTestId('order-detail');
    await detail.waitFor();
    expect(await detail.getByTestId('order-status').getAttribute('data-status')).toBe('ALLOCATED');
    const timeline = page.getByTestId('order-timeline');
    await expect.poll(() => timeline.textContent(), { timeout: 15_000 }).toContain('林晓 审批通过');
    await screenshot(page, 'qq-order-allocated');
    const order = (await apiGet(page, `/api/orders/${placed.id}`)).body;
    expect(order.lines.map((l: { sku: string; qty: number; free: boolean; allocatedWarehouse: string }) => [l.sku, l.qty, l.free, l.allocatedWarehouse])).toEqual([
      ['QQ-W550', 2000, false, 'WH-HZ'], ['QQ-T500G', 1000, false, 'WH-HZ'], ['QQ-J1000', 300, false, 'WH-HZ'], ['QQ-W550', 200, true, 'WH-HZ'], ['QQ-T500G', 100, true, 'WH-HZ'],
    ]);
    const water = (await staffGet('/api/inventory?sku=QQ-W550')) as { warehouse: string; allocated: number }[];
    expect(water.find((r) => r.warehouse === 'WH-HZ')!.allocated).toBe(2200);
  });
});
