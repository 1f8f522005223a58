import { describe, expect, it } from 'vitest';
import type { FlowDefinition, Json } from '../../../rules/flow/index.js';
import { buildSimEnv } from '../../../studio/src/simulator/session/sim-env.js';
import { replayScenario, ScenarioStore, toScenario } from '../../../studio/src/simulator/session/sim-scenario.js';
import { applyAction, openTasks, startSession, waitingCalls, type SimSession } from '../../../studio/src/simulator/session/sim-session.js';
import { sampleVariables, withDealerMasterData } from '../../../studio/src/simulator/session/sim-start.js';
import { acmeRuleSet, acmeTenant, acmeWorkflow, sh } from './acme-tenant.js';

const tenant = acmeTenant();
const orderFlow = acmeWorkflow('dealer-order-approval');
const startAt = sh('2025-09-30 10:00');
const ruleDocs = new Map(tenant.ruleSets.map((r) => [r.key, r.document]));

/** Sample data from the rule sets' test cases, made large enough to need both approvals. */
function bigOrder(): Record<string, Json> {
  const vars = sampleVariables(orderFlow, ruleDocs);
  const order = vars.order as Record<string, Json>;
  // 30,000 × MCU-F103 at 48.00, PLATINUM: 1,241,856.00 (the DMS prices it before the flow starts)
  order.orderAmount = '1241856.00';
  order.appliedOffset = '0.00';
  order.shipToRegion = 'SOUTH-SZ';
  return { ...vars, dealer: { ...(vars.dealer as Record<string, Json>), code: 'D05', status: 'ACTIVE', tier: 'PLATINUM', homeRegion: 'R-SOUTH', authorizedRegions: ['R-SOUTH'], maxDaysOverdue: 0 } };
}

function approveAll(session: SimSession, env: ReturnType<typeof buildSimEnv>): SimSession {
  let s = session;
  for (let i = 0; i < 10 && openTasks(s.state).length > 0; i++) {
    const t = openTasks(s.state)[0];
    s = applyAction(s, env, { kind: 'command', command: { type: 'approve', actor: t.assignee, taskId: t.id, comment: `第 ${i + 1} 步同意` } });
  }
  return s;
}

function memoryStorage() {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), items };
}

describe('sample start data', () => {
  it('fills what the rule nodes read from their rule sets’ first test cases, never what a node produces', () => {
    const vars = sampleVariables(orderFlow, ruleDocs);
    expect(Object.keys(vars).sort()).toEqual(['dealer', 'order', 'pricing', 'rebate', 'rebateEntries']);
    expect(vars.rebateEntries).toEqual([]);
    const routingCase = acmeRuleSet('order-approval-routing').testCases![0].input as Record<string, Json>;
    expect((vars.dealer as Record<string, Json>).creditLimit).toEqual(routingCase.creditLimit);
    expect((vars.order as Record<string, Json>).orderAmount).toEqual(routingCase.orderAmount);
    expect(vars).not.toHaveProperty('routing');
  });

  it('runs the whole order flow for the dealer user without an incident', () => {
    const initiator = tenant.users.find((u) => u.id === 'd05.buyer');
    const variables = withDealerMasterData({ ...sampleVariables(orderFlow, ruleDocs), dealer: { ...(sampleVariables(orderFlow, ruleDocs).dealer as Record<string, Json>), code: 'D05' } }, initiator, tenant.dealers);
    const session = startSession(orderFlow, buildSimEnv(orderFlow, tenant, startAt), { initiator: 'd05.buyer', variables, startAt });
    expect(session.state.incidents).toEqual([]);
    expect(session.state.trail.map((t) => t.nodeId).slice(0, 2)).toEqual(['start', 'routing']);
  });
});

