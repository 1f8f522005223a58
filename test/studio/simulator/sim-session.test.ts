import { describe, expect, it } from 'vitest';
import type { FlowDefinition, Json } from '../../../rules/flow/index.js';
import { AppError } from '../../../schemas/errors/app-error.js';
import { buildSimEnv } from '../../../studio/src/simulator/session/sim-env.js';
import { nodeDetails, nodeRunStates, takenEdges } from '../../../studio/src/simulator/session/sim-graph.js';
import { allEvents, applyAction, openTasks, outcomeOf, startSession, type SimSession } from '../../../studio/src/simulator/session/sim-session.js';
import { withDealerMasterData } from '../../../studio/src/simulator/session/sim-start.js';
import { simulatedActionResult } from '../../../studio/src/simulator/session/sim-action.js';
import { approvalFlow } from '../../rules/flow/flow-harness.js';
import { acmeRuleSet, acmeTenant, acmeWorkflow, sh } from './acme-tenant.js';

const tenant = acmeTenant();
const orderFlow = acmeWorkflow('dealer-order-approval');
const onboardingFlow = acmeWorkflow('dealer-onboarding');
const fulfilment = (() => {
  const input = acmeRuleSet('warehouse-routing').testCases![0].input as Record<string, Json>;
  return { warehouses: input.warehouses, lanes: input.lanes, stock: input.stock };
})();

/** The order the server engine's tests use (test/rules/flow/acme-demo-flows.test.ts): priced by the DMS before the flow starts. */
function orderVariables(dealer: Record<string, Json>, qty: number, orderAmount: string): Record<string, Json> {
  return {
    dealer,
    order: {
      id: 'order-1', orderDate: '2025-06-10', shipToRegion: 'SOUTH-SZ', customFields: {}, orderAmount, requestedOffset: '0.00', appliedOffset: '0.00', payableAmount: orderAmount,
      lines: [{ lineNo: 1, sku: 'MCU-F103', name: 'MCU', category: 'MCU', qty, listPrice: '48.00', netUnitPrice: '0', lineAmount: orderAmount, free: false }],
    },
    pricing: { orderAmount },
    rebate: { appliedOffset: '0.00', payableAmount: orderAmount },
    fulfilment,
  };
}
const d05 = { code: 'D05', status: 'ACTIVE', tier: 'PLATINUM', homeRegion: 'R-SOUTH', authorizedRegions: ['R-SOUTH'], creditLimit: '10000000.00', prepaidBalance: '0.00', arOutstanding: '0.00', openOrderAmount: '0.00', maxDaysOverdue: 0 };
const d08 = { code: 'D08', status: 'SUSPENDED', tier: 'GOLD', homeRegion: 'R-SOUTH', authorizedRegions: ['SOUTH-SZ'], creditLimit: '2000000.00', prepaidBalance: '0.00', arOutstanding: '0.00', openOrderAmount: '0.00', maxDaysOverdue: 120 };

const startAt = sh('2025-09-30 10:00');

function begin(def: FlowDefinition, initiator: string, variables: Record<string, Json>) {
  const env = buildSimEnv(def, tenant, startAt);
  return { env, session: startSession(def, env, { initiator, variables, startAt }) };
}

function approveAs(s: SimSession, env: ReturnType<typeof buildSimEnv>, user: string, comment?: string): SimSession {
  const task = openTasks(s.state).find((t) => t.assignee === user);
  expect(task, `an open task for ${user}`).toBeDefined();
  return applyAction(s, env, { kind: 'command', command: { type: 'approve', actor: user, taskId: task!.id, ...(comment ? { comment } : {}) } });
}

/** Answers every action node the session waits on with the simulator's marked result (the user's 模拟成功), in turn. */
function playActions(def: FlowDefinition, s: SimSession, env: ReturnType<typeof buildSimEnv>): { session: SimSession; actions: string[] } {
  const actions: string[] = [];
  for (let call = s.state.calls.find((c) => c.status === 'CALLING'); call?.action; call = s.state.calls.find((c) => c.status === 'CALLING')) {
    actions.push(call.action);
    s = applyAction(s, env, { kind: 'command', command: { type: 'serviceResult', callId: call.id, ok: true, response: simulatedActionResult(def, s.state, call) } });
  }
  return { session: s, actions };
}

