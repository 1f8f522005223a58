import { describe, expect, it } from 'vitest';
import type { FlowDefinition, FlowEffectOf } from '../../../rules/flow/index.js';
import { checkFlowDefinition } from '../../../rules/flow/index.js';
import { actionNodeTypeIds } from '../../../schemas/flow/node-types.js';
import { FlowHarness } from './flow-harness.js';

/** start → allocateStock(order.id) → end: the smallest flow with an action node. */
function allocateFlow(params: Record<string, unknown> = {}): FlowDefinition {
  return {
    key: 'test-allocate', name: { zh: '分仓测试', en: 'Allocate test' },
    variables: [{ name: 'order', type: 'object' }],
    nodes: [
      { id: 'start', type: 'start', params: {} },
      { id: 'allocate', type: 'allocateStock', params: { inputs: { orderId: { $var: 'order.id' } }, retry: { maxAttempts: 3, backoffSeconds: 30, factor: 2 }, resultVariable: 'allocation', ...params } as never },
      { id: 'done', type: 'end', params: { outcome: 'APPROVED' } },
    ],
    edges: [{ id: 'e1', from: 'start', to: 'allocate' }, { id: 'e2', from: 'allocate', to: 'done' }],
  };
}

const runActionOf = (effects: readonly { type: string }[]) => effects.find((e) => e.type === 'runAction') as FlowEffectOf<'runAction'> | undefined;

