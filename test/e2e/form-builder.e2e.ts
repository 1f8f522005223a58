import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logInToStudio, newStudioPage, screenshot } from './support/browser.js';

/** Picks an option of an antd Select opened by clicking `trigger`. */
async function choose(page: Page, trigger: ReturnType<Page['locator']>, option: string | RegExp) {
  await trigger.click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

describe('form builder', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('creates a form with a required text, a conditional money field and a select; the preview checks it in Chinese; it is saved and published', async () => {
    const { context, page } = await newStudioPage(browser);
    const key = `e2e-claim-${Date.now().toString(36)}`;
    await logInToStudio(page, 'hefang');
    await page.goto('/studio/forms');
    await page.getByTestId('forms-table').waitFor();
    await expect.poll(() => page.getByTestId('forms-table').textContent()).toContain('dealer-order');

    await page.getByTestId('btn-new-form').click();
    await page.getByTestId('new-form-key').fill(key);
    await page.getByTestId('new-form-zh').fill('返利申请（测试）');
    await page.getByTestId('new-form-en').fill('Rebate claim (test)');
    await page.getByTestId('btn-create-form').click();
    await page.waitForURL(`**/studio/forms/${key}`);
    await page.getByTestId('form-preview').waitFor();

    // a text field, required
    await page.getByTestId('field-palette-text').click();
    await page.getByTestId('form-field-text1').waitFor();
    await page.getByTestId('prop-label-zh').fill('联系人');
    await page.getByTestId('prop-required').click();
    // a select with fixed options
    await page.getByTestId('field-palette-select').click();
    await page.getByTestId('form-field-choice1').waitFor();
    await page.getByTestId('prop-label-zh').fill('申请类型');
    // a money field shown only when the select is 选项一 (A), required then
    await page.getByTestId('field-palette-money').click();
    await page.getByTestId('form-field-amount1').waitFor();
    await page.getByTestId('prop-label-zh').fill('申请金额');
    await page.getByTestId('prop-required').click();
    await choose(page, page.getByTestId('prop-visible-field'), 'choice1');
    await expect.poll(() => page.getByTestId('form-field-amount1').textContent()).toContain('choice1 = A');

    // undo and redo one edit exactly
    await page.getByTestId('field-palette-checkbox').click();
    await page.getByTestId('form-field-flag1').waitFor();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.getByTestId('btn-undo').click();
    await expect.poll(() => page.getByTestId('form-field-flag1').count()).toBe(0);
    await page.getByTestId('btn-redo').click();
    await page.getByTestId('form-field-flag1').waitFor();
    await page.getByTestId('btn-field-remove-flag1').click();
    await expect.poll(() => page.getByTestId('form-field-flag1').count()).toBe(0);

    // the preview follows the edits: the labels are there, the conditional field is hidden
    const preview = page.getByTestId('form-preview');
    await expect.poll(() => preview.textContent()).toContain('联系人');
    expect(await preview.textContent()).toContain('申请类型');
    expect(await page.locator('#root_amount1').isVisible().catch(() => false)).toBe(false);
    await page.getByTestId('form-field-text1').click();
    await screenshot(page, 'form-builder-editing');

    // submitted empty: the required field is named in Chinese
    await page.getByTestId('btn-preview-submit').click();
    await expect.poll(() => page.getByTestId('form-errors').textContent()).toContain('请填写联系人');
    expect(await preview.textContent()).toContain('请填写联系人');
    await screenshot(page, 'form-builder-preview-errors');

    // choosing 选项一 shows the money field, which is then required
    await preview.locator('#root_text1').fill('张三');
    await choose(page, preview.locator('.ant-select').first(), '选项一');
    await preview.locator('#root_amount1').waitFor();
    await page.getByTestId('btn-preview-submit').click();
    await expect.poll(() => page.getByTestId('form-errors').textContent()).toContain('请填写申请金额');
    await preview.locator('#root_amount1').fill('1234.5');
    await preview.locator('#root_text1').click();
    expect(await preview.locator('#root_amount1').inputValue()).toBe('1234.50');
    await page.getByTestId('btn-preview-submit').click();
    await page.getByTestId('preview-valid').waitFor();
    const submitted = JSON.parse((await page.getByTestId('preview-valid').locator('pre').textContent())!);
    expect(submitted).toEqual({ text1: '张三', choice1: 'A', amount1: '1234.50' });
    await screenshot(page, 'form-builder-preview-valid');

    // save, validate on the server, publish
    await page.getByTestId('btn-save').click();
    await expect.poll(() => page.getByTestId('save-state').textContent()).toContain('草稿已自动保存');
    await page.getByTestId('btn-validate').click();
    await expect.poll(() => page.getByTestId('form-problems').textContent()).toContain('校验通过');
    await page.getByTestId('btn-publish').click();
    await expect.poll(() => page.getByTestId('form-version').textContent()).toContain('已发布');
    await screenshot(page, 'form-builder-published');

    // the server holds what the builder showed: the conditional rule is in the published schema
    const stored = await page.evaluate(async (k) => {
      const headers = { authorization: `Bearer ${localStorage.getItem('cf.token')}` };
      const versions = await (await fetch(`/api/forms/${k}/versions`, { headers })).json();
      const v = await (await fetch(`/api/forms/${k}/versions/${versions[0].version}`, { headers })).json();
      return { status: versions[0].status, schema: v.document.schema };
    }, key);
    expect(stored.status).toBe('PUBLISHED');
    expect(stored.schema.required).toEqual(['text1']);
    expect(stored.schema.allOf).toEqual([{ if: { properties: { choice1: { const: 'A' } }, required: ['choice1'] }, then: { required: ['amount1'] }, else: { not: { required: ['amount1'] } } }]);
    await context.close();
  });

  it('uploads the business licence of the onboarding form first and keeps only its id in the data', async () => {
    const { context, page } = await newStudioPage(browser);
    await logInToStudio(page, 'hefang');
    await page.goto('/studio/forms/dealer-onboarding');
    const preview = page.getByTestId('form-preview');
    await preview.locator('#root_companyName').waitFor();
    await preview.locator('#root_companyName').fill('测试电子有限公司');
    await preview.locator('#root_unifiedSocialCreditCode').fill('91440300MA5G123456');
    await preview.locator('#root_homeRegion').fill('R-SOUTH');
    await preview.locator('#root_requestedRegions').fill('SOUTH-GD');
    await preview.locator('#root_requestedRegions').press('Enter');
    await preview.locator('#root_contactName').fill('李四');
    await preview.locator('#root_contactPhone').fill('13800138000');
    await preview.locator('input[type=file]').setInputFiles({ name: 'licence.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 test licence') });
    await expect.poll(() => preview.textContent()).toContain('licence.pdf');
    await page.getByTestId('btn-preview-submit').click();
    await page.getByTestId('preview-valid').waitFor();
    const data = JSON.parse((await page.getByTestId('preview-valid').locator('pre').textContent())!);
    expect(data.businessLicenseFileId).toMatch(/^[0-9a-f-]{36}$/);
    expect(data.requestedRegions).toEqual(['SOUTH-GD']);
    expect(JSON.stringify(data)).not.toContain('base64');
    await screenshot(page, 'form-builder-upload');
    await context.close();
  });

  it('opens the acme-chips dealer order form with its lines table and money field in the preview', async () => {
    const { context, page } = await newStudioPage(browser);
    await logInToStudio(page, 'hefang');
    await page.goto('/studio/forms/dealer-order');
    await page.getByTestId('form-field-lines').waitFor();
    const preview = page.getByTestId('form-preview');
    await preview.getByTestId('lines-lines-add').click();
    await preview.getByTestId('lines-lines-0-sku').fill('MCU-F103');
    await page.getByTestId('form-field-lines').click();
    expect(await page.getByTestId('field-props').textContent()).toContain('表格列');
    await screenshot(page, 'form-builder-dealer-order');
    await context.close();
  });
});
