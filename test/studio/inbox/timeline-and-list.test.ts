import { describe, expect, it } from 'vitest';
import { summarizeBulk, waitingFor } from '../../../studio/src/inbox/inbox-format.js';
import { visibleMenu } from '../../../studio/src/inbox/menu-visibility.js';
import { describeTimeline, type TimelineEvent } from '../../../studio/src/inbox/timeline-words.js';

const people: Record<string, string> = { u1: '深圳华芯城 采购', u2: '陈静', u3: '周涛', u4: '孙丽' };
const name = (id: string) => people[id] ?? id;
const nodes: Record<string, string> = { start: '提交订单', approvals: '依次审批', pricing: '计算价格' };
const node = (id: string) => nodes[id] ?? id;
const ev = (sequence: number, type: string, actor: string, data: Record<string, unknown>): TimelineEvent => ({ sequence, type, actor, at: `2026-12-03T08:0${sequence % 10}:00Z`, data });

describe('the history in words', () => {
  it('tells who did what, with comments, and leaves node entries and rule runs to the explanation', () => {
    const lines = describeTimeline([
      ev(1, 'instanceStarted', 'u1', { variables: {} }),
      ev(2, 'nodeEntered', 'u1', { nodeId: 'pricing' }),
      ev(3, 'ruleEvaluated', 'system', { ruleSetKey: 'order-pricing' }),
      ev(4, 'taskCreated', 'u1', { taskId: 'task-1', nodeId: 'approvals', assignee: 'u2' }),
      ev(5, 'taskApproved', 'u2', { taskId: 'task-1', nodeId: 'approvals', comment: '价格合理' }),
      ev(6, 'signerAdded', 'u3', { position: 'BEFORE', users: ['u4'] }),
      ev(7, 'taskReturned', 'u3', { nodeId: 'approvals', targetNodeId: 'start', comment: '请补充' }),
      ev(8, 'variablesSet', 'system', { values: { allocation: {} } }),
      ev(9, 'instanceEnded', 'system', { outcome: 'APPROVED', nodeId: 'approved' }),
    ], 'zh', name, node);
    expect(lines.map((l) => `${l.who} ${l.text}${l.comment ? ` “${l.comment}”` : ''}`)).toEqual([
      '深圳华芯城 采购 发起了流程',
      '系统 待 陈静 处理（依次审批）',
      '陈静 同意（依次审批） “价格合理”',
      '周涛 加签（前）：孙丽',
      '周涛 退回到「提交订单」 “请补充”',
      '系统 流程结束：已通过',
    ]);
    expect(lines.map((l) => l.tone)).toEqual(['blue', 'gray', 'green', 'blue', 'orange', 'green']);
  });

  it('speaks English too', () => {
    const [l] = describeTimeline([ev(1, 'taskTransferred', 'u2', { to: 'u3', comment: 'on leave' })], 'en', name, node);
    expect(l).toMatchObject({ who: '陈静', text: 'transferred it to 周涛', comment: 'on leave' });
  });
});

describe('the list', () => {
  it('shows the waiting time in days, hours or minutes', () => {
    const now = new Date('2026-12-03T10:00:00Z');
    expect(waitingFor('2026-11-30T07:30:00Z', now, 'zh')).toBe('3 天 2 小时');
    expect(waitingFor('2026-12-03T08:15:00Z', now, 'en')).toBe('1 h 45 min');
    expect(waitingFor('2026-12-03T09:59:30Z', now, 'zh')).toBe('0 分钟');
    expect(waitingFor('2026-12-03T11:00:00Z', now, 'en')).toBe('0 min');
  });

  it('sums up a bulk approval', () => {
    const results = [{ taskId: 'a', ok: true }, { taskId: 'b', ok: false, error: { code: 'FLW_ERR_TASK_NOT_PENDING', message: '审批任务已处理' } }];
    expect(summarizeBulk(results, 'zh')).toBe('1 项已同意，1 项未处理');
    expect(summarizeBulk([results[0]], 'en')).toBe('1 approved');
  });

  it('shows pure approvers the inbox but not the editors; admins see everything; dealers no inbox', () => {
    const items = ['/', '/inbox', '/workflows', '/rule-sets', '/forms', '/deployments', '/dashboards'].map((key) => ({ key }));
    const keys = (roles: string[]) => visibleMenu(items, roles).map((i) => i.key);
    expect(keys(['APPROVER'])).toEqual(['/', '/inbox', '/dashboards']);
    expect(keys(['TENANT_ADMIN'])).toEqual(items.map((i) => i.key));
    expect(keys(['APPROVER', 'DEPLOYER'])).toEqual(items.map((i) => i.key));
    expect(keys(['DEPLOYER'])).not.toContain('/inbox');
  });
});
