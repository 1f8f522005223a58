import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, logInToStudio, newStudioPage, screenshot } from './support/browser.js';


/**
 * A D05 order of 30,000 MCUs at 48.00, priced as the DMS hands it to the flow (platinum 12 % and the
 * 2 % break: 1,241,856.00): over 1,000,000.00, so RSM(R-SOUTH) then the sales director approve.
 */
const order = {
  dealer: { code: 'D05', prepaidBalance: '0.00', arOutstanding: '0.00', openOrderAmount: '0.00', maxDaysOverdue: 0 },
  order: {
    orderDate: '2025-06-10', shipToRegion: 'SOUTH-SZ', requestedOffset: '0.00', orderAmount: '1241856.00', appliedOffset: '0.00', payableAmount: '1241856.00',
    lines: [{ lineNo: 1, sku: 'MCU-F103', category: 'MCU', qty: 30000, listPrice: '48.00', netUnitPrice: '41.3952', lineAmount: '1241856.00', free: false }],
  },
  pricing: { orderAmount: '1241856.00' },
  rebate: { appliedOffset: '0.00', payableAmount: '1241856.00' },
  rebateEntries: [],
  fulfilment: {
    warehouses: [{ code: 'WH-SZ', status: 'ACTIVE', servesRegion: 'R-SOUTH' }],
    lanes: [{ from: 'WH-SZ', toRegion: 'R-SOUTH', cost: '50.00', leadDays: 1 }],
    stock: [{ warehouse: 'WH-SZ', sku: 'MCU-F103', onHand: 80000, allocated: 0, safetyStock: 10000 }],
  },
};

async function pickInitiator(page: Page, login: string) {
  await page.getByTestId('sim-initiator').click();
  await page.keyboard.type(login);
  await page.locator('.ant-select-item-option').filter({ hasText: login }).first().click();
}

async function approveOpenTask(page: Page, assignee: string) {
  const task = page.getByTestId('sim-tasks').locator('[data-testid^="sim-task-"]').filter({ hasText: assignee });
  await task.first().click();
  await page.getByTestId('sim-action-approve').click();
}

describe('workflow simulator', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('runs the dealer order approval with a D05 order, shows the routing trace, saves and re-runs the scenario', async () => {
    const { context, page } = await newStudioPage(browser, { width: 1600, height: 960 });
    await logInToStudio(page, 'hefang');
    await page.goto('/studio/workflows/dealer-order-approval/simulate');
    await page.getByTestId('sim-start-form').waitFor();

    // The region tree and the calendars come from the server, as the engine reads them.
    await page.getByTestId('sim-environment').click();
    await expect.poll(() => page.locator('.ant-popover').textContent()).toMatch(/2025, 2026/);
    await page.keyboard.press('Escape');

    await page.getByTestId('sim-start-form').waitFor();
    await pickInitiator(page, 'd05.buyer');
    await page.getByTestId('sim-variables-json').fill(JSON.stringify(order, null, 2));
    await screenshot(page, 'simulator-start');
    await page.getByTestId('sim-start').click();

    await expect.poll(() => page.getByTestId('sim-status').textContent()).toContain('运行中');
    await expect.poll(() => page.getByTestId('sim-tasks').textContent()).toContain('陈静');
    expect(await page.getByTestId('sim-node-approvals').getAttribute('data-run')).toBe('active');
    // Four working hours later the SLA reminder fires (the default step of the clock).
    await page.getByTestId('sim-clock-advance').click();
    await expect.poll(() => page.getByTestId('sim-timeline').textContent()).toContain('提醒 陈静');
    await screenshot(page, 'simulator-running');
    await approveOpenTask(page, '陈静');
    await expect.poll(() => page.getByTestId('sim-tasks').textContent()).toContain('周涛');
    await approveOpenTask(page, '周涛');
    // The order's records belong to the server: each action node waits, and the user plays it (a simulated result, no record changes).
    for (const action of ['确认订单价格', '扣减返利', '智能分仓并占用库存']) {
      const call = page.locator('[data-testid^="sim-call-"]', { hasText: action });
      await expect.poll(() => call.textContent()).toContain('模拟不改动任何记录');
      await call.getByTestId('sim-service-ok').click();
    }
    await expect.poll(() => page.getByTestId('sim-status').textContent()).toContain('已通过');
    expect(await page.getByTestId('sim-node-allocate').getAttribute('data-run')).toBe('visited');
    expect(await page.getByTestId('sim-timeline').textContent()).toContain('流程结束');

    await page.getByTestId('sim-node-routing').click();
    const panel = page.getByTestId('sim-node-panel');
    await panel.waitFor();
    await expect.poll(() => panel.getByTestId('sim-node-outputs').textContent()).toContain('PENDING_APPROVAL');
    expect(await panel.getByTestId('sim-rule-trace').textContent()).toContain('REGIONAL_SALES_MANAGER');
    // The canvas refits beside the panel: the last node is not hidden under it.
    await expect.poll(async () => {
      const [node, side] = await Promise.all([page.getByTestId('sim-node-approved').boundingBox(), panel.boundingBox()]);
      return node && side ? node.x + node.width <= side.x : false;
    }).toBe(true);
    await screenshot(page, 'simulator-run');

    await page.getByTestId('sim-scenario-name').fill('大额订单两级审批');
    await page.getByTestId('sim-save-scenario').click();
    await page.getByTestId('sim-rerun-大额订单两级审批').click();
    const result = page.getByTestId('sim-rerun-result-大额订单两级审批');
    await result.waitFor();
    expect(await result.getAttribute('data-same')).toBe('true');
    expect(await result.textContent()).toContain('结果一致');
    await screenshot(page, 'simulator-scenario');

    // The scenario survives a reload (localStorage, per tenant and workflow).
    await page.reload();
    await page.getByTestId('sim-rerun-大额订单两级审批').waitFor();
    await context.close();
  });
});
