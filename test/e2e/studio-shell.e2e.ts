import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logInToStudio, newStudioPage, screenshot } from './support/browser.js';

describe('studio shell', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('refuses a wrong password with the server’s Chinese message, then logs the business admin in', async () => {
    const { context, page } = await newStudioPage(browser);
    await page.goto('/studio/');
    await page.getByTestId('login-card').waitFor();
    await page.getByLabel('企业代码').fill('acme-chips');
    await page.getByLabel('账号').fill('hefang');
    await page.getByLabel('密码').fill('wrong-password-1');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toMatch(/[\u4e00-\u9fa5]/);
    await logInToStudio(page, 'hefang');
    expect(await page.getByTestId('current-user').textContent()).toContain('何芳');
    await screenshot(page, 'studio-overview');
    await context.close();
  });

  it('switches the interface to English and back', async () => {
    const { context, page } = await newStudioPage(browser);
    await logInToStudio(page, 'hefang');
    await page.getByTestId('locale-switch').getByText('EN').click();
    await expect.poll(() => page.getByTestId('main-menu').textContent()).toContain('Workflows');
    await page.getByTestId('locale-switch').getByText('中文').click();
    await expect.poll(() => page.getByTestId('main-menu').textContent()).toContain('流程设计');
    await context.close();
  });

  it('serves client-side routes and hashed assets from the same server', async () => {
    const res = await fetch(new URL('/studio/workflows/anything', (await import('./support/browser.js')).baseUrl()));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    const asset = /src="(\/studio\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeTruthy();
    const js = await fetch(new URL(asset!, (await import('./support/browser.js')).baseUrl()));
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toContain('immutable');
    const escape = await fetch(new URL('/studio/..%2f..%2fpackage.json', (await import('./support/browser.js')).baseUrl()));
    expect(await escape.text()).not.toContain('"dependencies"');
  });
});
