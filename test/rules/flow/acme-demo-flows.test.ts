import { describe, expect, it } from 'vitest';
import type { FlowDefinition, Json } from '../../../rules/flow/index.js';
import { checkFlowDefinition } from '../../../rules/flow/index.js';
import { loadAcmeRuleSet } from '../acme-fixtures.js';
import { FlowHarness, readStaged } from './flow-harness.js';

const orderFlow = readStaged<FlowDefinition>('workflows/dealer-order-approval.json');
const onboardingFlow = readStaged<FlowDefinition>('workflows/dealer-onboarding.json');
const fulfilment = (() => {
  const input = loadAcmeRuleSet('warehouse-routing').testCases![0].input as Record<string, Json>;
  return { warehouses: input.warehouses, lanes: input.lanes, stock: input.stock };
})();

/** The order as the DMS hands it to the flow: already priced (the flow does not price again). */
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

/** Plays the server for each action call the flow waits on, in turn (what its handler would answer), and lists the actions. */
function answerActions(h: FlowHarness, results: Record<string, Json>): string[] {
  const ran: string[] = [];
  for (let call = h.state.calls.find((c) => c.status === 'CALLING'); call?.action; call = h.state.calls.find((c) => c.status === 'CALLING')) {
    const effect = h.last!.effects.find((e) => e.type === 'runAction' && e.callId === call!.id);
    expect(effect, call.action).toMatchObject({ action: call.action, attempt: 1, idempotencyKey: `inst-1:${call.id}` });
    ran.push(call.action);
    h.run({ type: 'serviceResult', callId: call.id, ok: true, response: results[call.action] ?? {} });
  }
  return ran;
}

const d05 = { code: 'D05', status: 'ACTIVE', tier: 'PLATINUM', homeRegion: 'R-SOUTH', authorizedRegions: ['R-SOUTH'], creditLimit: '10000000.00', prepaidBalance: '0.00', arOutstanding: '0.00', openOrderAmount: '0.00', maxDaysOverdue: 0 };
const d08 = { code: 'D08', status: 'SUSPENDED', tier: 'GOLD', homeRegion: 'R-SOUTH', authorizedRegions: ['SOUTH-SZ'], creditLimit: '2000000.00', prepaidBalance: '0.00', arOutstanding: '0.00', openOrderAmount: '0.00', maxDaysOverdue: 120 };

describe('acme-chips demo flows', () => {
  it('both demo flows pass the publish check against the acme-chips rule sets and forms', () => {
    const refs = { ruleSets: new Set(['order-approval-routing', 'warehouse-routing']), forms: new Set(['dealer-order', 'dealer-onboarding']) };
    expect(checkFlowDefinition(orderFlow, refs)).toMatchObject({ ok: true });
    expect(checkFlowDefinition(onboardingFlow, refs)).toMatchObject({ ok: true });
  });

  it('a D05 order over 1,000,000.00 routes RSM(R-SOUTH) → SALES_DIRECTOR and completes after both approve', () => {
    const h = new FlowHarness(orderFlow);
    h.start('d05.buyer', orderVariables(d05, 30000, '1241856.00'));
    const routing = h.state.variables.routing as Record<string, Json>;
    expect(routing.decision).toBe('PENDING_APPROVAL');
    expect(routing.steps).toEqual([{ role: 'REGIONAL_SALES_MANAGER', region: 'R-SOUTH' }, { role: 'SALES_DIRECTOR' }]);
    const rules = h.events.filter((e) => e.type === 'ruleEvaluated');
    expect(rules.map((e) => e.type === 'ruleEvaluated' && e.data.ruleSetKey)).toEqual(['order-approval-routing']);
    expect(rules.every((e) => e.type === 'ruleEvaluated' && e.data.trace.length > 0)).toBe(true);
    expect(h.pending().map((t) => t.assignee)).toEqual(['chenjing']);
    h.approve('chenjing', '同意');
    expect(h.pending().map((t) => t.assignee)).toEqual(['zhoutao']);
    h.approve('zhoutao');
    expect(h.state.status).toBe('RUNNING');
    expect(h.last!.effects.find((e) => e.type === 'runAction')).toMatchObject({ action: 'priceOrder', inputs: { orderId: 'order-1' } });
    expect(answerActions(h, { allocateStock: { status: 'ALLOCATED', warehouses: ['WH-SZ'] } })).toEqual(['priceOrder', 'applyRebateOffset', 'allocateStock']);
    expect(h.state.status).toBe('APPROVED');
    expect(h.state.variables.allocation).toMatchObject({ status: 'ALLOCATED' });
  });

  it('a small D05 order is auto-approved by routing and goes straight to the order actions', () => {
    const h = new FlowHarness(orderFlow);
    h.start('d05.buyer', orderVariables(d05, 100, '4224.00'));
    expect(h.state.tasks).toEqual([]);
    expect(answerActions(h, {})).toEqual(['priceOrder', 'applyRebateOffset', 'allocateStock']);
    expect(h.state.status).toBe('APPROVED');
  });

  it('a D08 order is REJECTED by the pre-checks without any task', () => {
    const h = new FlowHarness(orderFlow);
    h.start('d05.buyer', orderVariables(d08, 1000, '44160.00'));
    expect((h.state.variables.routing as Record<string, Json>).reasonCodes).toEqual(['DEALER_NOT_ACTIVE', 'OVERDUE_OVER_90_DAYS']);
    expect(h.state.tasks).toEqual([]);
    expect(h.state.status).toBe('REJECTED');
    expect(h.events.find((e) => e.type === 'instanceEnded')!.data).toEqual({ outcome: 'REJECTED', nodeId: 'rejected' });
  });

  it('onboarding 会签: channel and finance managers both approve, the dealer becomes ACTIVE and the director is copied', () => {
    const h = new FlowHarness(onboardingFlow);
    h.start('hefang', { dealerCode: 'D12', application: { contract: 'C-2025-012' } });
    expect(h.state.variables.dealerStatus).toBe('PENDING_ONBOARDING');
    expect(h.pending().map((t) => t.assignee).sort()).toEqual(['liuyang', 'sunli']);
    h.approve('sunli');
    expect(h.state.status).toBe('RUNNING');
    h.approve('liuyang');
    expect(answerActions(h, { activateDealer: { dealerCode: 'D12', previousStatus: 'PENDING_ONBOARDING', status: 'ACTIVE' } })).toEqual(['activateDealer']);
    expect(h.state.variables.activation).toMatchObject({ status: 'ACTIVE' });
    expect(h.state.variables.dealerStatus).toBe('ACTIVE');
    expect(h.state.cc.map((c) => c.userId)).toEqual(['zhoutao']);
    expect(h.state.status).toBe('APPROVED');
  });

  it('onboarding 会签: one rejection declines the application', () => {
    const h = new FlowHarness(onboardingFlow);
    h.start('hefang', { dealerCode: 'D12', application: {} });
    h.reject('liuyang');
    expect(h.state.status).toBe('REJECTED');
    expect(h.state.variables.dealerStatus).toBe('PENDING_ONBOARDING');
  });
});
