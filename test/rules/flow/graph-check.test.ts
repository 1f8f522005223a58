import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../../../rules/flow/index.js';
import { checkFlowDefinition } from '../../../rules/flow/index.js';

const refs = { ruleSets: new Set(['order-pricing']), forms: new Set(['dealer-order']) };
type Edge = [string, string, string?];

function doc(nodes: unknown[], edges: Edge[], variables: FlowDefinition['variables'] = [{ name: 'amount', type: 'money' }]): unknown {
  return {
    key: 'bad-flow', name: { zh: '坏流程', en: 'Bad flow' }, variables, nodes,
    edges: edges.map(([from, to, port], i) => ({ id: `e${i + 1}`, from, to, ...(port ? { port } : {}) })),
  };
}
const start = { id: 'start', type: 'start', params: {} };
const end = { id: 'end', type: 'end', params: { outcome: 'APPROVED' } };
const approval = (id: string) => ({ id, type: 'approval', params: { mode: 'SINGLE', assignees: [{ kind: 'role', role: 'CFO' }] } });
const gateway = (defaultPort = 'other', fact = 'amount', operator = 'decimalGreaterThan') => ({
  id: 'gw', type: 'exclusiveGateway', params: { branches: [{ port: 'big', condition: { all: [{ fact, operator, value: '1.00' }] } }], defaultPort },
});

function problemsOf(d: unknown) {
  const r = checkFlowDefinition(d, refs);
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.problems.map((p) => ({ code: p.code, nodeId: p.nodeId, pointer: p.pointer }));
}

describe('graph check for publish', () => {
  it('accepts a correct definition', () => {
    expect(checkFlowDefinition(doc([start, approval('a'), end], [['start', 'a'], ['a', 'end', 'approved']]), refs).ok).toBe(true);
  });

  it('a schema problem names the node', () => {
    expect(problemsOf(doc([start, { id: 'a', type: 'approval', params: { mode: 'SOMETIMES', assignees: [] } }, end], [['start', 'a'], ['a', 'end', 'approved']])))
      .toContainEqual(expect.objectContaining({ code: 'FLW_ERR_SCHEMA', nodeId: 'a' }));
  });

  it('needs exactly one start', () => {
    expect(problemsOf(doc([start, { ...start, id: 'start2' }, end], [['start', 'end'], ['start2', 'end']])))
      .toContainEqual({ code: 'FLW_ERR_START_COUNT', nodeId: 'start2', pointer: '/nodes/1' });
  });

  it('node ids are unique', () => {
    expect(problemsOf(doc([start, approval('a'), approval('a'), end], [['start', 'a'], ['a', 'end', 'approved']])))
      .toContainEqual({ code: 'FLW_ERR_DUPLICATE_ID', nodeId: 'a', pointer: '/nodes/2/id' });
  });

  it('edges point at existing nodes and existing ports', () => {
    const p = problemsOf(doc([start, approval('a'), end], [['start', 'a'], ['a', 'ghost', 'approved'], ['a', 'end', 'maybe']]));
    expect(p).toContainEqual({ code: 'FLW_ERR_UNKNOWN_NODE', nodeId: 'a', pointer: '/edges/1/to' });
    expect(p).toContainEqual({ code: 'FLW_ERR_BAD_PORT', nodeId: 'a', pointer: '/edges/2/port' });
  });

  it('every node is reachable from the start', () => {
    expect(problemsOf(doc([start, approval('a'), approval('island'), end], [['start', 'a'], ['a', 'end', 'approved'], ['island', 'end', 'approved']])))
      .toContainEqual({ code: 'FLW_ERR_UNREACHABLE', nodeId: 'island', pointer: '/nodes/2' });
  });

  it('every node has a path to an end', () => {
    const loop = { id: 'loop', type: 'setVariables', params: { set: { amount: '0.00' } } };
    expect(problemsOf(doc([start, gateway(), loop, end], [['start', 'gw'], ['gw', 'loop', 'big'], ['gw', 'end', 'other'], ['loop', 'loop']])))
      .toContainEqual({ code: 'FLW_ERR_NO_PATH_TO_END', nodeId: 'loop', pointer: '/nodes/2' });
  });

  it('a required outgoing edge is missing', () => {
    expect(problemsOf(doc([start, approval('a'), end], [['start', 'a'], ['start', 'end']])))
      .toContainEqual({ code: 'FLW_ERR_MISSING_EDGE', nodeId: 'a', pointer: '/nodes/1/params' });
  });

  it('an exclusive gateway needs its default branch', () => {
    expect(problemsOf(doc([start, gateway(), end], [['start', 'gw'], ['gw', 'end', 'big']])))
      .toContainEqual({ code: 'FLW_ERR_NO_DEFAULT_BRANCH', nodeId: 'gw', pointer: '/nodes/1/params' });
  });

  it('gateway conditions use known operators and declared variables', () => {
    expect(problemsOf(doc([start, gateway('other', 'amount', 'isHuge'), end], [['start', 'gw'], ['gw', 'end', 'big'], ['gw', 'end', 'other']])))
      .toContainEqual({ code: 'FLW_ERR_BAD_CONDITION', nodeId: 'gw', pointer: '/nodes/1/params/branches/0/condition/all/0/operator' });
    expect(problemsOf(doc([start, gateway('other', 'undeclared'), end], [['start', 'gw'], ['gw', 'end', 'big'], ['gw', 'end', 'other']])))
      .toContainEqual({ code: 'FLW_ERR_UNKNOWN_VARIABLE', nodeId: 'gw', pointer: '/nodes/1/params/branches/0/condition' });
  });

  it('a join must match its split', () => {
    const split = { id: 'split', type: 'parallelSplit', params: {} };
    const join = { id: 'join', type: 'parallelJoin', params: { split: 'split' } };
    const p = problemsOf(doc([start, split, approval('a'), approval('b'), join, end],
      [['start', 'split'], ['split', 'a'], ['split', 'b'], ['a', 'join', 'approved'], ['b', 'end', 'approved'], ['join', 'end']]));
    expect(p).toContainEqual({ code: 'FLW_ERR_JOIN_MISMATCH', nodeId: 'join', pointer: '/nodes/4' });
    const wrong = { id: 'join', type: 'parallelJoin', params: { split: 'a' } };
    expect(problemsOf(doc([start, split, approval('a'), approval('b'), wrong, end],
      [['start', 'split'], ['split', 'a'], ['split', 'b'], ['a', 'join', 'approved'], ['b', 'join', 'approved'], ['join', 'end']])))
      .toContainEqual({ code: 'FLW_ERR_JOIN_MISMATCH', nodeId: 'join', pointer: '/nodes/4/params/split' });
  });

  it('referenced rule sets and forms must be published', () => {
    const rule = { id: 'r', type: 'rule', params: { ruleSet: { key: 'not-published' }, inputs: {} } };
    const formStart = { id: 'start', type: 'start', params: { form: { key: 'no-such-form' } } };
    const p = problemsOf(doc([formStart, rule, end], [['start', 'r'], ['r', 'end']]));
    expect(p).toContainEqual({ code: 'FLW_ERR_UNKNOWN_RULE_SET', nodeId: 'r', pointer: '/nodes/1/params/ruleSet/key' });
    expect(p).toContainEqual({ code: 'FLW_ERR_UNKNOWN_FORM', nodeId: 'start', pointer: '/nodes/0/params/form/key' });
  });
});
