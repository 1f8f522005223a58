import type { Locale } from '../../schemas/ajv.js';
import { escapePointer } from '../../schemas/ajv.js';
import { errorCodes } from '../../schemas/errors/index.js';
import type { FlowDefinition, FlowNode } from './flow-definition.types.js';
import type { FlowErrorCode } from './flow-error.js';
import type { FlowState } from './flow-state.types.js';

/** Old node id → new node id. A node left out keeps its id when the target version has a node of that id. */
export type NodeMapping = Readonly<Record<string, string>>;

export type MigrationBlockCode = Extract<FlowErrorCode, `FLW_ERR_MIGRATION_${string}`>;

export interface MigrationBlock {
  code: MigrationBlockCode;
  nodeId?: string;
  message: string;
}

/** Where one live token or open task lands. */
export interface MigrationMove {
  kind: 'token' | 'task';
  id: string;
  from: string;
  to: string;
  status: string;
  assignee?: string;
}

export type MigrationPlan =
  | { ok: true; state: FlowState; moves: MigrationMove[] }
  | { ok: false; blocked: MigrationBlock[] };

/** A mapping entry that names a node neither version has (a request error, pointer into `nodeMapping`). */
export interface MappingProblem {
  pointer: string;
  message: string;
}

export function checkNodeMapping(from: FlowDefinition, to: FlowDefinition, mapping: NodeMapping): MappingProblem[] {
  const problems: MappingProblem[] = [];
  for (const [oldId, newId] of Object.entries(mapping)) {
    const pointer = `/nodeMapping/${escapePointer(oldId)}`;
    if (!from.nodes.some((n) => n.id === oldId)) problems.push({ pointer, message: `version ${from.version} has no node ${oldId}` });
    if (!to.nodes.some((n) => n.id === newId)) problems.push({ pointer, message: `version ${to.version} has no node ${newId}` });
  }
  return problems;
}

/** The node an old node id becomes in the target version, if any. */
function resolver(to: FlowDefinition, mapping: NodeMapping): (oldId: string) => FlowNode | undefined {
  const byId = new Map(to.nodes.map((n) => [n.id, n]));
  return (oldId) => byId.get(Object.prototype.hasOwnProperty.call(mapping, oldId) ? mapping[oldId] : oldId);
}

function reach(start: readonly string[], next: (id: string) => readonly string[]): Set<string> {
  const seen = new Set(start);
  const todo = [...start];
  while (todo.length > 0) for (const n of next(todo.pop()!)) if (!seen.has(n)) { seen.add(n); todo.push(n); }
  return seen;
}

interface Region { split: string; join: string; branches: number; nodes: Set<string> }

/** Each parallel split's region: the nodes its branches pass through up to (and including) its join. */
function parallelRegions(def: FlowDefinition): Region[] {
  const outOf = (id: string) => def.edges.filter((e) => e.from === id).map((e) => e.to);
  return def.nodes.flatMap((join) => {
    if (join.type !== 'parallelJoin') return [];
    const split = join.params.split;
    const branches = outOf(split);
    return [{ split, join: join.id, branches: branches.length, nodes: reach(branches, (id) => (id === join.id ? [] : outOf(id))) }];
  });
}

const regionKey = (split: string, join: string, branches: number) => `${split}>${join}#${branches}`;

/**
 * Moves one instance's state from definition `from` to definition `to` along `mapping`, or says
 * why it cannot move. Only a RUNNING instance of `from` moves; every node holding a token, an
 * approval run, an open task, a live service call or an open incident must land on a node of the
 * same type; a token inside a parallel branch must land inside the same split/join pair (mapped)
 * with as many branches. History (trail, decided tasks) follows the mapping where it can; trail
 * entries of nodes that no longer exist are dropped, since 退回 may only target existing nodes.
 * Pure: the input state is not changed.
 */