describe('simulator session on the acme-chips demo flows (same outcomes as the server engine tests)', () => {
  it('a D05 order over 1,000,000.00 routes RSM(R-SOUTH) → SALES_DIRECTOR and completes after both approve', () => {
    let { env, session } = begin(orderFlow, 'd05.buyer', orderVariables(d05, 30000, '1241856.00'));
    expect((session.state.variables.routing as Record<string, Json>).steps).toEqual([{ role: 'REGIONAL_SALES_MANAGER', region: 'R-SOUTH' }, { role: 'SALES_DIRECTOR' }]);
    const rules = allEvents(session).flatMap((e) => (e.type === 'ruleEvaluated' ? [e.data] : []));
    expect(rules.map((r) => r.ruleSetKey)).toEqual(['order-approval-routing']);
    expect(rules.every((r) => r.trace.length > 0 && r.version === 1)).toBe(true);
    expect(openTasks(session.state).map((t) => t.assignee)).toEqual(['chenjing']);
    expect(nodeRunStates(orderFlow, session.state)).toMatchObject({ start: 'visited', routing: 'visited', approvals: 'active', allocate: 'idle' });

    session = approveAs(session, env, 'chenjing', '同意');
    expect(openTasks(session.state).map((t) => t.assignee)).toEqual(['zhoutao']);
    session = approveAs(session, env, 'zhoutao');
    expect(session.entries.at(-1)!.effects).toContainEqual(expect.objectContaining({ type: 'runAction', action: 'priceOrder', inputs: { orderId: 'order-1' } }));
    const played = playActions(orderFlow, session, env);
    session = played.session;
    expect(played.actions).toEqual(['priceOrder', 'applyRebateOffset', 'allocateStock']);
    expect(outcomeOf(session)).toEqual({ status: 'APPROVED', endNodeId: 'approved', openTasks: [], openIncidents: [] });
    // the simulator changes no records: its answer says so and carries the inputs the server would get
    expect(session.state.variables.allocation).toEqual({ simulated: true, action: 'allocateStock', inputs: { orderId: 'order-1' } });
    expect([...takenEdges(orderFlow, allEvents(session))].sort()).toEqual(['e1', 'e10', 'e11', 'e12', 'e4', 'e7', 'e8']);

    const routing = nodeDetails(allEvents(session), 'routing').find((d) => d.kind === 'rule')!;
    expect(routing).toMatchObject({ ruleSetKey: 'order-approval-routing', inputs: { shipToRegion: 'SOUTH-SZ' }, outputs: { decision: 'PENDING_APPROVAL' } });
    expect(routing.trace!.length).toBeGreaterThan(0);
    expect(nodeDetails(allEvents(session), 'approvals').map((d) => d.event.type)).toContain('taskApproved');
    // Effects are listed, never performed: the initiator's result notice is one of them.
    expect(session.entries.at(-1)!.effects).toContainEqual({ type: 'notify', kind: 'RESULT', users: ['d05.buyer'] });
  });

  it('a small D05 order is auto-approved by routing', () => {
    const { env, session: started } = begin(orderFlow, 'd05.buyer', orderVariables(d05, 100, '4224.00'));
    expect(started.state.tasks).toEqual([]);
    const { session } = playActions(orderFlow, started, env);
    expect(outcomeOf(session).status).toBe('APPROVED');
    expect(takenEdges(orderFlow, allEvents(session)).has('e6')).toBe(true);
  });

  it('a D08 order is REJECTED by the pre-checks without any task', () => {
    const { session } = begin(orderFlow, 'd05.buyer', orderVariables(d08, 1000, '44160.00'));
    expect((session.state.variables.routing as Record<string, Json>).reasonCodes).toEqual(['DEALER_NOT_ACTIVE', 'OVERDUE_OVER_90_DAYS']);
    expect(outcomeOf(session)).toMatchObject({ status: 'REJECTED', endNodeId: 'rejected' });
  });

  it('onboarding 会签: both managers approve, the dealer becomes ACTIVE and the director is copied', () => {
    let { env, session } = begin(onboardingFlow, 'hefang', { dealerCode: 'D12', application: { contract: 'C-2025-012' } });
    expect(openTasks(session.state).map((t) => t.assignee).sort()).toEqual(['liuyang', 'sunli']);
    session = approveAs(session, env, 'sunli');
    expect(session.state.status).toBe('RUNNING');
    session = approveAs(session, env, 'liuyang');
    ({ session } = playActions(onboardingFlow, session, env));
    expect(session.state.variables.activation).toEqual({ simulated: true, action: 'activateDealer', inputs: { dealerCode: 'D12' } });
    expect(session.state.variables.dealerStatus).toBe('ACTIVE');
    expect(session.state.cc.map((c) => c.userId)).toEqual(['zhoutao']);
    expect(outcomeOf(session).status).toBe('APPROVED');
  });

  it('onboarding 会签: one rejection declines the application', () => {
    let { env, session } = begin(onboardingFlow, 'hefang', { dealerCode: 'D12', application: {} });
    const task = openTasks(session.state).find((t) => t.assignee === 'liuyang')!;
    session = applyAction(session, env, { kind: 'command', command: { type: 'reject', actor: 'liuyang', taskId: task.id, comment: '资料不全' } });
    expect(outcomeOf(session)).toMatchObject({ status: 'REJECTED' });
  });

  it('a refused command throws the machine’s code and leaves the session as it was', () => {
    const { env, session } = begin(orderFlow, 'd05.buyer', orderVariables(d05, 30000, '1241856.00'));
    const task = openTasks(session.state)[0];
    let error: unknown;
    try { applyAction(session, env, { kind: 'command', command: { type: 'approve', actor: 'wanglei', taskId: task.id } }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toMatch(/^FLW_ERR_/);
    expect(openTasks(session.state)[0].id).toBe(task.id);
    expect(session.actions).toEqual([]);
  });
});

describe('the virtual clock fires SLA timers on the tenant’s working calendar', () => {
  it('reminds every 4 working hours and escalates after 16, skipping the National Day holiday', () => {
    let { env, session } = begin(orderFlow, 'd05.buyer', orderVariables(d05, 30000, '1241856.00'));
    session = applyAction(session, env, { kind: 'advance', to: sh('2025-10-10 09:00') });
    const fired = allEvents(session).filter((e) => e.type === 'reminderSent' || e.type === 'taskEscalated').map((e) => [e.type, e.at]);
    // 2025-09-30 10:00 + 16 working hours: 8 on 30 Sep, 1–8 Oct are holidays, 8 on 9 Oct → 9 Oct 17:00.
    expect(fired).toEqual([
      ['reminderSent', sh('2025-09-30 14:00')], ['reminderSent', sh('2025-09-30 18:00')],
      ['reminderSent', sh('2025-10-09 13:00')], ['taskEscalated', sh('2025-10-09 17:00')], ['reminderSent', sh('2025-10-09 17:00')],
    ]);
    expect(session.now).toBe(sh('2025-10-10 09:00'));
    const escalated = allEvents(session).find((e) => e.type === 'taskEscalated');
    expect(escalated?.type === 'taskEscalated' && escalated.data.users).toEqual(['zhoutao']);
  });

  it('auto-approves a task after its working days run out (Friday → Monday)', () => {
    const def = approvalFlow({ mode: 'SINGLE', assignees: [{ kind: 'role', role: 'CHANNEL_MANAGER' }], sla: { autoDecideAfterWorkingDays: 1, autoDecision: 'APPROVE' } });
    const env = buildSimEnv(def, tenant, sh('2025-06-13 10:00'));
    let session = startSession(def, env, { initiator: 'hefang', variables: {}, startAt: sh('2025-06-13 10:00') });
    const due = openTasks(session.state)[0].dueAt!;
    expect(due).toBe(sh('2025-06-16 10:00'));
    session = applyAction(session, env, { kind: 'advance', to: sh('2025-06-16 09:59') });
    expect(session.state.status).toBe('RUNNING');
    session = applyAction(session, env, { kind: 'advance', to: sh('2025-06-16 12:00') });
    expect(outcomeOf(session)).toMatchObject({ status: 'APPROVED', endNodeId: 'ok' });
    expect(session.state.tasks[0]).toMatchObject({ decidedBy: 'system', autoReason: 'TIMEOUT' });
  });
});

describe('the initiator and the dealer’s master data (as the server starts an instance)', () => {
  it('a dealer user gets its own dealer’s master data over what the form sent', () => {
    const vars = withDealerMasterData({ dealer: { code: 'D05', tier: 'BRONZE', creditLimit: '99999999.00', arOutstanding: '10.00' } }, tenant.users.find((u) => u.id === 'd05.buyer'), tenant.dealers);
    expect(vars.dealer).toMatchObject({ code: 'D05', tier: 'PLATINUM', creditLimit: '10000000.00', arOutstanding: '10.00', authorizedRegions: ['R-SOUTH'] });
  });

  it('a dealer user may not start for another dealer', () => {
    expect(() => withDealerMasterData({ dealer: { code: 'D06' } }, tenant.users.find((u) => u.id === 'd05.buyer'), tenant.dealers)).toThrowError(
      expect.objectContaining({ code: 'FLW_ERR_NOT_ALLOWED_TO_START' }),
    );
  });
});
