import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../support/fixtures.js';
import { baseUrl, launchBrowser, logInToStudio, newStudioPage, screenshot } from './support/browser.js';

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;

/** Presses the mouse on one element's centre and releases it on another's, in small steps (as a hand would). */
async function dragBetween(page: Page, from: string, to: string): Promise<void> {
  const a = (await page.locator(from).boundingBox())!;
  const b = (await page.locator(to).boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

const handle = (nodeId: string, handleId: string) => `[data-testid="node-${nodeId}"] [data-handleid="${handleId}"]`;
const issuesOf = (page: Page, nodeId: string) => page.locator(`[data-testid="issue-item"][data-node-id="${nodeId}"]`);

async function apiToken(): Promise<string> {
  const res = await fetch(new URL('/api/auth/login', baseUrl()), {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'acme-chips', login: 'hefang', password: TEST_PASSWORD }),
  });
  return ((await res.json()) as { token: string }).token;
}

/** A chain of 998 approvals between start and end, laid out on a grid. */
function thousandNodeWorkflow(key: string) {
  const nodes: object[] = [];
  const edges: object[] = [];
  const at = (i: number) => ({ x: (i % 40) * 260, y: Math.floor(i / 40) * 120 });
  nodes.push({ id: 'start', type: 'start', params: {}, position: at(0) });
  for (let i = 1; i <= 998; i++) {
    nodes.push({ id: `a${i}`, type: 'approval', name: { zh: `审批 ${i}`, en: `Approval ${i}` }, params: { mode: 'SINGLE', assignees: [{ kind: 'role', role: 'CHANNEL_MANAGER' }] }, position: at(i) });
  }
  nodes.push({ id: 'end', type: 'end', params: { outcome: 'APPROVED' }, position: at(999) });
  const ids = ['start', ...Array.from({ length: 998 }, (_, i) => `a${i + 1}`), 'end'];
  for (let i = 0; i < ids.length - 1; i++) edges.push({ id: `e${i}`, from: ids[i], to: ids[i + 1], ...(ids[i].startsWith('a') ? { port: 'approved' } : {}) });
  return { key, name: { zh: '千节点流程', en: 'Thousand nodes' }, variables: [], nodes, edges };
}

