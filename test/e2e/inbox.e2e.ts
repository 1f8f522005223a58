import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../support/fixtures.js';
import { orderVariables, uniqueKey } from '../server/workflows/workflow-test-support.js';
import { baseUrl, launchBrowser, logInToStudio, newStudioPage, screenshot } from './support/browser.js';

type Api = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

async function apiAs(login: string): Promise<Api> {
  const res = await fetch(new URL('/api/auth/login', baseUrl()), {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: 'acme-chips', login, password: TEST_PASSWORD }),
  });
  const { token } = (await res.json()) as { token: string };
  return async (method, path, body) => {
    const r = await fetch(new URL(path, baseUrl()), {
      method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
    });
    return { status: r.status, body: await r.json() };
  };
}

describe('approver inbox', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('chenjing approves a D05 order from 待办 with a comment, zhoutao bulk-approves it, the approval completes APPROVED', async () => {
    const [d05, chenjingApi, zhoutaoApi] = await Promise.all([apiAs('d05.buyer'), apiAs('chenjing'), apiAs('zhoutao')]);
    const started = await d05('POST', '/api/workflows/dealer-order-approval/instances', { variables: orderVariables('D05', 30000), idempotencyKey: uniqueKey('e2e-inbox') });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const instanceId = started.body.id as string;
    const chenjingId = (await chenjingApi('GET', '/api/me')).body.id as string;
    const zhoutaoId = (await zhoutaoApi('GET', '/api/me')).body.id as string;
    expect(started.body.pendingTasks.map((p: { assignee: string }) => p.assignee)).toEqual([chenjingId]);

    // chenjing: 待办 shows the order with its dealer and amount.
    const { context, page } = await newStudioPage(browser);
    await logInToStudio(page, 'chenjing');
    await page.getByTestId('main-menu').getByText('待办中心').click();
    const row = page.getByTestId(`inbox-row-${instanceId}`);
    await row.waitFor();
    const rowText = (await row.textContent())!;
    expect(rowText).toContain('经销商订单审批');
    expect(rowText).toContain('深圳华芯城');
    expect(rowText).toContain('1,241,856.00');
    expect(rowText).toContain('依次审批');
    expect(await page.getByTestId('main-menu').textContent()).not.toContain('流程设计');
    await expect.poll(() => page.getByTestId('inbox-count-todo').textContent()).toMatch(/[1-9]/);
    await expect.poll(() => page.locator('.ant-spin-spinning').count()).toBe(0);
    await screenshot(page, 'inbox-list');

    // The task: the form (read-only here), why it needs approval, and the history.
    await row.click();
    await page.getByTestId('task-detail').waitFor();
    const form = page.getByTestId('task-form');
    const values = () => form.locator('input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    await expect.poll(values).toEqual(expect.arrayContaining(['2025-06-10', 'SOUTH-SZ', 'MCU-F103', '30000']));
    const editable = await form.locator('input:enabled:not([type="hidden"]), textarea:enabled')
      .evaluateAll((els) => els.map((e) => `${e.outerHTML.slice(0, 200)} in ${e.parentElement?.parentElement?.className}`));
    expect(editable).toEqual([]);
    const why = page.getByTestId('task-explanation');
    // the routing rule's results in its own words (labels, valueLabels), roles and regions by the tenant's names
    await expect.poll(() => why.textContent()).toContain('订单金额超过 100 万');
    const whyText = (await why.textContent())!;
    expect(whyText).toContain('审批结论：需要审批');
    expect(whyText).toContain('审批步骤：大区经理（华南大区） → 销售总监');
    const history = page.getByTestId('task-history');
    await expect.poll(() => history.textContent()).toContain('发起了流程');
    expect(await history.textContent()).toContain('待 陈静 处理');
    await screenshot(page, 'inbox-task-detail');

    // 同意 with a comment: it leaves 待办 and appears in 已办.
    await page.getByTestId('btn-approve').click();
    await page.getByTestId('action-comment').fill('价格与信用均符合政策，同意');
    await page.getByTestId('btn-action-confirm').click();
    await page.waitForURL(/\/studio\/inbox\?box=todo/);
    await page.getByTestId('inbox-table').waitFor();
    await expect.poll(() => page.getByTestId(`inbox-row-${instanceId}`).count()).toBe(0);
    await page.getByTestId('inbox-tab-done').click();
    const doneRow = page.getByTestId(`inbox-row-${instanceId}`);
    await doneRow.waitFor();
    expect(await doneRow.textContent()).toContain('已通过');
    const afterFirst = (await chenjingApi('GET', `/api/instances/${instanceId}`)).body;
    expect(afterFirst.tasks[0]).toMatchObject({ assignee: chenjingId, status: 'APPROVED', comment: '价格与信用均符合政策，同意' });
    expect(afterFirst.pendingTasks.map((p: { assignee: string }) => p.assignee)).toEqual([zhoutaoId]);
    await context.close();

    // zhoutao: selects it in 待办 and approves it in bulk; the result is shown per task.
    const second = await newStudioPage(browser);
    await logInToStudio(second.page, 'zhoutao');
    await second.page.goto('/studio/inbox');
    const zRow = second.page.getByTestId(`inbox-row-${instanceId}`);
    await zRow.waitFor();
    await zRow.locator('.ant-checkbox-input').check();
    await second.page.getByTestId('btn-bulk-approve').click();
    await second.page.getByTestId('bulk-comment').fill('批量同意');
    await second.page.getByTestId('btn-bulk-confirm').click();
    const results = second.page.getByTestId('bulk-results');
    await results.waitFor();
    expect(await results.textContent()).toContain('1 项已同意');
    expect(await second.page.getByTestId('bulk-result-ok').textContent()).toContain('深圳华芯城');
    expect(await second.page.getByTestId('bulk-result-failed').count()).toBe(0);
    await second.page.waitForTimeout(300); // the modal's opening animation, for the screenshot only
    await screenshot(second.page, 'inbox-bulk-approve');
    await second.page.getByTestId('btn-bulk-close').click();
    await expect.poll(() => second.page.getByTestId(`inbox-row-${instanceId}`).count()).toBe(0);
    await second.context.close();

    // Both approval tasks are decided by their approvers and the approval node completed APPROVED. What the flow does
    // after the approval (action nodes on the order record) is not this test's business: the token left through
    // "approved" (to a next node or an APPROVED end), and nothing is pending or refused.
    const timeline = (await d05('GET', `/api/instances/${instanceId}/timeline`)).body as { type: string; actor: string; data: any }[];
    expect(timeline.filter((e) => e.type === 'taskApproved').map((e) => [e.actor, e.data.comment])).toEqual([
      [chenjingId, '价格与信用均符合政策，同意'], [zhoutaoId, '批量同意'],
    ]);
    const completed = timeline.findIndex((e) => e.type === 'approvalCompleted');
    expect(timeline[completed]?.data).toMatchObject({ nodeId: 'approvals', outcome: 'APPROVED', approved: 2, rejected: 0 });
    const next = timeline.slice(completed + 1).find((e) => e.type === 'nodeEntered' || e.type === 'instanceEnded')!;
    expect(next.type === 'instanceEnded' ? next.data.outcome : next.data.nodeId).not.toMatch(/^(rejected|REJECTED)$/);
    const final = (await d05('GET', `/api/instances/${instanceId}`)).body;
    expect(final.tasks.map((x: { assignee: string; status: string }) => [x.assignee, x.status])).toEqual([[chenjingId, 'APPROVED'], [zhoutaoId, 'APPROVED']]);
    expect(final.pendingTasks).toEqual([]);
    expect(['RUNNING', 'APPROVED']).toContain(final.status);
    if (next.type === 'instanceEnded') expect(final.status).toBe('APPROVED');
  });

  it('退回 to the start, 转交 to a colleague, and a refusal of the API shown with its code', async () => {
    const [d05, chenjingApi, wangleiApi] = await Promise.all([apiAs('d05.buyer'), apiAs('chenjing'), apiAs('wanglei')]);
    const start = async (label: string) => {
      const res = await d05('POST', '/api/workflows/dealer-order-approval/instances', { variables: orderVariables('D05', 30000), idempotencyKey: uniqueKey(label) });
      expect(res.status).toBe(201);
      return { id: res.body.id as string, taskId: res.body.pendingTasks[0].id as string };
    };
    const [toReturn, toTransfer, raced] = [await start('e2e-return'), await start('e2e-transfer'), await start('e2e-raced')];
    const d05Id = (await d05('GET', '/api/me')).body.id as string;
    const wangleiId = (await wangleiApi('GET', '/api/me')).body.id as string;

    const { context, page } = await newStudioPage(browser);
    await logInToStudio(page, 'chenjing');

    // 退回: the target offered is the start node (the initiator resubmits).
    await page.goto(`/studio/inbox/${toReturn.taskId}`);
    await page.getByTestId('btn-return').click();
    await expect.poll(() => page.getByTestId('select-return-target').textContent()).toContain('提交订单');
    await page.getByTestId('action-comment').fill('请核对收货区域');
    await page.getByTestId('btn-action-confirm').click();
    await page.waitForURL(/\/studio\/inbox\?box=todo/);
    const returned = (await d05('GET', `/api/instances/${toReturn.id}`)).body;
    expect(returned.pendingTasks.map((p: { assignee: string; nodeId: string }) => [p.assignee, p.nodeId])).toEqual([[d05Id, 'start']]);

    // 转交: pick wanglei by name; the task is his now.
    await page.goto(`/studio/inbox/${toTransfer.taskId}`);
    await page.getByTestId('btn-transfer').click();
    await page.getByTestId('select-transfer-to').click();
    await page.keyboard.type('王磊');
    await page.locator('.ant-select-item-option').filter({ hasText: '王磊' }).first().click();
    await page.getByTestId('btn-action-confirm').click();
    await page.waitForURL(/\/studio\/inbox\?box=todo/);
    const wangleiTodo = (await wangleiApi('GET', '/api/tasks?box=todo')).body.tasks as { instanceId: string; assignee: string }[];
    expect(wangleiTodo.find((x) => x.instanceId === toTransfer.id)).toMatchObject({ assignee: wangleiId });

    // The task was decided elsewhere meanwhile: 同意 answers the API's refusal, in words and with its code.
    await page.goto(`/studio/inbox/${raced.taskId}`);
    await page.getByTestId('btn-approve').waitFor();
    expect((await chenjingApi('POST', `/api/tasks/${raced.taskId}/approve`, { comment: '在手机上已同意' })).status).toBe(200);
    await page.getByTestId('btn-approve').click();
    await page.getByTestId('btn-action-confirm').click();
    const error = page.getByTestId('action-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('审批任务已处理');
    expect(await error.textContent()).toContain('FLW_ERR_TASK_NOT_PENDING');
    await page.waitForTimeout(300); // the modal's opening animation, for the screenshot only
    await screenshot(page, 'inbox-action-refused');
    // Closing the refusal reads the task again: it is decided, so no actions are offered any more.
    await page.locator('.ant-modal').getByRole('button', { name: /取\s*消/ }).click();
    await expect.poll(() => page.getByTestId('detail-status').textContent()).toContain('已通过');
    expect(await page.getByTestId('task-actions').count()).toBe(0);
    expect(await page.getByTestId('task-history').textContent()).toContain('在手机上已同意');
    await context.close();
  });

  it('an approver edits the one field the node lets them edit; it is sent with 同意 as formPatch', async () => {
    const [hefang, chenjingApi] = await Promise.all([apiAs('hefang'), apiAs('chenjing')]);
    const chenjingId = (await chenjingApi('GET', '/api/me')).body.id as string;
    const key = `e2e-expense-${Date.now().toString(36)}`;
    const form = {
      key, name: { zh: '费用报销', en: 'Expense claim' },
      schema: {
        type: 'object', required: ['amount', 'reason'],
        properties: {
          amount: { type: 'string', title: '金额 Amount' }, reason: { type: 'string', title: '事由 Reason' },
          budgetCode: { type: 'string', title: '预算科目 Budget code' },
        },
      },
    };
    const flow = {
      key, name: { zh: '费用报销审批', en: 'Expense approval' },
      variables: [{ name: 'amount', type: 'string' }, { name: 'reason', type: 'string' }, { name: 'budgetCode', type: 'string' }],
      nodes: [
        { id: 'start', type: 'start', name: { zh: '提交', en: 'Submit' }, params: { form: { key } } },
        {
          id: 'check', type: 'approval', name: { zh: '经理审核', en: 'Manager check' },
          params: { mode: 'SINGLE', assignees: [{ kind: 'user', users: [chenjingId] }], fieldPermissions: { amount: 'READ', reason: 'READ', budgetCode: 'EDIT' } },
        },
        { id: 'ok', type: 'end', params: { outcome: 'APPROVED' } },
        { id: 'no', type: 'end', params: { outcome: 'REJECTED' } },
      ],
      edges: [
        { id: 'e1', from: 'start', to: 'check' }, { id: 'e2', from: 'check', to: 'ok', port: 'approved' }, { id: 'e3', from: 'check', to: 'no', port: 'rejected' },
      ],
    };
    for (const [base, document] of [['/api/forms', form], ['/api/workflows', flow]] as const) {
      const created = await hefang('POST', base, { document });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const published = await hefang('POST', `${base}/${key}/publish`);
      expect(published.status, JSON.stringify(published.body)).toBeLessThan(300);
    }
    const started = await hefang('POST', `/api/workflows/${key}/instances`, { variables: { amount: '1200.00', reason: '差旅', budgetCode: 'B-01' }, idempotencyKey: uniqueKey(key) });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const taskId = started.body.pendingTasks[0].id as string;

    const { context, page } = await newStudioPage(browser);
    await logInToStudio(page, 'chenjing');
    await page.goto(`/studio/inbox/${taskId}`);
    const formCard = page.getByTestId('task-form');
    const budget = formCard.locator('input').nth(2);
    await expect.poll(() => budget.inputValue()).toBe('B-01');
    expect(await formCard.locator('input:enabled').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(['B-01']);
    await budget.fill('B-02');
    await page.getByTestId('btn-approve').click();
    await page.getByTestId('action-comment').fill('改为差旅预算');
    await page.getByTestId('btn-action-confirm').click();
    await page.waitForURL(/\/studio\/inbox\?box=todo/);
    await context.close();

    const after = (await hefang('GET', `/api/instances/${started.body.id}`)).body;
    expect(after).toMatchObject({ status: 'APPROVED', variables: { amount: '1200.00', reason: '差旅', budgetCode: 'B-02' } });
    const events = (await hefang('GET', `/api/instances/${started.body.id}/timeline`)).body as { type: string; actor: string; data: any }[];
    expect(events.find((e) => e.type === 'variablesSet')).toMatchObject({ actor: chenjingId, data: { values: { budgetCode: 'B-02' } } });
  });
});
