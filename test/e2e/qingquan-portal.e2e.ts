import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logInToStudio, newStudioPage, screenshot } from './support/browser.js';

const phone = { width: 390, height: 844 };
const TENANT = 'qingquan-beverage';

/**
 * The second demo tenant in the dealer portal: a beverage maker whose tiers, price list, free
 * cases, freight, cash discount and required delivery date the platform names nowhere. Q04 (KA,
 * 湖北) orders 100 cases of water: 华中 KA 25.00 × 100 = 2,500.00; 10 free cases; −500.00 for the
 * full hundred; −1.5 % × 2,000.00 = −30.00; freight 2.00 × 110 cases = 220.00 → 2,190.00, which
 * its approval path lets through, and the order is allocated with its free cases.
 */
describe('qingquan-beverage: a dealer orders in the portal, priced and worded by its own rules', () => {
  let browser: Browser;
  let q04: { context: BrowserContext; page: Page };

  beforeAll(async () => {
    browser = await launchBrowser();
    q04 = await newStudioPage(browser, phone);
  });
  afterAll(async () => {
    await q04?.context.close();
    await browser?.close();
  });

  it('the catalogue shows Q04 its tier in the tenant’s words, the price list’s adjustment and the category labels', async () => {
    const { page } = q04;
    await logInToStudio(page, 'q04.buyer', TENANT);
    await page.waitForURL('**/studio/portal');
    const water = page.locator('[data-testid="product-card"][data-sku="QQ-W550"]');
    await water.waitFor();
    await expect.poll(() => page.getByTestId('catalogue-tier').textContent()).toContain('KA 重点客户');
    expect(await water.getByTestId('price-tier').textContent()).toBe('KA 重点客户');
    expect(await water.getByTestId('net-price').textContent()).toBe('¥25.00');
    expect(await water.getByTestId('price-adjustments').textContent()).toContain('区域等级价（价目表）');
    expect(await water.getByTestId('product-category').textContent()).toBe('饮用水');
    expect(await page.locator('[data-testid="my-price"]').first().textContent()).not.toMatch(/PLATINUM|白金|等级折扣/);
    await screenshot(page, 'qingquan-catalogue');
    await page.getByTestId('pick-QQ-W550').click();
    await page.getByTestId('btn-order-picked').click();
    await page.waitForURL('**/studio/portal/order?sku=QQ-W550');
  });

  it('the order form asks for the required delivery date, then prices 100 cases with free goods, order adjustments and freight: 2,190.00', async () => {
    const { page } = q04;
    await page.getByTestId('place-order').waitFor();
    await page.getByTestId('lines-lines-0-qty').fill('100');
    await page.locator('#root_shipToRegion').click();
    await page.locator('.ant-select-dropdown:visible').getByText('湖北（P-HB）').click();
    // the manifest's required order field is there, typed, and required before pricing
    const delivery = page.locator('#root_customFields_deliveryDate');
    await delivery.waitFor();
    await page.getByTestId('btn-quote').click();
    await page.getByTestId('form-errors').waitFor();
    expect(await page.getByTestId('price-breakdown').count()).toBe(0);
    await delivery.click();
    await delivery.fill('2026-12-20');
    await delivery.press('Enter');
    await page.getByTestId('order-address').click();
    await screenshot(page, 'qingquan-order-form');

    await page.getByTestId('btn-quote').click();
    const breakdown = page.getByTestId('price-breakdown');
    await breakdown.waitFor();
    expect(await breakdown.getByTestId('breakdown-tier').textContent()).toBe('KA 重点客户');
    const lines = breakdown.getByTestId('breakdown-line');
    expect(await lines.count()).toBe(2);
    const paid = lines.nth(0);
    expect(await paid.getByTestId('line-list-price').textContent()).toBe('¥30.00');
    expect(await paid.getByTestId('adjustment-label').first().textContent()).toBe('区域等级价（价目表）');
    expect(await paid.getByTestId('adjustment-amount').first().textContent()).toBe('−¥500.00');
    expect(await paid.getByTestId('line-net-price').textContent()).toBe('¥25.00');
    expect(await paid.getByTestId('line-amount').textContent()).toBe('¥2,500.00');
    const free = lines.nth(1);
    expect(await free.getAttribute('data-free')).toBe('true');
    expect(await free.getByTestId('line-free').textContent()).toBe('赠品');
    expect(await free.getByTestId('line-amount').textContent()).toBe('¥0.00');
    const orderAdjustments = await breakdown.getByTestId('order-adjustment').allTextContents();
    expect(orderAdjustments.slice(0, 3)).toEqual(['满 100 箱减 500 元', 'KA 现金折扣 1.5%', '运费（按省每箱）']);
    expect(await breakdown.getByTestId('adjustment-amount').allTextContents()).toEqual(expect.arrayContaining(['−¥500.00', '−¥30.00', '+¥220.00']));
    expect(await breakdown.getByTestId('order-amount').textContent()).toBe('¥2,190.00');
    expect(await breakdown.getByTestId('payable-amount').textContent()).toBe('¥2,190.00');
    const why = (await breakdown.getByTestId('price-explanation').textContent())!;
    expect(why).not.toMatch(/等级折扣|阶梯折扣|相乘叠加|10%/);
    await breakdown.getByTestId('breakdown-totals').scrollIntoViewIfNeeded();
    await screenshot(page, 'qingquan-order-breakdown');
  });

  it('submits; the order carries the delivery date, is approved by the tenant’s own path and allocated with its free cases', async () => {
    const { page } = q04;
    await page.getByTestId('btn-submit-order').click();
    await page.waitForURL('**/studio/portal/orders/*');
    const detail = page.getByTestId('order-detail');
    await detail.waitFor();
    const field = detail.locator('[data-testid="order-field"][data-key="deliveryDate"]');
    expect(await field.textContent()).toContain('要求到货日期');
    const id = (await detail.getAttribute('data-order-id'))!;
    const order = async () => page.evaluate(async (orderId) => (await fetch(`/api/orders/${orderId}`, { headers: { authorization: `Bearer ${localStorage.getItem('cf.token')}` } })).json(), id);
    await expect.poll(async () => (await order()).status, { timeout: 30_000 }).toBe('ALLOCATED');
    const placed = await order();
    expect(placed).toMatchObject({ orderAmount: '2190.00', payableAmount: '2190.00', customFields: { deliveryDate: '2026-12-20' } });
    expect(placed.lines.map((l: { sku: string; qty: number; free: boolean }) => [l.sku, l.qty, l.free])).toEqual([['QQ-W550', 100, false], ['QQ-W550', 10, true]]);
    await page.reload();
    await page.getByTestId('order-detail').waitFor();
    await expect.poll(() => page.getByTestId('order-status').getAttribute('data-status')).toBe('ALLOCATED');
    await screenshot(page, 'qingquan-order-detail');
  });
});