describe('action nodes (one runner on the service-call machinery)', () => {
  it('asks the caller to run the action with inputs read from the variables and a key stable across attempts; the result goes into the variable', () => {
    const h = new FlowHarness(allocateFlow());
    const started = h.start('d05.buyer', { order: { id: 'order-7' } });
    const effect = runActionOf(started.effects)!;
    expect(effect).toMatchObject({ action: 'allocateStock', nodeId: 'allocate', inputs: { orderId: 'order-7' }, attempt: 1, idempotencyKey: `inst-1:${effect.callId}` });
    expect(h.state.status).toBe('RUNNING');
    expect(h.state.calls).toEqual([{ id: effect.callId, nodeId: 'allocate', tokenId: h.state.tokens[0].id, attempt: 1, status: 'CALLING', action: 'allocateStock' }]);
    h.run({ type: 'serviceResult', callId: effect.callId, ok: true, response: { status: 'ALLOCATED', warehouses: ['WH-SZ'] } });
    expect(h.state.variables.allocation).toEqual({ status: 'ALLOCATED', warehouses: ['WH-SZ'] });
    expect(h.state.status).toBe('APPROVED');
    expect(h.eventTypes()).toEqual(expect.arrayContaining(['serviceCalled', 'serviceSucceeded', 'variablesSet', 'instanceEnded']));
  });

  it('a failed attempt is retried after the backoff with the same key; after the last one an FLW_ERR_ACTION_FAILED incident', () => {
    const h = new FlowHarness(allocateFlow());
    const first = runActionOf(h.start('d05.buyer', { order: { id: 'order-7' } }).effects)!;
    const failed = h.run({ type: 'serviceResult', callId: first.callId, ok: false, error: 'connection lost' });
    const timer = failed.effects.find((e) => e.type === 'scheduleTimer') as FlowEffectOf<'scheduleTimer'>;
    expect(timer).toMatchObject({ kind: 'SERVICE_RETRY', callId: first.callId, dueAt: new Date(Date.parse(h.now) + 30_000).toISOString() });
    h.now = timer.dueAt;
    const second = runActionOf(h.run({ type: 'timerFired', timerId: timer.timerId }).effects)!;
    expect(second).toMatchObject({ callId: first.callId, attempt: 2, idempotencyKey: first.idempotencyKey });
    const again = h.run({ type: 'serviceResult', callId: first.callId, ok: false, error: 'connection lost' });
    expect((again.effects.find((e) => e.type === 'scheduleTimer') as FlowEffectOf<'scheduleTimer'>).dueAt).toBe(new Date(Date.parse(h.now) + 60_000).toISOString());
    h.now = h.state.timers[0].dueAt;
    h.run({ type: 'timerFired', timerId: h.state.timers[0].id });
    const last = h.run({ type: 'serviceResult', callId: first.callId, ok: false, error: 'connection lost' });
    expect(last.effects).toContainEqual(expect.objectContaining({ type: 'createIncident', code: 'FLW_ERR_ACTION_FAILED', nodeId: 'allocate' }));
    expect(h.state.incidents[0].message).toBe('allocateStock failed after 3 attempts: connection lost');
    expect(h.state.tokens[0].status).toBe('INCIDENT');
  });

  it('a refusal by the records is not retried: the incident is raised at once; an admin retry opens a new call', () => {
    const h = new FlowHarness(allocateFlow());
    const first = runActionOf(h.start('d05.buyer', { order: { id: 'order-7' } }).effects)!;
    const refused = h.run({ type: 'serviceResult', callId: first.callId, ok: false, error: 'DMS_ERR_ORDER_STATE', retryable: false, incidentCode: 'FLW_ERR_ACTION_FAILED' });
    expect(refused.effects.some((e) => e.type === 'scheduleTimer')).toBe(false);
    expect(h.state.incidents).toMatchObject([{ code: 'FLW_ERR_ACTION_FAILED', message: 'allocateStock refused: DMS_ERR_ORDER_STATE', status: 'OPEN' }]);
    const retried = runActionOf(h.run({ type: 'resolveIncident', actor: 'hefang', incidentId: h.state.incidents[0].id, action: 'RETRY' }).effects)!;
    expect(retried.callId).not.toBe(first.callId);
    expect(retried).toMatchObject({ attempt: 1, inputs: { orderId: 'order-7' } });
  });

  it('a late or duplicated result does nothing', () => {
    const h = new FlowHarness(allocateFlow());
    const first = runActionOf(h.start('d05.buyer', { order: { id: 'order-7' } }).effects)!;
    h.run({ type: 'serviceResult', callId: first.callId, ok: true, response: { status: 'ALLOCATED' } });
    const duplicate = h.run({ type: 'serviceResult', callId: first.callId, ok: true, response: { status: 'BACKORDERED' } });
    expect(duplicate.events).toEqual([]);
    expect(h.state.variables.allocation).toEqual({ status: 'ALLOCATED' });
  });

  it('the graph check knows the result variable and refuses inputs that read an undeclared variable', () => {
    const refs = { ruleSets: new Set<string>(), forms: new Set<string>() };
    expect(checkFlowDefinition(allocateFlow(), refs)).toMatchObject({ ok: true });
    const bad = checkFlowDefinition(allocateFlow({ inputs: { orderId: { $var: 'nowhere.id' } } }), refs);
    expect(bad).toMatchObject({ ok: false, problems: [{ code: 'FLW_ERR_UNKNOWN_VARIABLE', nodeId: 'allocate', pointer: '/nodes/1/params/inputs/orderId' }] });
    const missing = checkFlowDefinition(allocateFlow({ inputs: {} }), refs);
    expect(missing).toMatchObject({ ok: false, problems: [{ code: 'FLW_ERR_SCHEMA', nodeId: 'allocate' }] });
    const reading = allocateFlow();
    reading.nodes.splice(2, 0, { id: 'copy', type: 'setVariables', params: { set: { where: { $var: 'allocation.status' } } } });
    reading.edges = [{ id: 'e1', from: 'start', to: 'allocate' }, { id: 'e2', from: 'allocate', to: 'copy' }, { id: 'e3', from: 'copy', to: 'done' }];
    expect(checkFlowDefinition(reading, refs)).toMatchObject({ ok: true });
  });

  it('every action node type runs through the same runner', () => {
    for (const type of actionNodeTypeIds) {
      const def = allocateFlow();
      def.nodes[1] = { id: 'act', type, params: { inputs: { orderId: 'x', dealerCode: 'D05', tier: 'GOLD', reviewYear: 2027, period: '2026-Q3', basis: '1.00' } } } as never;
      def.edges = [{ id: 'e1', from: 'start', to: 'act' }, { id: 'e2', from: 'act', to: 'done' }];
      const h = new FlowHarness(def);
      expect(runActionOf(h.start('d05.buyer', {}).effects), type).toMatchObject({ action: type, nodeId: 'act' });
    }
  });
});
