import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../../../rules/flow/index.js';
import { executeCommand } from '../../../studio/src/designer/store/flow-commands.js';
import { diffFlows } from '../../../studio/src/designer/store/flow-diff.js';
import { checkConnection, edgesOnMissingPorts, inHandle, outHandle, outPortsOfNode } from '../../../studio/src/designer/store/flow-ports.js';
import { fromServerProblems, validateFlow } from '../../../studio/src/designer/store/flow-validation.js';
import { newNode, newWorkflowDocument } from '../../../studio/src/designer/store/node-defaults.js';

const orderApproval = (): FlowDefinition =>
  JSON.parse(readFileSync(new URL('../../../server/seed/acme-chips/workflows/dealer-order-approval.json', import.meta.url), 'utf8'));

const attempt = (source: string, sourcePort: string, target: string) => ({ source, sourceHandle: outHandle(sourcePort), target, targetHandle: inHandle('in') });

describe('connections are checked against the node types’ ports', () => {
  const doc = newWorkflowDocument('c', { zh: '连线', en: 'Connect' });
  const withApproval = executeCommand(doc, { type: 'addNode', node: newNode('approval', doc, { x: 200, y: 100 }) }).doc;

  it('refuses a second edge out of a single-edge port, a self-loop, out → out, and the same edge twice', () => {
    expect(checkConnection(withApproval, attempt('start', 'out', 'approval_1'))).toEqual({ ok: false, reason: 'PORT_IN_USE' });
    expect(checkConnection(withApproval, attempt('approval_1', 'approved', 'approval_1'))).toEqual({ ok: false, reason: 'SELF_LOOP' });
    expect(checkConnection(withApproval, { source: 'start', sourceHandle: outHandle('out'), target: 'approval_1', targetHandle: outHandle('approved') })).toEqual({ ok: false, reason: 'WRONG_DIRECTION' });
    const wired = executeCommand(withApproval, { type: 'removeElements', nodeIds: [], edgeIds: ['e_start_end'] }).doc;
    expect(checkConnection(wired, attempt('start', 'nope', 'approval_1'))).toEqual({ ok: false, reason: 'NO_SUCH_PORT' });
    const ok = checkConnection(wired, attempt('start', 'out', 'approval_1'));
    expect(ok).toMatchObject({ ok: true, edge: { from: 'start', to: 'approval_1' } });
    expect(ok.ok && 'port' in ok.edge).toBe(false);
  });

  it('turns a connection drawn backwards (in port → out port) round, and names the port of a named out port', () => {
    const c = checkConnection(withApproval, { source: 'end', sourceHandle: inHandle('in'), target: 'approval_1', targetHandle: outHandle('rejected') });
    expect(c).toMatchObject({ ok: true, edge: { from: 'approval_1', to: 'end', port: 'rejected' } });
  });

  it('gives an exclusive gateway one handle per branch plus its default, and drops edges on a branch that is removed', () => {
    const doc = orderApproval();
    const gateway = doc.nodes.find((n) => n.id === 'decision')!;
    expect(outPortsOfNode(gateway).map((p) => p.name)).toEqual(['rejected', 'autoApproved', 'needsApproval']);
    expect(outPortsOfNode(gateway)[2].label.zh).toBe('默认');
    const fewer = { ...gateway, params: { ...gateway.params, branches: (gateway.params as { branches: { port: string }[] }).branches.filter((b) => b.port !== 'autoApproved') } } as typeof gateway;
    expect(edgesOnMissingPorts(doc, fewer)).toEqual(['e6']);
  });
});

