import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logInToStudio, newStudioPage, screenshot } from './support/browser.js';

/**
 * The studio's extension points page: each demo tenant's admin sees every point with its contract and
 * its own tenant's binding (acme-chips' pricing, qingquan-beverage's price list), in Chinese first.
 */
describe('extension points view', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchBrowser(); });
  afterAll(async () => { await browser?.close(); });

  it.each([
    { tenant: 'acme-chips', login: 'hefang', pricing: '订单定价（等级价 × 阶梯价）' },
    { tenant: 'qingquan-beverage', login: 'songjia', pricing: '订货定价（区域等级价目表 + 促销 + 运费）' },
  ])('$tenant: every point, its contract and the tenant’s own binding', async ({ tenant, login, pricing }) => {
    const { context, page } = await newStudioPage(browser);
    await logInToStudio(page, login, tenant);
    await page.goto('/studio/extension-points');
    const card = page.getByTestId('point-orderPricing');
    await card.waitFor();
    await expect.poll(() => card.textContent()).toContain(pricing);
    expect(await page.locator('[data-testid^="point-"]').count()).toBe(7);
    await card.getByText('规则集必须给出的输出').click();
    await expect.poll(() => card.textContent()).toContain('orderAmount');
    expect(await card.textContent()).toContain('订单金额');
    await screenshot(page, `extension-points-${tenant}`);
    await context.close();
  });
});