describe('saved scenarios', () => {
  it('replays to the same outcome, deterministically, with clock advances in between', () => {
    const env = buildSimEnv(orderFlow, tenant, startAt);
    let session = startSession(orderFlow, env, { initiator: 'd05.buyer', variables: bigOrder(), startAt });
    session = applyAction(session, env, { kind: 'advance', to: sh('2025-10-09 12:00') });
    session = approveAll(session, env);
    // approved: the flow waits on its first action node (the simulator's user answers it)
    expect(session.state.status).toBe('RUNNING');
    expect(session.state.calls).toMatchObject([{ nodeId: 'confirmPrice', action: 'priceOrder', status: 'CALLING' }]);
    const scenario = JSON.parse(JSON.stringify(toScenario('大额订单两级审批', session, '2025-12-01T00:00:00.000Z')));
    expect(scenario.actions.map((a: { kind: string }) => a.kind)).toEqual(['advance', 'command', 'command']);

    const first = replayScenario(orderFlow, buildSimEnv(orderFlow, tenant, startAt), scenario);
    const second = replayScenario(orderFlow, buildSimEnv(orderFlow, tenant, startAt), scenario);
    expect(first.same).toBe(true);
    expect(first.failedAt).toBeUndefined();
    expect(JSON.stringify(first.session!.state)).toBe(JSON.stringify(session.state));
    expect(JSON.stringify(second.session!.entries)).toBe(JSON.stringify(first.session!.entries));
  });

  it('goes red when the environment changed: the approver left, so the recorded approval is refused', () => {
    const env = buildSimEnv(orderFlow, tenant, startAt);
    const session = approveAll(startSession(orderFlow, env, { initiator: 'd05.buyer', variables: bigOrder(), startAt }), env);
    const scenario = toScenario('s', session, startAt);
    const without = { ...tenant, users: tenant.users.map((u) => (u.id === 'chenjing' ? { ...u, active: false } : u)) };
    const replay = replayScenario(orderFlow, buildSimEnv(orderFlow, without, startAt), scenario);
    expect(replay.same).toBe(false);
    expect(replay.failedAt).toMatchObject({ index: 0, code: expect.stringMatching(/^FLW_ERR_/) });
  });

  it('goes red when the outcome differs: the same scenario with a small order is auto-approved instead of waiting for chenjing', () => {
    const env = buildSimEnv(orderFlow, tenant, startAt);
    const start = { initiator: 'd05.buyer', variables: bigOrder(), startAt };
    const scenario = toScenario('s', startSession(orderFlow, env, start), startAt);
    expect(scenario.outcome.openTasks).toEqual([{ nodeId: 'approvals', assignee: 'chenjing' }]);
    const smaller = { ...start, variables: { ...start.variables, order: { ...(start.variables.order as Record<string, Json>), orderAmount: '422.40' } } };
    const replay = replayScenario(orderFlow, env, { ...scenario, start: smaller });
    expect(replay).toMatchObject({ same: false, outcome: { status: 'RUNNING', openTasks: [] } });
  });

  it('are kept per tenant and workflow, replaced by name', () => {
    const storage = memoryStorage();
    const store = new ScenarioStore(storage, 'acme-chips', 'dealer-order-approval');
    const env = buildSimEnv(orderFlow, tenant, startAt);
    const s = toScenario('a', startSession(orderFlow, env, { initiator: 'd05.buyer', variables: bigOrder(), startAt }), startAt);
    store.save(s);
    store.save({ ...s, name: 'b' });
    store.save({ ...s, savedAt: 'later' });
    expect(store.list().map((x) => [x.name, x.savedAt])).toEqual([['b', startAt], ['a', 'later']]);
    expect(new ScenarioStore(storage, 'beta-tools', 'dealer-order-approval').list()).toEqual([]);
    expect([...storage.items.keys()]).toEqual(['cf.sim.scenarios.acme-chips.dealer-order-approval']);
    expect(store.remove('a').map((x) => x.name)).toEqual(['b']);
  });
});

describe('service nodes are played by the simulator', () => {
  const def: FlowDefinition = {
    key: 'sim-service', name: { zh: '服务', en: 'Service' }, variables: [],
    nodes: [
      { id: 'start', type: 'start', params: {} },
      { id: 'erp', type: 'service', params: { url: 'https://erp.example/orders', secretRef: 'ERP', retry: { maxAttempts: 2, backoffSeconds: 60 }, resultVariable: 'erp' } },
      { id: 'done', type: 'end', params: { outcome: 'APPROVED' } },
    ],
    edges: [{ id: 'e1', from: 'start', to: 'erp' }, { id: 'e2', from: 'erp', to: 'done' }],
  };

  it('lists the webhook as an effect; a failure retries after the backoff on the virtual clock, a success moves on', () => {
    const env = buildSimEnv(def, tenant, startAt);
    let s = startSession(def, env, { initiator: 'hefang', variables: {}, startAt });
    expect(s.entries[0].effects.find((e) => e.type === 'callWebhook')).toMatchObject({ url: 'https://erp.example/orders', attempt: 1 });
    const [call] = waitingCalls(s.state);
    s = applyAction(s, env, { kind: 'command', command: { type: 'serviceResult', callId: call.id, ok: false, error: 'HTTP 503' } });
    expect(waitingCalls(s.state)).toEqual([]);
    s = applyAction(s, env, { kind: 'advance', to: sh('2025-09-30 10:01') });
    expect(waitingCalls(s.state)).toMatchObject([{ attempt: 2 }]);
    s = applyAction(s, env, { kind: 'command', command: { type: 'serviceResult', callId: call.id, ok: true, response: { erpOrderNo: 'SO-1' } } });
    expect(s.state).toMatchObject({ status: 'APPROVED', variables: { erp: { erpOrderNo: 'SO-1' } } });
  });
});
