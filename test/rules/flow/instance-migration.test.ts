import { describe, expect, it } from 'vitest';
import type { FlowDefinition, FlowState } from '../../../rules/flow/index.js';
import { checkFlowDefinition, checkNodeMapping, migrateInstanceState } from '../../../rules/flow/index.js';
import { FlowHarness, twoStepFlow } from './flow-harness.js';

const single = (user: string) => ({ mode: 'SINGLE', assignees: [{ kind: 'user', users: [user] }] });

/** A definition as the server hands it over: checked, with its version. */
function published(def: FlowDefinition, version: number): FlowDefinition {
  const check = checkFlowDefinition(def, { ruleSets: new Set(), forms: new Set() });
  expect(check.ok ? [] : check.problems).toEqual([]);
  return { ...def, version };
}

/** v1: start → first (chenjing) → second (zhoutao) → ok. */
const v1 = published({ ...twoStepFlow(single('chenjing'), single('zhoutao')), key: 'two-steps' }, 1);

/** v2: the first approval is renamed `review`, and a CC to liuyang runs before the second approval. */
const v2 = published({
  ...v1,
  nodes: [
    { id: 'start', type: 'start', params: {} },
    { id: 'review', type: 'approval', params: single('chenjing') as never },
    { id: 'copy', type: 'notify', params: { recipients: [{ kind: 'user', users: ['liuyang'] }] } },
    { id: 'second', type: 'approval', params: single('zhoutao') as never },
    { id: 'ok', type: 'end', params: { outcome: 'APPROVED' } },
  ],
  edges: [
    { id: 'e1', from: 'start', to: 'review' },
    { id: 'e2', from: 'review', to: 'copy', port: 'approved' },
    { id: 'e3', from: 'copy', to: 'second' },
    { id: 'e4', from: 'second', to: 'ok', port: 'approved' },
  ],
}, 2);

function startedOn(def: FlowDefinition): FlowHarness {
  const h = new FlowHarness(def);
  h.start('d05.buyer');
  return h;
}

function continueOn(def: FlowDefinition, state: FlowState): FlowHarness {
  const h = new FlowHarness(def);
  h.state = state;
  return h;
}

describe('moving a running instance to another version', () => {
  it('moves the token, the run and the open task to the mapped node, and the instance finishes on the new version', () => {
    const h = startedOn(v1);
    const before = JSON.stringify(h.state);
    const plan = migrateInstanceState(v1, v2, h.state, { first: 'review' });
    expect(JSON.stringify(h.state)).toBe(before);
    if (!plan.ok) throw new Error(JSON.stringify(plan.blocked));
    const task = h.taskOf('chenjing');
    expect(plan.moves).toEqual([
      { kind: 'token', id: h.state.tokens[0].id, from: 'first', to: 'review', status: 'WAITING' },
      { kind: 'task', id: task.id, from: 'first', to: 'review', status: 'PENDING', assignee: 'chenjing' },
    ]);
    expect(plan.state).toMatchObject({ definitionVersion: 2, version: h.state.version + 1 });
    expect(plan.state.runs.map((r) => r.nodeId)).toEqual(['review']);
    expect(plan.state.trail.map((e) => e.nodeId)).toEqual(['start', 'review']);

    const next = continueOn(v2, plan.state);
    next.approve('chenjing');
    expect(next.state.cc.map((c) => c.userId)).toEqual(['liuyang']);
    next.approve('zhoutao');
    expect(next.state.status).toBe('APPROVED');
  });

  it('a 退回 after the move finds the earlier node under its new id', () => {
    const h = startedOn(v1);
    h.approve('chenjing');
    const plan = migrateInstanceState(v1, v2, h.state, { first: 'review' });
    if (!plan.ok) throw new Error(JSON.stringify(plan.blocked));
    const next = continueOn(v2, plan.state);
    next.run({ type: 'return', actor: 'zhoutao', taskId: next.taskOf('zhoutao').id });
    expect(next.taskOf('chenjing').nodeId).toBe('review');
  });

  it('an unchanged node id needs no mapping entry', () => {
    const h = startedOn(v1);
    h.approve('chenjing');
    const plan = migrateInstanceState(v1, v2, h.state, {});
    expect(plan.ok).toBe(true);
    if (plan.ok) expect(plan.moves.map((m) => [m.kind, m.from, m.to])).toEqual([['token', 'second', 'second'], ['task', 'second', 'second']]);
  });

  it('blocks an instance whose active node is not mapped and has no namesake in the target', () => {
    const plan = migrateInstanceState(v1, v2, startedOn(v1).state, {});
    expect(plan).toMatchObject({ ok: false, blocked: [{ code: 'FLW_ERR_MIGRATION_NODE_NOT_MAPPED', nodeId: 'first' }] });
  });

  it('blocks an approval mapped to a node of another type', () => {
    const plan = migrateInstanceState(v1, v2, startedOn(v1).state, { first: 'copy' }, 'zh-CN');
    expect(plan).toMatchObject({ ok: false, blocked: [{ code: 'FLW_ERR_MIGRATION_NODE_TYPE_CHANGED', nodeId: 'first' }] });
    if (!plan.ok) expect(plan.blocked[0].message).toContain('不同类型');
  });

  it('blocks an instance that is no longer running, or runs another version', () => {
    const h = startedOn(v1);
    h.approve('chenjing');
    h.approve('zhoutao');
    expect(migrateInstanceState(v1, v2, h.state, { first: 'review' })).toMatchObject({ ok: false, blocked: [{ code: 'FLW_ERR_MIGRATION_NOT_RUNNING' }] });
    const other = startedOn(v2);
    expect(migrateInstanceState(v1, v2, other.state, {})).toMatchObject({ ok: false, blocked: [{ code: 'FLW_ERR_MIGRATION_WRONG_VERSION' }] });
  });

  it('names mapping entries that point at nodes neither version has', () => {
    expect(checkNodeMapping(v1, v2, { first: 'review', ghost: 'second', second: 'nowhere' })).toEqual([
      { pointer: '/nodeMapping/ghost', message: 'version 1 has no node ghost' },
      { pointer: '/nodeMapping/second', message: 'version 2 has no node nowhere' },
    ]);
  });
});

