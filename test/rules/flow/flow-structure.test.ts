import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../../../rules/flow/index.js';
import { FlowHarness } from './flow-harness.js';

const end = (id: string, outcome = 'APPROVED') => ({ id, type: 'end', params: { outcome } });
const single = (id: string, user: string) => ({ id, type: 'approval', params: { mode: 'SINGLE', assignees: [{ kind: 'user', users: [user] }] } });
const def = (nodes: unknown[], edges: [string, string, string?][], variables: FlowDefinition['variables'] = []): FlowDefinition => ({
  key: 'test-structure', name: { zh: '结构', en: 'Structure' }, variables, nodes: nodes as FlowDefinition['nodes'],
  edges: edges.map(([from, to, port], i) => ({ id: `e${i + 1}`, from, to, ...(port ? { port } : {}) })),
});

describe('flow structure', () => {
  it('parallel split and join: both branches must finish before the flow continues', () => {
    const h = new FlowHarness(def(
      [{ id: 'start', type: 'start', params: {} }, { id: 'split', type: 'parallelSplit', params: {} }, single('finance', 'sunli'), single('channel', 'liuyang'),
        { id: 'join', type: 'parallelJoin', params: { split: 'split' } }, single('director', 'zhoutao'), end('done')],
      [['start', 'split'], ['split', 'finance'], ['split', 'channel'], ['finance', 'join', 'approved'], ['channel', 'join', 'approved'], ['join', 'director'], ['director', 'done', 'approved']],
    ));
    h.start('d05.buyer');
    expect(h.pending().map((t) => t.assignee).sort()).toEqual(['liuyang', 'sunli']);
    expect(h.state.tokens).toHaveLength(2);
    h.approve('sunli');
    expect(h.state.tokens.map((t) => [t.nodeId, t.status])).toContainEqual(['join', 'JOINING']);
    expect(h.pending().map((t) => t.assignee)).toEqual(['liuyang']);
    h.approve('liuyang');
    expect(h.pending().map((t) => t.assignee)).toEqual(['zhoutao']);
    expect(h.state.tokens).toHaveLength(1);
    h.approve('zhoutao');
    expect(h.state.status).toBe('APPROVED');
  });

  it('exclusive gateway takes the default branch when no condition holds', () => {
    const gateway = {
      id: 'gw', type: 'exclusiveGateway',
      params: { branches: [{ port: 'big', condition: { all: [{ fact: 'amount', operator: 'decimalGreaterThan', value: '1000000.00' }] } }], defaultPort: 'small' },
    };
    const flow = def([{ id: 'start', type: 'start', params: {} }, gateway, single('director', 'zhoutao'), end('done')],
      [['start', 'gw'], ['gw', 'director', 'big'], ['gw', 'done', 'small'], ['director', 'done', 'approved']], [{ name: 'amount', type: 'money' }]);
    const small = new FlowHarness(flow);
    small.start('d05.buyer', { amount: '999.00' });
    expect(small.state.status).toBe('APPROVED');
    expect(small.events.find((e) => e.type === 'gatewayEvaluated')!.data).toEqual({ nodeId: 'gw', port: 'small', isDefault: true, results: [{ port: 'big', result: false }] });
    const big = new FlowHarness(flow);
    big.start('d05.buyer', { amount: '1000000.01' });
    expect(big.pending().map((t) => t.assignee)).toEqual(['zhoutao']);
  });

  const serviceFlow = () => def([
    { id: 'start', type: 'start', params: {} },
    { id: 'erp', type: 'service', params: { url: 'https://erp.example.com/orders', secretRef: 'erp-hmac', body: { order: { $var: 'orderNo' } }, retry: { maxAttempts: 2, backoffSeconds: 30, factor: 2 }, resultVariable: 'erpReply' } },
    end('done'),
  ], [['start', 'erp'], ['erp', 'done']], [{ name: 'orderNo', type: 'string' }]);

  it('service: a failed call is retried with backoff, then raised as an incident, and an admin retry runs it again', () => {
    const h = new FlowHarness(serviceFlow());
    const started = h.start('d05.buyer', { orderNo: 'SO-1' });
    const call = started.effects.find((e) => e.type === 'callWebhook')!;
    expect(call).toMatchObject({ url: 'https://erp.example.com/orders', secretRef: 'erp-hmac', attempt: 1, body: { instanceId: 'inst-1', nodeId: 'erp', order: 'SO-1' } });
    const callId = call.type === 'callWebhook' ? call.callId : '';
    const failed = h.run({ type: 'serviceResult', callId, ok: false, error: 'HTTP 503' });
    const retry = failed.effects.find((e) => e.type === 'scheduleTimer')!;
    expect(retry).toMatchObject({ kind: 'SERVICE_RETRY', dueAt: new Date(Date.parse(h.now) + 30_000).toISOString() });
    h.now = retry.type === 'scheduleTimer' ? retry.dueAt : h.now;
    const second = h.run({ type: 'timerFired', timerId: retry.type === 'scheduleTimer' ? retry.timerId : '' });
    expect(second.effects).toContainEqual(expect.objectContaining({ type: 'callWebhook', attempt: 2 }));
    const last = h.run({ type: 'serviceResult', callId, ok: false, error: 'HTTP 503' });
    expect(last.effects).toContainEqual(expect.objectContaining({ type: 'createIncident', code: 'FLW_ERR_SERVICE_FAILED' }));
    expect(h.state.tokens[0].status).toBe('INCIDENT');
    const incidentId = h.state.incidents[0].id;
    h.refused('FLW_ERR_NOT_ADMIN', { type: 'resolveIncident', actor: 'liuyang', incidentId, action: 'RETRY' });
    const retried = h.run({ type: 'resolveIncident', actor: 'hefang', incidentId, action: 'RETRY' });
    const again = retried.effects.find((e) => e.type === 'callWebhook')!;
    expect(again).toMatchObject({ attempt: 1 });
    h.run({ type: 'serviceResult', callId: again.type === 'callWebhook' ? again.callId : '', ok: true, response: { erpNo: 'ERP-9' } });
    expect(h.state.variables.erpReply).toEqual({ erpNo: 'ERP-9' });
    expect(h.state.status).toBe('APPROVED');
  });

  it('service: an admin may skip an incident and the flow moves on; a late result does nothing', () => {
    const h = new FlowHarness(serviceFlow());
    const started = h.start('d05.buyer', { orderNo: 'SO-2' });
    const call = started.effects.find((e) => e.type === 'callWebhook')!;
    const callId = call.type === 'callWebhook' ? call.callId : '';
    h.run({ type: 'serviceResult', callId, ok: false, error: 'timeout' });
    h.run({ type: 'timerFired', timerId: h.state.timers[0].id });
    h.run({ type: 'serviceResult', callId, ok: false, error: 'timeout' });
    h.run({ type: 'resolveIncident', actor: 'hefang', incidentId: h.state.incidents[0].id, action: 'SKIP' });
    expect(h.state.status).toBe('APPROVED');
    const late = h.run({ type: 'serviceResult', callId, ok: true });
    expect(late.events).toEqual([]);
  });

  it('a rule that fails raises an incident instead of refusing the command', () => {
    const h = new FlowHarness(def([
      { id: 'start', type: 'start', params: {} },
      { id: 'price', type: 'rule', params: { ruleSet: { key: 'order-pricing' }, inputs: { tier: 'GOLD' }, resultVariable: 'pricing' } },
      end('done'),
    ], [['start', 'price'], ['price', 'done']]));
    h.start('d05.buyer');
    expect(h.state.incidents.map((i) => [i.code, i.nodeId])).toEqual([['FLW_ERR_RULE_FAILED', 'price']]);
    expect(h.state.status).toBe('RUNNING');
  });
});
