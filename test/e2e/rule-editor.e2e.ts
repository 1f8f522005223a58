import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../support/fixtures.js';
import { baseUrl, launchBrowser, logInToStudio, newStudioPage, screenshot } from './support/browser.js';

/** A copy of the shipped order-pricing rule set under its own key, so editing it disturbs no other test. */
const KEY = `pricing-e2e-${Date.now().toString(36)}`;

async function createCopy(): Promise<void> {
  const login = await fetch(new URL('/api/auth/login', baseUrl()), {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'acme-chips', login: 'hefang', password: TEST_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const doc = JSON.parse(readFileSync(new URL('../../server/seed/acme-chips/rule-sets/order-pricing.json', import.meta.url), 'utf8'));
  const res = await fetch(new URL('/api/rule-sets', baseUrl()), {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ ...doc, key: KEY, name: { zh: '订单定价（测试副本）', en: 'Order pricing (test copy)' } }),
  });
  expect(res.status).toBe(201);
}

const statuses = (page: Page) => page.locator('[data-testid^="test-case-"][data-status]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));

async function editCell(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).click();
  const input = page.getByTestId(testId).locator('input');
  await input.fill(text);
  await input.press('Enter');
}

describe('rule editor', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    await createCopy();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists the rule sets, runs the test cases green, turns one red by a cell edit (diff + trace), back green, undo/redo and autosave', async () => {
    const { context, page } = await newStudioPage(browser);
    await logInToStudio(page, 'hefang');
    await page.goto('/studio/rule-sets');
    await page.getByTestId('rule-set-order-pricing').waitFor();
    await page.getByTestId(`rule-set-${KEY}`).waitFor();
    await screenshot(page, 'rule-editor-list');

    await page.getByTestId(`rule-set-${KEY}`).click();
    await page.getByTestId('step-price-lines/tier-price-discount').click();
    await page.getByTestId('rule-grid').waitFor();
    expect(await page.getByTestId('cell-0-2').textContent()).toBe('0.12');

    await page.getByTestId('btn-run-tests').click();
    await expect.poll(() => statuses(page)).toEqual(Array(8).fill('pass'));
    await screenshot(page, 'rule-editor-grid-green');

    // PLATINUM × MCU: 12% → 15%: the first case (PLATINUM MCU-H743) fails with the diff and the matched row
    await editCell(page, 'cell-0-2', '0.15');
    await expect.poll(() => page.getByTestId('test-case-0').getAttribute('data-status')).toBe('fail');
    const detail = page.getByTestId('test-case-detail-0');
    await expect.poll(() => detail.getByTestId('test-diff').textContent()).toContain('lines/0/tierRate: expected "0.12", got "0.15"');
    const trace = await detail.getByTestId('test-trace').textContent();
    expect(trace).toContain('PLATINUM-MCU');
    expect(trace).toMatch(/orderAmount = ¥\d{1,3}(,\d{3})*\.\d{2}/);
    await screenshot(page, 'rule-editor-case-red');

    // back to 12%: green again; the draft is saved on its own
    await editCell(page, 'cell-0-2', '0.12');
    await expect.poll(() => statuses(page)).toEqual(Array(8).fill('pass'));
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 15_000 }).toMatch(/已保存/);

    // undo and redo by keyboard replay the two edits
    await page.getByTestId('rule-set-title').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('cell-0-2').textContent()).toBe('0.15');
    await expect.poll(() => page.getByTestId('test-case-0').getAttribute('data-status')).toBe('fail');
    await page.keyboard.press('Control+y');
    await expect.poll(() => page.getByTestId('cell-0-2').textContent()).toBe('0.12');
    await expect.poll(() => page.getByTestId('test-case-0').getAttribute('data-status')).toBe('pass');
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 15_000 }).toMatch(/已保存/);
    await context.close();
  });

  it('shows a cell error while typing an invalid value, keeps it red after commit, and publishes once fixed', async () => {
    const { context, page } = await newStudioPage(browser);
    await logInToStudio(page, 'hefang');
    await page.goto(`/studio/rule-sets/${KEY}`);
    await page.getByTestId('step-price-lines/quantity-price-break').click();
    await page.getByTestId('rule-grid').waitFor();

    await page.getByTestId('cell-0-1').click();
    await page.getByTestId('cell-0-1').locator('input').fill('[10000..lots)');
    await page.getByTestId('cell-error').waitFor();
    expect(await page.getByTestId('cell-error').textContent()).toMatch(/[\u4e00-\u9fa5]|range|pattern/);
    await screenshot(page, 'rule-editor-cell-error');
    await page.getByTestId('cell-0-1').locator('input').press('Enter');
    await expect.poll(() => page.getByTestId('cell-0-1').getAttribute('data-invalid')).toBe('true');
    await expect.poll(() => page.getByTestId('save-state').textContent()).toMatch(/未保存/);
    expect(await page.getByTestId('btn-publish').isDisabled()).toBe(true);

    await editCell(page, 'cell-0-1', '[10000..50000)');
    await expect.poll(() => page.getByTestId('cell-0-1').getAttribute('data-invalid')).toBeNull();
    await page.getByTestId('btn-save').click();
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 15_000 }).toMatch(/已保存/);
    await page.getByTestId('btn-publish').click();
    await expect.poll(() => page.getByTestId('version-tag').textContent(), { timeout: 15_000 }).toMatch(/已发布/);
    await page.getByTestId('btn-history').click();
    await page.getByTestId('version-history').waitFor();
    await screenshot(page, 'rule-editor-versions');
    await context.close();
  });
});