/** start → split → (a: chenjing, b: zhoutao) → join → ok; `extra` adds a third branch c: liuyang. */
function parallelFlow(version: number, opts: { rename?: string; thirdBranch?: boolean } = {}): FlowDefinition {
  const a = opts.rename ?? 'a';
  const branches = opts.thirdBranch ? ['a', 'b', 'c'] : ['a', 'b'];
  const users: Record<string, string> = { a: 'chenjing', b: 'zhoutao', c: 'liuyang' };
  const id = (b: string) => (b === 'a' ? a : b);
  return published({
    key: 'parallel', name: { zh: '并行', en: 'Parallel' }, variables: [],
    nodes: [
      { id: 'start', type: 'start', params: {} },
      { id: 'split', type: 'parallelSplit', params: {} },
      ...branches.map((b) => ({ id: id(b), type: 'approval' as const, params: single(users[b]) as never })),
      { id: 'join', type: 'parallelJoin', params: { split: 'split' } },
      { id: 'ok', type: 'end', params: { outcome: 'APPROVED' } },
    ],
    edges: [
      { id: 'e1', from: 'start', to: 'split' },
      ...branches.flatMap((b) => [{ id: `s-${b}`, from: 'split', to: id(b) }, { id: `j-${b}`, from: id(b), to: 'join', port: 'approved' }]),
      { id: 'e9', from: 'join', to: 'ok' },
    ],
  }, version);
}

describe('parallel branches', () => {
  it('moves tokens inside a split whose join is unchanged, including one already waiting at the join', () => {
    const h = startedOn(parallelFlow(1));
    h.approve('zhoutao');
    expect(h.state.tokens.map((t) => [t.nodeId, t.status])).toEqual([['a', 'WAITING'], ['join', 'JOINING']]);
    const plan = migrateInstanceState(parallelFlow(1), parallelFlow(2, { rename: 'channel' }), h.state, { a: 'channel' });
    if (!plan.ok) throw new Error(JSON.stringify(plan.blocked));
    const next = continueOn(parallelFlow(2, { rename: 'channel' }), plan.state);
    expect(next.taskOf('chenjing').nodeId).toBe('channel');
    next.approve('chenjing');
    expect(next.state.status).toBe('APPROVED');
  });

  it('blocks a token inside a branch when the split gains a branch its join would wait for forever', () => {
    const h = startedOn(parallelFlow(1));
    const plan = migrateInstanceState(parallelFlow(1), parallelFlow(2, { thirdBranch: true }), h.state, {});
    expect(plan.ok).toBe(false);
    if (!plan.ok) {
      expect(plan.blocked.map((b) => [b.code, b.nodeId])).toEqual([['FLW_ERR_MIGRATION_BRANCH_CHANGED', 'a'], ['FLW_ERR_MIGRATION_BRANCH_CHANGED', 'b']]);
    }
  });

  it('blocks a token moved out of its branch onto a node outside any split', () => {
    const h = startedOn(parallelFlow(1));
    h.approve('zhoutao');
    const plan = migrateInstanceState(parallelFlow(1), { ...v2, key: 'parallel', version: 2 }, h.state, { a: 'review', join: 'second' });
    expect(plan).toMatchObject({ ok: false });
    if (!plan.ok) expect(plan.blocked.map((b) => b.code)).toEqual(['FLW_ERR_MIGRATION_NODE_TYPE_CHANGED']);
    const typed = migrateInstanceState(parallelFlow(1), { ...v2, key: 'parallel', version: 2 }, { ...h.state, tokens: h.state.tokens.filter((t) => t.nodeId === 'a') }, { a: 'review' });
    expect(typed).toMatchObject({ ok: false, blocked: [{ code: 'FLW_ERR_MIGRATION_BRANCH_CHANGED', nodeId: 'a' }] });
  });
});
