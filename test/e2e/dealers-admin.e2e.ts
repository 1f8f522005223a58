import { readFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createOrm } from '../../server/db/orm.js';
import { TEST_PASSWORD } from '../support/fixtures.js';
import { createAcmeCopy } from '../server/dms/dms-tenant.js';
import { baseUrl, launchBrowser, logInToStudio, newStudioPage, screenshot } from './support/browser.js';

async function apiAs(tenant: string, login: string) {
  const res = await fetch(new URL('/api/auth/login', baseUrl()), {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant, login, password: TEST_PASSWORD }),
  });
  const { token } = (await res.json()) as { token: string };
  return async (path: string) => (await fetch(new URL(path, baseUrl()), { headers: { authorization: `Bearer ${token}` } })).json();
}

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('经销商');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const tableCodes = async (page: import('playwright-core').Page) =>
  (await page.getByTestId('dealers-table').locator('tbody tr.ant-table-row td:first-child').allTextContents()).map((s) => s.trim());

describe('dealers admin view', () => {
  let browser: Browser;
  let orm: MikroORM;
  let tenant: string;
  beforeAll(async () => {
    // A private copy of acme-chips: the import adds a dealer, which other browser tests must not see.
    orm = await createOrm(inject('databaseUrl'), 2);
    tenant = (await createAcmeCopy(orm)).code;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await orm?.close(true);
  });

  it('hefang filters by tier, saves a view, reloads and picks it, exports, sees a bad file refused row by row, then imports the valid rows', async () => {
    const api = await apiAs(tenant, 'hefang');
    const { context, page } = await newStudioPage(browser);
    await logInToStudio(page, 'hefang', tenant);
    await page.getByTestId('main-menu').getByText('经销商').click();
    await page.waitForURL(/\/studio\/dealers/);
    await expect.poll(() => tableCodes(page), { timeout: 20_000 }).toContain('D12');

    // filter by tier: 黄金
    await page.getByTestId('filter-tier').click();
    await page.locator('.ant-select-dropdown:visible').getByText('黄金', { exact: true }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => tableCodes(page), { timeout: 20_000 }).toEqual(['D02', 'D06', 'D08', 'D11']);

    // the column chooser: hide 授权区域, show the custom field 认证 FAE 人数
    const headings = () => page.getByTestId('dealers-table').locator('thead th').allTextContents();
    await page.getByTestId('btn-columns').click();
    await page.getByTestId('column-chooser').getByText('授权区域').click();
    await page.getByTestId('column-chooser').getByText('认证 FAE 人数 Certified FAEs').click();
    await page.keyboard.press('Escape');
    await expect.poll(headings, { timeout: 20_000 }).toContain('认证 FAE 人数 Certified FAEs');
    expect(await headings()).not.toContain('授权区域');

    // save it as a shared view
    await page.getByTestId('btn-view-save-as').click();
    await page.getByTestId('input-view-name').fill('黄金经销商');
    await page.getByTestId('check-view-shared').click();
    await page.getByTestId('btn-view-save-confirm').click();
    await expect.poll(async () => (await api('/api/saved-views?table=dealers')).map((v: { name: string }) => v.name), { timeout: 20_000 }).toEqual(['黄金经销商']);

    // reload: the table is back to every dealer until the view is picked
    await page.reload();
    await expect.poll(() => tableCodes(page), { timeout: 20_000 }).toContain('D01');
    await page.getByTestId('saved-view-select').click();
    await page.locator('.ant-select-dropdown:visible').getByText('黄金经销商').click();
    await expect.poll(() => tableCodes(page), { timeout: 20_000 }).toEqual(['D02', 'D06', 'D08', 'D11']);
    await expect.poll(() => page.getByTestId('filter-tier').textContent(), { timeout: 20_000 }).toContain('黄金');
    expect(await headings()).not.toContain('授权区域');
    expect(await headings()).toContain('认证 FAE 人数 Certified FAEs');
    await page.waitForTimeout(300); // let the select's closing animation finish, for the screenshot only
    await screenshot(page, 'dealers-admin-saved-view');

    // export what the view shows
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('btn-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^经销商-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const exported = new ExcelJS.Workbook();
    await exported.xlsx.load(readFileSync((await download.path())!) as unknown as ExcelJS.Buffer);
    const codes: unknown[] = [];
    exported.worksheets[0].eachRow((row, n) => { if (n > 1) codes.push(row.getCell(1).value); });
    expect(codes).toEqual(['D02', 'D06', 'D08', 'D11']);
    expect(exported.worksheets[0].getRow(1).getCell(1).value).toBe('经销商编码');

    // import a file with one bad row: the dry run reports it, "import all" stays disabled, nothing changes
    const before = await api('/api/admin/dealers?limit=200');
    const file = await workbook([
      ['经销商编码', '名称', '等级', '状态', '所属大区', '授权区域', '信用额度'],
      ['E2E01', '浏览器测试经销商', 'SILVER', 'ACTIVE', 'R-EAST', 'EAST-SH', '500000.00'],
      ['E2E02', '等级写错的经销商', 'DIAMOND', 'ACTIVE', 'R-EAST', 'EAST-SH', '100000.005'],
    ]);
    await page.getByTestId('btn-import').click();
    await page.getByTestId('import-dialog').locator('input[type=file]').setInputFiles({ name: '经销商导入.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file });
    await page.getByTestId('import-has-errors').waitFor();
    const problems = page.getByTestId('import-problems');
    await expect.poll(() => problems.locator('tbody tr').count(), { timeout: 20_000 }).toBe(2);
    const text = (await problems.textContent())!;
    expect(text).toContain('等级不在租户的等级字典中');
    expect(text).toContain('金额须精确到分');
    expect(text).toContain('DIAMOND');
    expect(await page.getByTestId('btn-import-all').isDisabled()).toBe(true);
    await page.waitForTimeout(400); // the modal's opening animation, for the screenshot only
    await screenshot(page, 'dealers-admin-import-report');
    expect(await api('/api/admin/dealers?limit=200')).toEqual(before);

    // explicitly import only the valid rows
    await page.getByTestId('btn-import-valid').click();
    await page.getByTestId('import-result').waitFor();
    expect(await page.getByTestId('report-created').textContent()).toContain('1');
    const after = (await api('/api/admin/dealers?limit=200')).items.map((d: { code: string }) => d.code);
    expect(after).toContain('E2E01');
    expect(after).not.toContain('E2E02');
    await screenshot(page, 'dealers-admin-import-done');
    await page.getByTestId('btn-import-close').click();

    // the products tab lists the catalogue
    await page.getByTestId('admin-tabs').getByText('产品', { exact: true }).click();
    await expect.poll(() => page.getByTestId('products-table').textContent(), { timeout: 20_000 }).toContain('MCU-A100');
    await context.close();
  });
});
