import { describe, expect, it } from 'vitest';
import { returnTargetsOf, slaOf } from '../../../server/workflows/inbox-rows.service.js';
import { FlowHarness, sh, twoStepFlow } from '../../rules/flow/flow-harness.js';

const sla = { remindEveryWorkingHours: 4, escalateAfterWorkingHours: 16, escalateToRole: 'SALES_DIRECTOR' };
const flow = () => twoStepFlow(
  { mode: 'SINGLE', assignees: [{ kind: 'user', users: ['chenjing'] }], sla },
  { mode: 'SINGLE', assignees: [{ kind: 'role', role: 'FINANCE_MANAGER' }], sla },
);

describe('the SLA of an inbox row (from the state the machine keeps)', () => {
  it('is on track, due soon, overdue, then escalated once the escalation fired; a decided task has none', () => {
    const h = new FlowHarness(flow(), undefined, sh('2025-09-30 10:00'));
    h.start('d05.buyer');
    const task = h.taskOf('chenjing');
    const due = slaOf(h.state, task.id, new Date(sh('2025-09-30 10:00')));
    expect(due.state).toBe('ON_TRACK');
    expect(Date.parse(due.dueAt!)).toBeGreaterThan(Date.parse(sh('2025-09-30 10:00')));
    expect(slaOf(h.state, task.id, new Date(Date.parse(due.dueAt!) - 3600_000)).state).toBe('DUE_SOON');
    expect(slaOf(h.state, task.id, new Date(Date.parse(due.dueAt!) + 1000)).state).toBe('OVERDUE');
    h.advanceTo('2025-10-20 10:00');
    expect(slaOf(h.state, task.id, new Date(sh('2025-10-20 10:00'))).state).toBe('ESCALATED');
    h.approve('chenjing');
    expect(slaOf(h.state, task.id, new Date(sh('2025-10-20 10:00')))).toEqual({ state: 'NONE', dueAt: null });
    expect(slaOf(h.state, 'task-none', new Date())).toEqual({ state: 'NONE', dueAt: null });
  });
});

describe('the 退回 targets offered', () => {
  it('are the earlier start and approval nodes, nearest last, and the machine accepts each of them', () => {
    const h = new FlowHarness(flow());
    h.start('d05.buyer');
    const def = flow();
    expect(returnTargetsOf(h.state, def, h.taskOf('chenjing')).map((x) => x.nodeId)).toEqual(['start']);
    h.approve('chenjing');
    const second = h.taskOf('sunli');
    const targets = returnTargetsOf(h.state, def, second);
    expect(targets.map((x) => [x.nodeId, x.type])).toEqual([['start', 'start'], ['first', 'approval']]);
    const saved = h.state;
    for (const target of targets) {
      h.state = saved;
      h.run({ type: 'return', actor: 'sunli', taskId: second.id, targetNodeId: target.nodeId });
      expect(h.state.tasks.find((t) => t.id === second.id)?.status).toBe('RETURNED');
    }
    h.state = saved;
    h.refused('FLW_ERR_RETURN_TARGET', { type: 'return', actor: 'sunli', taskId: second.id, targetNodeId: 'second' });
    expect(targets.map((x) => x.nodeId)).not.toContain('second');
  });
});
