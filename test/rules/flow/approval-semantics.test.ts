import { describe, expect, it } from 'vitest';
import { FlowHarness, acmeDirectory, acmeEnv, approvalFlow, twoStepFlow } from './flow-harness.js';

const users = (...ids: string[]) => ({ kind: 'user', users: ids });

describe('approval semantics', () => {
  it('退回 under 或签: one return calls back the whole node and the previous node runs again', () => {
    const h = new FlowHarness(twoStepFlow({ mode: 'SINGLE', assignees: [users('wanglei')] }, { mode: 'ANY', assignees: [users('liuyang', 'sunli')] }));
    h.start('d05.buyer');
    h.approve('wanglei');
    expect(h.pending().map((t) => t.assignee)).toEqual(['liuyang', 'sunli']);
    h.run({ type: 'return', actor: 'sunli', taskId: h.taskOf('sunli').id, comment: '请补充信息' });
    expect(h.state.tasks.find((t) => t.assignee === 'sunli')!.status).toBe('RETURNED');
    expect(h.state.tasks.find((t) => t.assignee === 'liuyang')!.status).toBe('CANCELLED');
    expect(h.pending().map((t) => [t.assignee, t.nodeId])).toEqual([['wanglei', 'first']]);
    h.approve('wanglei');
    h.approve('liuyang');
    expect(h.state.status).toBe('APPROVED');
  });

  it('退回 under 会签 to the start node asks the initiator to resubmit, then the flow runs again', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'ALL', assignees: [users('liuyang', 'sunli')] }, [{ name: 'note', type: 'string' }]));
    h.start('d05.buyer');
    h.approve('liuyang');
    h.run({ type: 'return', actor: 'sunli', taskId: h.taskOf('sunli').id });
    const resubmit = h.taskOf('d05.buyer');
    expect(resubmit.kind).toBe('RESUBMIT');
    expect(h.state.tokens[0].nodeId).toBe('start');
    // only what a start supplies (declared variables) may be changed on resubmitting
    h.refused('FLW_ERR_FIELD_NOT_EDITABLE', { type: 'approve', actor: 'd05.buyer', taskId: resubmit.id, formPatch: { approvedBy: 'd05.buyer' } });
    h.run({ type: 'approve', actor: 'd05.buyer', taskId: resubmit.id, formPatch: { note: '已补充' } });
    expect(h.state.variables.note).toBe('已补充');
    // a fresh 会签: both must approve again, the earlier vote does not count
    expect(h.pending().map((t) => t.assignee).sort()).toEqual(['liuyang', 'sunli']);
    h.approve('liuyang');
    expect(h.state.status).toBe('RUNNING');
    h.approve('sunli');
    expect(h.state.status).toBe('APPROVED');
  });

  it('退回 to a node that was not entered before is refused', () => {
    const h = new FlowHarness(twoStepFlow({ mode: 'SINGLE', assignees: [users('wanglei')] }, { mode: 'SINGLE', assignees: [users('liuyang')] }));
    h.start('d05.buyer');
    h.refused('FLW_ERR_RETURN_TARGET', { type: 'return', actor: 'wanglei', taskId: h.taskOf('wanglei').id, targetNodeId: 'second' });
  });

  it('加签 before: the added signer approves first, then the original task resumes', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'SINGLE', assignees: [users('zhoutao')] }));
    h.start('d05.buyer');
    const original = h.taskOf('zhoutao');
    h.run({ type: 'addSigner', actor: 'zhoutao', taskId: original.id, users: ['sunli'], position: 'BEFORE' });
    expect(h.state.tasks.find((t) => t.id === original.id)!.status).toBe('WAITING');
    h.refused('FLW_ERR_TASK_NOT_PENDING', { type: 'approve', actor: 'zhoutao', taskId: original.id });
    h.approve('sunli');
    expect(h.state.tasks.find((t) => t.id === original.id)!.status).toBe('PENDING');
    h.approve('zhoutao');
    expect(h.state.status).toBe('APPROVED');
    expect(h.eventTypes()).toContain('taskResumed');
  });

  it('加签 after: the actor approves now and the added signer decides next', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'SINGLE', assignees: [users('wanglei')] }));
    h.start('d05.buyer');
    h.run({ type: 'addSigner', actor: 'wanglei', taskId: h.taskOf('wanglei').id, users: ['wumin'], position: 'AFTER' });
    expect(h.state.tasks.find((t) => t.assignee === 'wanglei')!.status).toBe('APPROVED');
    expect(h.pending().map((t) => t.assignee)).toEqual(['wumin']);
    h.reject('wumin');
    expect(h.state.status).toBe('REJECTED');
  });

  it('empty approver with AUTO_PASS passes the node', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'ANY', assignees: [{ kind: 'role', role: 'NOBODY_HAS_THIS' }], onEmpty: 'AUTO_PASS' }));
    h.start('d05.buyer');
    expect(h.state.status).toBe('APPROVED');
    expect(h.events.find((e) => e.type === 'approverNotFound')?.data).toMatchObject({ policy: 'AUTO_PASS' });
  });

  it('empty approver with TO_TENANT_ADMIN gives the task to the tenant admin', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'ANY', assignees: [{ kind: 'role', role: 'NOBODY_HAS_THIS' }], onEmpty: 'TO_TENANT_ADMIN' }));
    h.start('d05.buyer');
    expect(h.pending().map((t) => [t.assignee, t.origin])).toEqual([['hefang', 'TENANT_ADMIN']]);
    h.approve('hefang');
    expect(h.state.status).toBe('APPROVED');
  });

  it('empty approver with REJECT rejects the node', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'ANY', assignees: [{ kind: 'role', role: 'NOBODY_HAS_THIS' }], onEmpty: 'REJECT' }));
    h.start('d05.buyer');
    expect(h.state.status).toBe('REJECTED');
  });

  it('empty approver with TO_TENANT_ADMIN and no admin raises an incident', () => {
    const env = acmeEnv();
    const h = new FlowHarness(approvalFlow({ mode: 'ANY', assignees: [{ kind: 'role', role: 'NOBODY_HAS_THIS' }], onEmpty: 'TO_TENANT_ADMIN' }),
      { ...env, directory: { ...env.directory, tenantAdmins: () => [] } });
    h.start('d05.buyer');
    expect(h.state.incidents.map((i) => i.code)).toEqual(['FLW_ERR_NO_APPROVER']);
    expect(h.last!.effects.map((e) => e.type)).toContain('createIncident');
  });

  it('approver = initiator with AUTO_PASS approves the initiator\'s own step automatically', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'SEQUENTIAL', assignees: [users('wanglei', 'zhoutao')], initiatorPolicy: 'AUTO_PASS' }));
    h.start('wanglei');
    const own = h.state.tasks.find((t) => t.assignee === 'wanglei')!;
    expect([own.status, own.autoReason, own.decidedBy]).toEqual(['APPROVED', 'INITIATOR', 'system']);
    expect(h.pending().map((t) => t.assignee)).toEqual(['zhoutao']);
    expect(h.state.humanActed).toBe(false);
  });

  it('approver = initiator with SKIP_TO_MANAGER gives the step to the initiator\'s manager', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'SINGLE', assignees: [users('chenjing')], initiatorPolicy: 'SKIP_TO_MANAGER' }));
    h.start('chenjing');
    expect(h.pending().map((t) => t.assignee)).toEqual(['zhoutao']);
    expect(h.events.find((e) => e.type === 'approverIsInitiator')?.data).toMatchObject({ replacedBy: 'zhoutao' });
  });

  it('approver = initiator with KEEP leaves the task to the initiator', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'SINGLE', assignees: [users('chenjing')], initiatorPolicy: 'KEEP' }));
    h.start('chenjing');
    expect(h.pending().map((t) => t.assignee)).toEqual(['chenjing']);
  });

  it('de-duplication: the same person in consecutive steps approves once', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'SEQUENTIAL', assignees: [{ kind: 'ruleSteps', steps: { $var: 'steps' } }] }));
    h.start('d05.buyer', { steps: [{ role: 'REGIONAL_SALES_MANAGER', region: 'R-SOUTH' }, { role: 'REGIONAL_SALES_MANAGER', region: 'R-SOUTH' }, { role: 'CFO' }] });
    h.approve('chenjing');
    const second = h.state.tasks.filter((t) => t.assignee === 'chenjing');
    expect(second.map((t) => [t.stage, t.status, t.autoReason])).toEqual([[0, 'APPROVED', undefined], [1, 'APPROVED', 'DEDUPLICATED']]);
    expect(h.pending().map((t) => t.assignee)).toEqual(['wumin']);
  });

  it('de-duplication NONE asks the same person again', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'SEQUENTIAL', dedupe: 'NONE', assignees: [users('chenjing'), users('chenjing')] }));
    h.start('d05.buyer');
    h.approve('chenjing');
    expect(h.pending().map((t) => t.assignee)).toEqual(['chenjing']);
  });

  it('撤回 is allowed before anyone acts and cancels every task and timer', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'ANY', assignees: [users('liuyang', 'sunli')], sla: { remindEveryWorkingHours: 4 } }));
    h.start('d05.buyer');
    h.refused('FLW_ERR_NOT_INITIATOR', { type: 'withdraw', actor: 'liuyang' });
    const r = h.run({ type: 'withdraw', actor: 'd05.buyer', reason: '下错单' });
    expect(h.state.status).toBe('CANCELLED');
    expect(h.state.tasks.every((t) => t.status === 'CANCELLED')).toBe(true);
    expect(r.effects.find((e) => e.type === 'cancelTimers')).toBeDefined();
    expect(h.state.timers).toEqual([]);
  });

  it('撤回 is refused once someone has acted', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'SEQUENTIAL', assignees: [users('wanglei', 'zhoutao')] }));
    h.start('d05.buyer');
    h.approve('wanglei');
    h.refused('FLW_ERR_ALREADY_ACTED', { type: 'withdraw', actor: 'd05.buyer' });
  });

  it('会签 with a pass ratio passes at the ratio and rejects when it can no longer be reached', () => {
    const people = users('wanglei', 'chenjing', 'zhaoqiang', 'liuyang');
    const h = new FlowHarness(approvalFlow({ mode: 'ALL', passRatio: 0.75, assignees: [people] }));
    h.start('d05.buyer');
    h.reject('wanglei');
    h.approve('chenjing');
    expect(h.state.status).toBe('RUNNING');
    h.approve('zhaoqiang');
    h.approve('liuyang');
    expect(h.state.status).toBe('APPROVED');

    const h2 = new FlowHarness(approvalFlow({ mode: 'ALL', passRatio: 0.75, assignees: [people] }));
    h2.start('d05.buyer');
    h2.reject('wanglei');
    h2.reject('chenjing');
    expect(h2.state.status).toBe('REJECTED');
    expect(h2.state.tasks.filter((t) => t.status === 'CANCELLED').map((t) => t.assignee).sort()).toEqual(['liuyang', 'zhaoqiang']);
  });

  it('acting on a task that is no longer pending is refused and changes nothing', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'ANY', assignees: [users('liuyang', 'sunli')] }));
    h.start('d05.buyer');
    const [a, b] = h.pending();
    h.run({ type: 'approve', actor: a.assignee, taskId: a.id });
    h.refused('FLW_ERR_TASK_NOT_PENDING', { type: 'approve', actor: a.assignee, taskId: a.id });
    h.refused('FLW_ERR_TASK_NOT_PENDING', { type: 'reject', actor: b.assignee, taskId: b.id });
  });

  it('only the assignee acts on a task', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'SINGLE', assignees: [users('liuyang')] }));
    h.start('d05.buyer');
    h.refused('FLW_ERR_NOT_ASSIGNEE', { type: 'approve', actor: 'sunli', taskId: h.taskOf('liuyang').id });
  });

  it('转交 moves the task to another person, who then decides', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'SINGLE', assignees: [users('liuyang')] }));
    h.start('d05.buyer');
    const t = h.taskOf('liuyang');
    h.refused('FLW_ERR_TRANSFER_TARGET', { type: 'transfer', actor: 'liuyang', taskId: t.id, to: 'ghost' });
    h.run({ type: 'transfer', actor: 'liuyang', taskId: t.id, to: 'sunli' });
    expect(h.state.tasks.find((x) => x.id === t.id)!.status).toBe('TRANSFERRED');
    expect(h.taskOf('sunli').transferredFrom).toBe(t.id);
    h.approve('sunli');
    expect(h.state.status).toBe('APPROVED');
  });

  it('催办 is rate-limited: a second urge within the interval is refused', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'SINGLE', assignees: [users('liuyang')] }));
    h.start('d05.buyer');
    const r = h.run({ type: 'urge', actor: 'd05.buyer' });
    expect(r.effects).toContainEqual({ type: 'notify', kind: 'URGED', users: ['liuyang'] });
    h.now = new Date(Date.parse(h.now) + 59 * 60_000).toISOString();
    h.refused('FLW_ERR_URGE_TOO_SOON', { type: 'urge', actor: 'd05.buyer' });
    h.now = new Date(Date.parse(h.now) + 60_000).toISOString();
    h.run({ type: 'urge', actor: 'd05.buyer' });
  });

  it('comments carry attachment ids and are open to participants only', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'SINGLE', assignees: [users('liuyang')] }));
    h.start('d05.buyer');
    const r = h.run({ type: 'comment', actor: 'liuyang', text: '请附合同', attachmentIds: ['file-1'] });
    expect(r.events[0]).toMatchObject({ type: 'commented', actor: 'liuyang', data: { attachmentIds: ['file-1'] } });
    h.refused('FLW_ERR_NOT_PARTICIPANT', { type: 'comment', actor: 'wumin', text: 'hi' });
  });

  it('a duplicated start with the same idempotency key does nothing; another key is refused', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'SINGLE', assignees: [users('liuyang')] }));
    h.start('d05.buyer', {}, 'order-42');
    const again = h.start('d05.buyer', {}, 'order-42');
    expect(again.events).toEqual([]);
    expect(h.state.tasks).toHaveLength(1);
    h.refused('FLW_ERR_ALREADY_STARTED', { type: 'start', actor: 'd05.buyer', idempotencyKey: 'order-43', variables: {} });
  });

  it('only the permitted starters may start', () => {
    const def = approvalFlow({ mode: 'SINGLE', assignees: [users('liuyang')] });
    def.nodes[0] = { id: 'start', type: 'start', params: { starters: [{ kind: 'role', role: 'DEALER_PURCHASER' }] } };
    const h = new FlowHarness(def, acmeEnv({ directory: acmeDirectory() }));
    h.refused('FLW_ERR_NOT_ALLOWED_TO_START', { type: 'start', actor: 'liuyang', idempotencyKey: 'k', variables: {} });
    h.start('d05.buyer');
    expect(h.state.status).toBe('RUNNING');
  });

  it('field permissions: an approver edits only EDIT fields', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'SINGLE', assignees: [users('sunli')], fieldPermissions: { creditNote: 'EDIT', amount: 'READ' } }));
    h.start('d05.buyer', { amount: '100.00' });
    const t = h.taskOf('sunli');
    h.refused('FLW_ERR_FIELD_NOT_EDITABLE', { type: 'approve', actor: 'sunli', taskId: t.id, formPatch: { amount: '1.00' } });
    h.run({ type: 'approve', actor: 'sunli', taskId: t.id, formPatch: { creditNote: '同意临时额度' } });
    expect(h.state.variables).toMatchObject({ amount: '100.00', creditNote: '同意临时额度' });
  });

  it('role in a region taken from a variable picks that region\'s manager', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'SINGLE', assignees: [{ kind: 'roleInRegion', role: 'REGIONAL_SALES_MANAGER', region: { $var: 'dealer.homeRegion' } }] }));
    h.start('d05.buyer', { dealer: { homeRegion: 'R-NORTH' } });
    expect(h.pending().map((t) => t.assignee)).toEqual(['zhaoqiang']);
  });

  it('manager chain N levels up and initiator-chosen approvers', () => {
    const h = new FlowHarness(approvalFlow({ mode: 'SEQUENTIAL', assignees: [{ kind: 'managerChain', levels: 2 }, { kind: 'initiatorChosen', variable: { $var: 'chosen' } }] }));
    h.start('wanglei', { chosen: ['sunli'] });
    expect(h.pending().map((t) => t.assignee)).toEqual(['zhenghua']);
    h.approve('zhenghua');
    expect(h.pending().map((t) => t.assignee)).toEqual(['sunli']);
  });
});
