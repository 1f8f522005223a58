import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logInToStudio, newStudioPage, screenshot } from './support/browser.js';

const phone = { width: 390, height: 844 };

/** A fetch from inside the page with the signed-in user's own token. */
async function apiStatus(page: Page, url: string): Promise<number> {
  return page.evaluate(async (u) => (await fetch(u, { headers: { authorization: `Bearer ${localStorage.getItem('cf.token')}` } })).status, url);
}

describe('dealer portal on a phone', () => {
  let browser: Browser;
  let d05: { context: BrowserContext; page: Page };
  const placed = { id: '', orderNo: '' };

  beforeAll(async () => {
    browser = await launchBrowser();
    d05 = await newStudioPage(browser, phone);
  });
  afterAll(async () => {
    await d05?.context.close();
    await browser?.close();
  });

  it('d05.buyer logs in and lands on the portal; the catalogue shows its tier’s prices in the tenant’s words, searches and filters by category', async () => {
    const { page } = d05;
    await logInToStudio(page, 'd05.buyer');
    await page.waitForURL('**/studio/portal');
    await page.getByTestId('portal-tabs').waitFor();
    const h743 = page.locator('[data-testid="product-card"][data-sku="MCU-H743"]');
    await h743.waitFor();
    // MCU at PLATINUM (白金 in the tenant's dictionary): 12% off 48.00, the adjustment in the pricing rule set's words
    expect(await h743.getByTestId('my-price').textContent()).toMatch(/白金.*¥42\.24/);
    expect(await h743.getByTestId('price-adjustments').textContent()).toContain('等级折扣 12%');
    const a100 = page.locator('[data-testid="product-card"][data-sku="MCU-A100"]');
    expect(await a100.getByTestId('price-adjustments').textContent()).toContain('最高折扣限制'); // capped at the product's maximum
    expect(await page.getByTestId('catalogue-tier').textContent()).toContain('白金');
    expect(await h743.getByTestId('product-category').textContent()).toBe('微控制器');
    await screenshot(page, 'portal-catalogue');

    await page.getByTestId('catalogue-category').getByText('射频与无线', { exact: true }).click();
    await expect.poll(async () => page.locator('[data-testid="product-card"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-sku')))).toEqual(['RF-BLE52', 'RF-WIFI6', 'RF-SUB1G']);
    await page.getByTestId('catalogue-category').getByText('全部').click();
    await page.getByTestId('catalogue-search').locator('input').fill('H743');
    await page.getByTestId('catalogue-search').locator('input').press('Enter');
    await expect.poll(() => page.locator('[data-testid="product-card"]').count()).toBe(1);
    await page.getByTestId('pick-MCU-H743').click();
    await page.getByTestId('catalogue-search').locator('input').fill('WIFI6');
    await page.getByTestId('catalogue-search').locator('input').press('Enter');
    await expect.poll(() => page.locator('[data-testid="product-card"]').count()).toBe(1);
    await page.getByTestId('pick-RF-WIFI6').click();
    await page.getByTestId('btn-order-picked').click();
    await page.waitForURL('**/studio/portal/order?sku=MCU-H743&sku=RF-WIFI6');
  });

  it('fills the tenant order form, sees the price breakdown and why, and submits', async () => {
    const { page } = d05;
    await page.getByTestId('place-order').waitFor();
    // the lines come from the catalogue; quantities per line
    await page.getByTestId('lines-lines-0-qty').fill('10000');
    await page.getByTestId('lines-lines-1-qty').fill('5000');
    // the ship-to from the region tree: a leaf
    await page.locator('#root_shipToRegion').click();
    await page.locator('.ant-select-dropdown:visible').getByText('深圳（SOUTH-SZ）').click();
    await page.getByTestId('order-address').fill('深圳市福田区深南大道 1 号 张三 13800000000');
    await page.locator('#root_requestedOffset').fill('10000');
    await page.locator('#root_requestedOffset').blur();
    await screenshot(page, 'portal-order-form');

    await page.getByTestId('btn-quote').click();
    const breakdown = page.getByTestId('price-breakdown');
    await breakdown.waitFor();
    // 48.00 × 10,000 × (1 − 12%)(1 − 2%) = 413,952.00; 28.00 × 5,000 × (1 − 8%)(1 − 2%) = 126,224.00
    const lines = breakdown.getByTestId('breakdown-line');
    expect(await lines.count()).toBe(2);
    expect(await lines.nth(0).locator('[data-testid="adjustment-label"][data-code="TIER_DISCOUNT"]').textContent()).toBe('等级折扣 12%');
    expect(await lines.nth(0).locator('[data-testid="adjustment-label"][data-code="QUANTITY_BREAK"]').textContent()).toBe('阶梯折扣 2%');
    expect(await lines.nth(0).getByTestId('line-amount').textContent()).toBe('¥413,952.00');
    expect(await lines.nth(1).getByTestId('line-amount').textContent()).toBe('¥126,224.00');
    expect(await breakdown.getByTestId('order-amount').textContent()).toBe('¥540,176.00');
    // D05 has 800,000.00 available; at most 10% of the order may be offset, so all 10,000.00 asked for applies
    expect(await breakdown.getByTestId('applied-offset').textContent()).toBe('−¥10,000.00');
    expect(await breakdown.getByTestId('payable-amount').textContent()).toBe('¥530,176.00');
    const why = await breakdown.getByTestId('price-explanation').textContent();
    expect(why).toContain('等级折扣 12%');
    expect(why).toContain('阶梯折扣 2%');
    expect(why).toContain('MCU-H743');
    await breakdown.getByTestId('breakdown-totals').scrollIntoViewIfNeeded();
    await screenshot(page, 'portal-order-breakdown');
    // the same reasons in English
    await page.getByTestId('locale-switch').getByText('EN').click();
    await expect.poll(() => breakdown.getByTestId('price-explanation').textContent()).toContain('Tier discount 12%');
    await page.getByTestId('locale-switch').getByText('中').click();

    await page.getByTestId('btn-submit-order').click();
    await page.waitForURL('**/studio/portal/orders/*');
    const detail = page.getByTestId('order-detail');
    await detail.waitFor();
    placed.id = (await detail.getAttribute('data-order-id'))!;
    placed.orderNo = (await page.getByTestId('order-no').textContent())!;
    expect(placed.orderNo).toMatch(/^SO\d{8}-/);
    // above PLATINUM's 500,000.00: the regional manager approves, so it waits in approval
    expect(await detail.getByTestId('order-status').getAttribute('data-status')).toBe('SUBMITTED');
  });

  it('shows the order in my orders, and its detail with lines, amounts and the status timeline', async () => {
    const { page } = d05;
    const timeline = page.getByTestId('order-timeline');
    await expect.poll(() => timeline.getByTestId('timeline-item').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    expect(await timeline.textContent()).toContain('提交');
    expect(await page.getByTestId('payable-amount').textContent()).toBe('¥530,176.00');
    await screenshot(page, 'portal-order-detail');

    await page.getByTestId('portal-tab-orders').click();
    const card = page.locator(`[data-testid="order-card"][data-order-no="${placed.orderNo}"]`);
    await card.waitFor();
    expect(await card.getByTestId('order-status').getAttribute('data-status')).toBe('SUBMITTED');
    await screenshot(page, 'portal-orders');
  });

  it('cancels an undecided order: the approval is withdrawn and the timeline says so', async () => {
    const { page } = d05;
    await page.locator(`[data-testid="order-card"][data-order-no="${placed.orderNo}"]`).click();
    await page.getByTestId('btn-cancel-order').click();
    await page.getByTestId('btn-cancel-confirm').click();
    await expect.poll(() => page.getByTestId('order-detail').getByTestId('order-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('CANCELLED');
    await expect.poll(() => page.getByTestId('order-timeline').textContent(), { timeout: 15_000 }).toContain('取消');
    await screenshot(page, 'portal-order-cancelled');
    expect(await page.getByTestId('btn-cancel-order').count()).toBe(0);
  });

  it('shows my rebate account and statements, my credit, and who may apply for onboarding', async () => {
    const { page } = d05;
    await page.getByTestId('portal-tab-account').click();
    await page.getByTestId('rebate-available').waitFor();
    await screenshot(page, 'portal-rebates');
    await page.getByTestId('account-switch').getByText('信用').click();
    await page.getByTestId('credit-available').waitFor();
    expect(await page.getByTestId('credit').textContent()).toContain('¥10,000,000.00'); // D05's credit limit
    await screenshot(page, 'portal-credit');

    await page.getByTestId('portal-tab-onboarding').click();
    await page.getByTestId('onboarding-filed-under').waitFor();
    expect(await page.getByTestId('onboarding-filed-under').textContent()).toContain('D05');
    expect(await page.getByTestId('onboarding-who').textContent()).toContain('未限定发起人');
    await page.getByTestId('btn-onboarding-submit').waitFor();
    await screenshot(page, 'portal-onboarding');
    await page.locator('#root_companyName').fill('深圳华芯城微电子有限公司');
    await page.locator('#root_unifiedSocialCreditCode').fill('91440300MA5F12340X');
    await page.locator('#root_homeRegion').fill('R-SOUTH');
    await page.locator('#root_contactName').fill('李四');
    await page.locator('#root_contactPhone').fill('13800000001');
    await page.getByTestId('btn-onboarding-submit').click();
    await page.getByTestId('onboarding-started').waitFor();
    await expect.poll(() => page.getByTestId('onboarding-application').count()).toBe(1);
    // filed under D05, whose code the flow's activateDealer step reads
    const started = await page.evaluate(async () => {
      const headers = { authorization: `Bearer ${localStorage.getItem('cf.token')}` };
      const [mine] = await (await fetch('/api/instances?definition=dealer-onboarding&mine=true', { headers })).json();
      return (await fetch(`/api/instances/${mine.id}`, { headers })).json();
    });
    expect(started.variables).toMatchObject({ dealerCode: 'D05', application: { companyName: '深圳华芯城微电子有限公司', contactPhone: '13800000001' } });
    await screenshot(page, 'portal-onboarding-submitted');

    // the same portal on a desktop: one readable column, the tab bar under it
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('portal-tab-catalogue').click();
    await page.locator('[data-testid="product-card"]').first().waitFor();
    const column = await page.locator('.cf-portal-column').boundingBox();
    expect(column!.width).toBeLessThanOrEqual(560);
    await screenshot(page, 'portal-catalogue-desktop');
    await page.setViewportSize(phone);
  });

  it("d06.buyer's portal does not list D05's order, and opening D05's order shows not-found (the API answers 404)", async () => {
    const d06 = await newStudioPage(browser, phone);
    try {
      const { page } = d06;
      await logInToStudio(page, 'd06.buyer');
      await page.waitForURL('**/studio/portal');
      await page.getByTestId('portal-tab-orders').click();
      await page.getByTestId('my-orders').waitFor();
      await expect.poll(() => page.getByTestId('my-orders').textContent()).toMatch(/共 \d+ 单/);
      expect(await page.getByTestId('my-orders').textContent()).not.toContain(placed.orderNo);
      await page.goto(`/studio/portal/orders/${placed.id}`);
      await page.getByTestId('order-not-found').waitFor();
      expect(await apiStatus(page, `/api/orders/${placed.id}`)).toBe(404);
      expect(await apiStatus(page, `/api/orders/${placed.id}/timeline`)).toBe(404);
      await screenshot(page, 'portal-order-not-found');
    } finally {
      await d06.context.close();
    }
  });
});