describe('workflow designer', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchBrowser(); });
  afterAll(async () => { await browser?.close(); });

  it('creates a workflow, drags in an approval, connects it, configures it until the checks pass, undoes and redoes, publishes', async () => {
    const { context, page } = await newStudioPage(browser);
    await logInToStudio(page, 'hefang');
    await page.getByTestId('main-menu').getByText('流程设计').click();
    await page.getByTestId('workflow-list').waitFor();
    await page.getByTestId('workflow-row-dealer-order-approval').waitFor();
    await expect.poll(() => page.locator('[data-testid="workflow-list"] .ant-spin-spinning').count()).toBe(0);
    await screenshot(page, 'designer-list');

    const key = `e2e-designer-${unique()}`;
    await page.getByTestId('btn-new-workflow').click();
    await page.getByTestId('new-workflow-key').fill(key);
    await page.getByTestId('new-workflow-zh').fill('信用额度调整');
    await page.getByTestId('new-workflow-en').fill('Credit limit change');
    await page.getByTestId('btn-create-workflow').click();
    await page.getByTestId('node-start').waitFor();
    await page.getByTestId('node-end').waitFor();
    expect(page.url()).toContain(`/studio/workflows/${key}`);
    await expect.poll(() => page.getByTestId('issues-list').getAttribute('data-count')).toBe('0');

    // the new workflow runs start → end; take that edge away to put an approval in between
    const [s0, e0] = [(await page.getByTestId('node-start').boundingBox())!, (await page.getByTestId('node-end').boundingBox())!];
    await page.mouse.click((s0.x + s0.width + e0.x) / 2, s0.y + s0.height / 2);
    await expect.poll(() => page.locator('.react-flow__edge.selected').count()).toBe(1);
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(0);

    const canvas = (await page.getByTestId('designer-canvas').boundingBox())!;
    const start = (await page.getByTestId('node-start').boundingBox())!;
    await page.getByTestId('palette-item-approval').dragTo(page.getByTestId('designer-canvas'), {
      targetPosition: { x: start.x - canvas.x + start.width * 1.6, y: start.y - canvas.y + 170 },
    });
    const approval = page.getByTestId('node-approval_1');
    await approval.waitFor();
    await expect.poll(() => issuesOf(page, 'approval_1').count()).toBeGreaterThan(0);
    expect(await approval.getAttribute('data-invalid')).toBe('true');

    await dragBetween(page, handle('start', 'out:out'), handle('approval_1', 'in:in'));
    await dragBetween(page, handle('approval_1', 'out:approved'), handle('end', 'in:in'));
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    // a second edge out of the start's single port is refused with a message
    await dragBetween(page, handle('start', 'out:out'), handle('end', 'in:in'));
    await page.getByText('该出口只能有一条连线').waitFor();
    expect(await page.locator('.react-flow__edge').count()).toBe(2);
    const firstIssue = page.getByTestId('issue-item').first();
    expect(await firstIssue.textContent()).toMatch(/[\u4e00-\u9fa5]/);
    await screenshot(page, 'designer-issues');

    // the issue list selects the node and opens it in the inspector
    await issuesOf(page, 'approval_1').first().click();
    await expect.poll(() => page.getByTestId('inspector').getAttribute('data-node-id')).toBe('approval_1');
    await page.getByTestId('inspector-name-zh').fill('渠道经理审批');
    await page.getByTestId('inspector-name-en').fill('Channel manager review');
    const inspector = page.getByTestId('inspector-params');
    await inspector.locator('#root_mode').click({ force: true });
    await page.locator('.ant-select-dropdown:visible').getByText('或签（一人通过即可）').click();
    await inspector.locator('button:has(.anticon-plus-circle)').first().click();
    const kindSelect = inspector.locator('.ant-select').filter({ hasText: '指定成员' }).first();
    await kindSelect.click();
    await page.locator('.ant-select-dropdown:visible').getByText('角色', { exact: true }).click();
    await inspector.locator('#root_assignees_0_role').fill('CHANNEL_MANAGER');
    await expect.poll(() => issuesOf(page, 'approval_1').count()).toBe(0);
    await expect.poll(() => page.getByTestId('issues-list').getAttribute('data-count')).toBe('0');
    expect(await approval.textContent()).toContain('渠道经理审批');
    await screenshot(page, 'designer-inspector');

    // undo brings the missing role back (the field typed into is one undo step), redo fixes it again
    await page.getByTestId('btn-undo').click();
    await expect.poll(() => issuesOf(page, 'approval_1').count()).toBeGreaterThan(0);
    await page.getByTestId('btn-redo').click();
    await expect.poll(() => issuesOf(page, 'approval_1').count()).toBe(0);
    // and from the keyboard, on the canvas
    await page.getByTestId('node-approval_1').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => issuesOf(page, 'approval_1').count()).toBeGreaterThan(0);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => issuesOf(page, 'approval_1').count()).toBe(0);

    await expect.poll(() => page.getByTestId('save-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('saved');
    await page.getByTestId('btn-publish').click();
    await page.getByText('已发布新版本').waitFor();
    await expect.poll(() => page.getByTestId('designer-version').textContent()).toContain('已发布');

    await page.getByTestId('btn-versions').click();
    await page.locator('[data-testid="version-item"][data-status="PUBLISHED"]').waitFor();
    await page.getByTestId('diff-canvas').waitFor();
    await screenshot(page, 'designer-versions');
    await page.keyboard.press('Escape');

    // the published flow runs in the simulator: the channel manager (刘洋) gets the task and approves
    await page.getByTestId('btn-simulate').click();
    await expect.poll(() => page.url()).toContain(`/studio/workflows/${key}/simulate`);
    await page.getByTestId('sim-start-form').waitFor();
    await page.getByTestId('sim-initiator').click();
    await page.keyboard.type('hefang');
    await page.locator('.ant-select-item-option').filter({ hasText: 'hefang' }).first().click();
    await page.getByTestId('sim-start').click();
    await expect.poll(() => page.getByTestId('sim-tasks').textContent()).toContain('刘洋');
    expect(await page.getByTestId('sim-node-approval_1').getAttribute('data-run')).toBe('active');
    await page.getByTestId('sim-tasks').locator('[data-testid^="sim-task-"]').filter({ hasText: '刘洋' }).first().click();
    await page.getByTestId('sim-action-approve').click();
    await expect.poll(() => page.getByTestId('sim-status').textContent()).toContain('已通过');
    await screenshot(page, 'designer-published-flow-simulated');

    await page.goto('/studio/workflows');
    await page.getByTestId(`workflow-row-${key}`).waitFor();
    expect(await page.getByTestId(`workflow-row-${key}`).textContent()).toContain('v1');
    await context.close();
  });

  it('shows the diff between two published versions: changed parameters listed, added nodes coloured', async () => {
    const token = await apiToken();
    const key = `e2e-diff-${unique()}`;
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(new URL(path, baseUrl()), { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
      return res.json();
    };
    const v1 = {
      key, name: { zh: '对比', en: 'Diff' }, variables: [],
      nodes: [
        { id: 'start', type: 'start', params: {}, position: { x: 0, y: 0 } },
        { id: 'review', type: 'approval', params: { mode: 'SINGLE', assignees: [{ kind: 'role', role: 'CHANNEL_MANAGER' }] }, position: { x: 280, y: 0 } },
        { id: 'end', type: 'end', params: { outcome: 'APPROVED' }, position: { x: 560, y: 0 } },
      ],
      edges: [{ id: 'e1', from: 'start', to: 'review' }, { id: 'e2', from: 'review', to: 'end', port: 'approved' }],
    };
    await call('POST', '/api/workflows', { document: v1 });
    await call('POST', `/api/workflows/${key}/publish`);
    const v2 = structuredClone(v1);
    v2.nodes[1].params = { mode: 'ALL', assignees: [{ kind: 'role', role: 'FINANCE_MANAGER' }] };
    v2.nodes.splice(2, 0, { id: 'cc', type: 'notify', params: { recipients: [{ kind: 'role', role: 'SALES_DIRECTOR' }] } as never, position: { x: 560, y: 0 } });
    v2.nodes[3].position = { x: 840, y: 0 };
    v2.edges = [{ id: 'e1', from: 'start', to: 'review' }, { id: 'e2', from: 'review', to: 'cc', port: 'approved' }, { id: 'e3', from: 'cc', to: 'end' }];
    await call('PUT', `/api/workflows/${key}/draft`, { document: v2 });
    await call('POST', `/api/workflows/${key}/publish`);

    const { context, page } = await newStudioPage(browser);
    await logInToStudio(page, 'hefang');
    await page.goto(`/studio/workflows/${key}`);
    await page.getByTestId('node-cc').waitFor();
    await page.getByTestId('btn-versions').click();
    await page.getByTestId('diff-canvas').locator('[data-testid="node-cc"][data-change="added"]').waitFor();
    const review = page.locator('[data-testid="diff-change"][data-node-id="review"]');
    expect(await review.getAttribute('data-kind')).toBe('changed');
    expect(await review.textContent()).toContain('/params/mode');
    expect(await review.textContent()).toContain('FINANCE_MANAGER');
    expect(await page.locator('[data-testid="diff-change"][data-node-id="end"]').getAttribute('data-kind')).toBe('moved');
    await screenshot(page, 'designer-diff');
    await context.close();
  });

  it('stays usable with 1,000 nodes: drags a node and reports frame times', async () => {
    const token = await apiToken();
    const key = `e2e-thousand-${unique()}`;
    const res = await fetch(new URL('/api/workflows', baseUrl()), {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ document: thousandNodeWorkflow(key) }),
    });
    expect(res.status).toBe(201);

    const { context, page } = await newStudioPage(browser);
    await logInToStudio(page, 'hefang');
    const measureDrag = async (nodeId: string) => {
      const box = (await page.getByTestId(`node-${nodeId}`).boundingBox())!;
      await page.evaluate(() => {
        const w = window as unknown as { __frames: number[]; __stop: boolean };
        w.__frames = [];
        w.__stop = false;
        let last = performance.now();
        const tick = (now: number) => {
          w.__frames.push(now - last);
          last = now;
          if (!w.__stop) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      const x = box.x + box.width / 2;
      const y = box.y + box.height / 2;
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + 300, y + 160, { steps: 90 });
      await page.mouse.up();
      await page.waitForTimeout(200);
      const frames = await page.evaluate(() => {
        const w = window as unknown as { __frames: number[]; __stop: boolean };
        w.__stop = true;
        return w.__frames.slice(1);
      });
      const sorted = [...frames].sort((a, b) => a - b);
      const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
      return { frames: frames.length, p50: q(0.5), p95: q(0.95) };
    };

    const loadStart = Date.now();
    const stage = (what: string) => console.log(`[designer 1000 nodes] ${what} at ${Date.now() - loadStart} ms`);
    await page.goto(`/studio/workflows/${key}`);
    await page.getByTestId('node-a1').waitFor({ timeout: 90_000 });
    stage('opened (at 100 % on the start node)');
    await expect.poll(() => page.getByTestId('issues-list').getAttribute('data-count'), { timeout: 60_000 }).toBe('0');
    const loadMs = Date.now() - loadStart;
    const renderedAtOpen = await page.locator('.react-flow__node').count();

    // at a working scale, where only the visible nodes are rendered
    const zoomed = await measureDrag('a2');
    const visible = await page.locator('.react-flow__node').count();
    await expect.poll(() => page.getByTestId('btn-undo').isEnabled()).toBe(true);
    await page.getByTestId('btn-undo').click();
    // everything on screen (fit view: the worst case, every node drawn)
    await page.getByTestId('btn-fit').click();
    await page.getByTestId('node-a500').waitFor({ state: 'attached', timeout: 90_000 });
    await page.waitForTimeout(1000);

    const whole = await measureDrag('a500');
    stage('drag at fit view measured');
    await screenshot(page, 'designer-1000-nodes');
    console.log(`[designer 1000 nodes] open ${loadMs} ms (${renderedAtOpen} nodes rendered); drag at fit view: ${whole.frames} frames, p50 ${whole.p50.toFixed(1)} ms, p95 ${whole.p95.toFixed(1)} ms; `
      + `drag zoomed in (${visible} nodes rendered): ${zoomed.frames} frames, p50 ${zoomed.p50.toFixed(1)} ms, p95 ${zoomed.p95.toFixed(1)} ms`);
    expect(whole.frames).toBeGreaterThan(10);
    await expect.poll(() => page.getByTestId('btn-undo').isEnabled()).toBe(true);
    await context.close();
  }, 300_000);
});