describe('live validation', () => {
  it('reports a new approval node’s missing assignees on the node, in Chinese, and nothing once configured and connected', () => {
    let doc = newWorkflowDocument('v', { zh: '校验', en: 'Validate' });
    expect(validateFlow(doc, null, 'zh-CN').problems).toEqual([]);
    doc = executeCommand(doc, { type: 'addNode', node: newNode('approval', doc, { x: 200, y: 100 }) }).doc;
    const v = validateFlow(doc, null, 'zh-CN');
    expect(v.byNode.get('approval_1')?.[0]).toMatchObject({ code: 'FLW_ERR_SCHEMA', pointer: '/nodes/2/params/assignees', source: 'live' });
    expect(v.byNode.get('approval_1')?.[0].message).toMatch(/[\u4e00-\u9fa5]/);
    doc = executeCommand(doc, { type: 'updateParams', nodeId: 'approval_1', params: { mode: 'ANY', assignees: [{ kind: 'role', role: 'CHANNEL_MANAGER' }] } }).doc;
    expect(validateFlow(doc, null, 'zh-CN').byNode.get('approval_1')?.map((p) => p.code)).not.toContain('FLW_ERR_SCHEMA');
    expect(validateFlow(doc, null, 'zh-CN').byNode.get('approval_1')?.map((p) => p.code)).toEqual(expect.arrayContaining(['FLW_ERR_UNREACHABLE', 'FLW_ERR_MISSING_EDGE', 'FLW_ERR_NO_PATH_TO_END']));
    doc = executeCommand(doc, { type: 'batch', commands: [
      { type: 'removeElements', nodeIds: [], edgeIds: ['e_start_end'] },
      { type: 'connect', edge: { id: 'e1', from: 'start', to: 'approval_1' } },
      { type: 'connect', edge: { id: 'e2', from: 'approval_1', to: 'end', port: 'approved' } },
    ] }).doc;
    expect(validateFlow(doc, null, 'zh-CN').problems).toEqual([]);
  });

  it('leaves rule-set and form references to the server until the published keys are known', () => {
    const doc = orderApproval();
    expect(validateFlow(doc, null, 'en').problems).toEqual([]);
    const refs = { ruleSets: new Set(['order-pricing']), forms: new Set<string>() };
    expect(new Set(validateFlow(doc, refs, 'en').problems.map((p) => p.code))).toEqual(new Set(['FLW_ERR_UNKNOWN_RULE_SET', 'FLW_ERR_UNKNOWN_FORM']));
  });

  it('ties a server problem to its node by id, or by the node index in its pointer', () => {
    const doc = orderApproval();
    expect(fromServerProblems(doc, [{ pointer: '/nodes/3/params', code: 'X', message: 'm' }])[0]).toMatchObject({ nodeId: 'approvals', source: 'server' });
    expect(fromServerProblems(doc, [{ pointer: '/', code: 'X', message: 'm', nodeId: 'routing' }])[0].nodeId).toBe('routing');
  });
});

describe('version diff', () => {
  it('names added, removed, changed and moved nodes, the changed parameters by pointer, and edges by their ends', () => {
    const before = orderApproval();
    const after = orderApproval();
    after.nodes = after.nodes.filter((n) => n.id !== 'routing');
    after.edges = after.edges.filter((e) => e.from !== 'routing' && e.to !== 'routing').concat({ id: 'x', from: 'start', to: 'decision' });
    const approvals = after.nodes.find((n) => n.id === 'approvals')!;
    approvals.params = { ...approvals.params, mode: 'ALL' } as typeof approvals.params;
    after.nodes.find((n) => n.id === 'approved')!.position = { x: 1, y: 1 };
    after.nodes.push({ id: 'cc', type: 'notify', params: { recipients: [{ kind: 'role', role: 'CFO' }] } });
    const d = diffFlows(before, after);
    expect(d.nodes.get('routing')).toBe('removed');
    expect(d.nodes.get('cc')).toBe('added');
    expect(d.nodes.get('approvals')).toBe('changed');
    expect(d.changes.get('approvals')).toEqual([{ path: '/params/mode', before: 'SEQUENTIAL', after: 'ALL' }]);
    expect(d.nodes.get('approved')).toBe('moved');
    expect(d.nodes.get('start')).toBe('same');
    expect(d.edges.get('start→decision:out')).toBe('added');
    expect(d.edges.get('start→routing:out')).toBe('removed');
    expect(d.edges.get('confirmPrice→consumeRebate:out')).toBe('same');
  });
});