export function migrateInstanceState(from: FlowDefinition, to: FlowDefinition, state: FlowState, mapping: NodeMapping, locale: Locale = 'en'): MigrationPlan {
  const blocked: MigrationBlock[] = [];
  const say = (code: MigrationBlockCode, detail: string, nodeId?: string) => {
    const base = errorCodes[code][locale === 'zh-CN' ? 'zh' : 'en'];
    blocked.push({ code, ...(nodeId !== undefined ? { nodeId } : {}), message: `${base}: ${detail}` });
  };
  if (state.status !== 'RUNNING') {
    say('FLW_ERR_MIGRATION_NOT_RUNNING', `status ${state.status}`);
    return { ok: false, blocked };
  }
  if (state.definitionKey !== from.key || state.definitionVersion !== from.version) {
    say('FLW_ERR_MIGRATION_WRONG_VERSION', `the instance runs ${state.definitionKey} version ${state.definitionVersion}, not ${from.key} version ${from.version}`);
    return { ok: false, blocked };
  }
  const oldNodes = new Map(from.nodes.map((n) => [n.id, n]));
  const target = resolver(to, mapping);

  const live = new Set<string>([
    ...state.tokens.map((t) => t.nodeId),
    ...state.runs.map((r) => r.nodeId),
    ...state.tasks.filter((t) => t.status === 'PENDING' || t.status === 'WAITING').map((t) => t.nodeId),
    ...state.calls.filter((c) => c.status === 'CALLING' || c.status === 'WAITING_RETRY').map((c) => c.nodeId),
    ...state.incidents.filter((i) => i.status === 'OPEN').map((i) => i.nodeId),
  ]);
  for (const id of live) {
    const old = oldNodes.get(id);
    const next = target(id);
    if (!old || !next) say('FLW_ERR_MIGRATION_NODE_NOT_MAPPED', `${id} has no node in version ${to.version}`, id);
    else if (next.type !== old.type) say('FLW_ERR_MIGRATION_NODE_TYPE_CHANGED', `${id} (${old.type}) → ${next.id} (${next.type})`, id);
  }
  if (blocked.length > 0) return { ok: false, blocked };

  // A live token's enclosing split/join pairs, mapped, must be exactly its new node's pairs, with as many branches.
  const oldRegions = parallelRegions(from);
  const newRegions = parallelRegions(to);
  for (const nodeId of new Set(state.tokens.map((t) => t.nodeId))) {
    const expected = oldRegions.filter((r) => r.nodes.has(nodeId))
      .map((r) => regionKey(target(r.split)?.id ?? `?${r.split}`, target(r.join)?.id ?? `?${r.join}`, r.branches)).sort();
    const landing = target(nodeId)!.id;
    const actual = newRegions.filter((r) => r.nodes.has(landing)).map((r) => regionKey(r.split, r.join, r.branches)).sort();
    if (expected.join('|') !== actual.join('|')) {
      say('FLW_ERR_MIGRATION_BRANCH_CHANGED', `${nodeId} is inside [${expected.join(', ') || 'no branch'}], ${landing} inside [${actual.join(', ') || 'no branch'}]`, nodeId);
    }
  }
  if (blocked.length > 0) return { ok: false, blocked };

  // History follows the mapping where the node still exists with the same type.
  const moved = (id: string): string => {
    const old = oldNodes.get(id);
    const next = target(id);
    return old && next && next.type === old.type ? next.id : id;
  };
  const copy = JSON.parse(JSON.stringify(state)) as FlowState;
  const moves: MigrationMove[] = [];
  for (const token of copy.tokens) {
    const to = moved(token.nodeId);
    moves.push({ kind: 'token', id: token.id, from: token.nodeId, to, status: token.status });
    token.nodeId = to;
  }
  for (const task of copy.tasks) {
    const to = moved(task.nodeId);
    if (task.status === 'PENDING' || task.status === 'WAITING') moves.push({ kind: 'task', id: task.id, from: task.nodeId, to, status: task.status, assignee: task.assignee });
    task.nodeId = to;
  }
  for (const run of copy.runs) run.nodeId = moved(run.nodeId);
  for (const call of copy.calls) call.nodeId = moved(call.nodeId);
  for (const incident of copy.incidents) incident.nodeId = moved(incident.nodeId);
  for (const cc of copy.cc) cc.nodeId = moved(cc.nodeId);
  copy.trail = copy.trail.filter((e) => {
    const old = oldNodes.get(e.nodeId);
    const next = target(e.nodeId);
    return old !== undefined && next !== undefined && next.type === old.type;
  }).map((e) => ({ ...e, nodeId: moved(e.nodeId) }));
  copy.definitionVersion = to.version ?? null;
  copy.version += 1;
  return { ok: true, state: copy, moves };
}
