import type { ValidateFunction } from 'ajv';
import type { Locale } from '../../schemas/ajv.js';
import { createAjv, toProblems } from '../../schemas/ajv.js';
import { errorCodes } from '../../schemas/errors/index.js';
import { flowSchemas } from '../../schemas/flow/index.js';
import { isActionNodeType, nodeTypes } from '../../schemas/flow/node-types.js';
import { isActionCall } from './action.runner.js';
import { ruleSchemas } from '../../schemas/rules/index.js';
import { conditionFacts, conditionProblems } from './flow-condition.js';
import type { FlowAssignee, FlowDefinition, FlowNode, FlowValue } from './flow-definition.types.js';
import type { FlowErrorCode } from './flow-error.js';
import { variablesRead } from './flow-value.js';

export interface FlowProblem {
  code: FlowErrorCode;
  /** The node the problem is about (for an edge: its source node), when there is one. */
  nodeId?: string;
  edgeId?: string;
  /** JSON pointer into the definition document. */
  pointer: string;
  message: string;
}

/** Published keys the definition may refer to (the server passes what its tenant has published). */
export interface FlowReferences {
  ruleSets: ReadonlySet<string>;
  forms: ReadonlySet<string>;
}

export type FlowCheck = { ok: true; definition: FlowDefinition } | { ok: false; problems: FlowProblem[] };

let validator: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  // compiled on first use and never mutated afterwards (as in rules/validate.ts)
  validator ??= createAjv([...ruleSchemas, ...flowSchemas]).getSchema('FlowDefinition')!;
  return validator;
}

function nodeIdAt(doc: unknown, pointer: string): string | undefined {
  const m = /^\/nodes\/(\d+)/.exec(pointer);
  const nodes = (doc as { nodes?: unknown[] })?.nodes;
  const node = m && Array.isArray(nodes) ? (nodes[Number(m[1])] as { id?: unknown }) : undefined;
  return typeof node?.id === 'string' ? node.id : undefined;
}

/**
 * The publish check: the JSON Schema first, then the graph — one start, unique ids, edges between
 * existing nodes on existing ports, every node reachable, every node on a path to an end, a default
 * branch on every exclusive gateway, joins that match their splits, published rule sets and forms,
 * declared variables. Every problem names its node and a JSON pointer.
 */
export function checkFlowDefinition(doc: unknown, refs: FlowReferences, locale: Locale = 'en'): FlowCheck {
  const validate = schemaValidator();
  if (!validate(doc)) {
    const problems = toProblems(validate.errors, locale).map((p): FlowProblem => {
      const nodeId = nodeIdAt(doc, p.pointer);
      return { code: 'FLW_ERR_SCHEMA', pointer: p.pointer, message: p.message, ...(nodeId ? { nodeId } : {}) };
    });
    return { ok: false, problems };
  }
  const def = doc as FlowDefinition;
  const problems = checkGraph(def, refs, locale);
  return problems.length === 0 ? { ok: true, definition: def } : { ok: false, problems };
}

/** Out ports of a node (an exclusive gateway's come from its branches and default). */
export function outPortsOf(node: FlowNode): { name: string; multiple: boolean; optional: boolean }[] {
  if (node.type === 'exclusiveGateway') {
    return [...node.params.branches.map((b) => b.port), node.params.defaultPort].map((name) => ({ name, multiple: false, optional: false }));
  }
  return nodeTypes[node.type].ports.out.map((p: { name: string; multiple?: boolean; optional?: boolean }) => ({ name: p.name, multiple: p.multiple === true, optional: p.optional === true }));
}

function reach(start: readonly string[], next: (id: string) => readonly string[]): Set<string> {
  const seen = new Set(start);
  const todo = [...start];
  while (todo.length > 0) for (const n of next(todo.pop()!)) if (!seen.has(n)) { seen.add(n); todo.push(n); }
  return seen;
}

function assigneeRefs(list: readonly FlowAssignee[] | undefined): string[] {
  return (list ?? []).flatMap((a) => a.kind === 'roleInRegion' ? [a.region.$var] : a.kind === 'initiatorChosen' ? [a.variable.$var] : a.kind === 'ruleSteps' ? [a.steps.$var] : []);
}

export function checkGraph(def: FlowDefinition, refs: FlowReferences, locale: Locale = 'en'): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const say = (code: FlowErrorCode, pointer: string, where: { nodeId?: string; edgeId?: string }, detail?: string) => {
    const base = errorCodes[code][locale === 'zh-CN' ? 'zh' : 'en'];
    problems.push({ code, pointer, ...where, message: detail ? `${base}: ${detail}` : base });
  };
  const nodes = new Map<string, FlowNode>();
  const index = new Map<string, number>();
  def.nodes.forEach((n, i) => {
    if (nodes.has(n.id)) say('FLW_ERR_DUPLICATE_ID', `/nodes/${i}/id`, { nodeId: n.id }, n.id);
    else { nodes.set(n.id, n); index.set(n.id, i); }
  });
  const at = (id: string) => `/nodes/${index.get(id)}`;
  const edgeIds = new Set<string>();
  const edges = def.edges.filter((e, i) => {
    if (edgeIds.has(e.id)) say('FLW_ERR_DUPLICATE_ID', `/edges/${i}/id`, { edgeId: e.id, nodeId: e.from }, e.id);
    edgeIds.add(e.id);
    for (const end of ['from', 'to'] as const) {
      if (!nodes.has(e[end])) { say('FLW_ERR_UNKNOWN_NODE', `/edges/${i}/${end}`, { edgeId: e.id, nodeId: e.from }, e[end]); return false; }
    }
    const src = nodes.get(e.from)!;
    const port = e.port ?? 'out';
    if (!outPortsOf(src).some((p) => p.name === port)) { say('FLW_ERR_BAD_PORT', `/edges/${i}/port`, { edgeId: e.id, nodeId: e.from }, `${e.from} has no out port ${port}`); return false; }
    if (nodeTypes[nodes.get(e.to)!.type].ports.in.length === 0) { say('FLW_ERR_BAD_PORT', `/edges/${i}/to`, { edgeId: e.id, nodeId: e.to }, `${e.to} takes no incoming edge`); return false; }
    return true;
  });
  const outOf = (id: string) => edges.filter((e) => e.from === id);
  const inOf = (id: string) => edges.filter((e) => e.to === id);

  const starts = def.nodes.filter((n) => n.type === 'start');
  if (starts.length !== 1) {
    if (starts.length === 0) say('FLW_ERR_START_COUNT', '/nodes', {}, 'none');
    for (const s of starts.slice(1)) say('FLW_ERR_START_COUNT', at(s.id), { nodeId: s.id }, s.id);
  }

  for (const node of nodes.values()) {
    for (const port of outPortsOf(node)) {
      const n = outOf(node.id).filter((e) => (e.port ?? 'out') === port.name).length;
      const gatewayDefault = node.type === 'exclusiveGateway' && port.name === node.params.defaultPort;
      if (n === 0 && !port.optional) say(gatewayDefault ? 'FLW_ERR_NO_DEFAULT_BRANCH' : 'FLW_ERR_MISSING_EDGE', `${at(node.id)}/params`, { nodeId: node.id }, port.name);
      if (n > 1 && !port.multiple) say('FLW_ERR_BAD_PORT', at(node.id), { nodeId: node.id }, `${n} edges leave through ${port.name}`);
    }
    if (node.type === 'exclusiveGateway') {
      const ports = node.params.branches.map((b) => b.port);
      if (ports.includes(node.params.defaultPort) || new Set(ports).size !== ports.length) {
        say('FLW_ERR_NO_DEFAULT_BRANCH', `${at(node.id)}/params/defaultPort`, { nodeId: node.id }, 'the default port must differ from every branch port');
      }
    }
  }

  if (starts.length >= 1) {
    const reached = reach([starts[0].id], (id) => outOf(id).map((e) => e.to));
    for (const node of nodes.values()) if (!reached.has(node.id)) say('FLW_ERR_UNREACHABLE', at(node.id), { nodeId: node.id }, node.id);
  }
  const ends = def.nodes.filter((n) => n.type === 'end').map((n) => n.id);
  const toEnd = reach(ends, (id) => inOf(id).map((e) => e.from));
  for (const node of nodes.values()) if (!toEnd.has(node.id)) say('FLW_ERR_NO_PATH_TO_END', at(node.id), { nodeId: node.id }, node.id);

  checkJoins(def, nodes, outOf, inOf, at, say);
  checkReferences(def, refs, at, say);
  return problems;
}

type Say = (code: FlowErrorCode, pointer: string, where: { nodeId?: string; edgeId?: string }, detail?: string) => void;
type EdgesOf = (id: string) => FlowDefinition['edges'];

function checkJoins(def: FlowDefinition, nodes: Map<string, FlowNode>, outOf: EdgesOf, inOf: EdgesOf, at: (id: string) => string, say: Say): void {
  const joinsOf = new Map<string, string[]>();
  for (const join of def.nodes) {
    if (join.type !== 'parallelJoin') continue;
    const split = nodes.get(join.params.split);
    if (!split || split.type !== 'parallelSplit') { say('FLW_ERR_JOIN_MISMATCH', `${at(join.id)}/params/split`, { nodeId: join.id }, `${join.params.split} is not a parallel split`); continue; }
    joinsOf.set(split.id, [...(joinsOf.get(split.id) ?? []), join.id]);
    const branches = outOf(split.id);
    if (inOf(join.id).length !== branches.length) {
      say('FLW_ERR_JOIN_MISMATCH', at(join.id), { nodeId: join.id }, `${inOf(join.id).length} incoming edges for ${branches.length} branches of ${split.id}`);
      continue;
    }
    for (const b of branches) {
      const r = reach([b.to], (id) => (id === join.id ? [] : outOf(id).map((e) => e.to)));
      if (!r.has(join.id)) say('FLW_ERR_JOIN_MISMATCH', at(join.id), { nodeId: join.id }, `the branch to ${b.to} never reaches ${join.id}`);
    }
    const fromSplit = reach([split.id], (id) => (id === join.id ? [] : outOf(id).map((e) => e.to)));
    for (const e of inOf(join.id)) if (!fromSplit.has(e.from)) say('FLW_ERR_JOIN_MISMATCH', at(join.id), { nodeId: join.id, edgeId: e.id }, `${e.from} is not inside ${split.id}`);
  }
  for (const split of def.nodes) {
    if (split.type !== 'parallelSplit') continue;
    const joins = joinsOf.get(split.id) ?? [];
    if (joins.length !== 1) say('FLW_ERR_JOIN_MISMATCH', at(split.id), { nodeId: split.id }, `${joins.length} joins name ${split.id}`);
  }
}

function checkReferences(def: FlowDefinition, refs: FlowReferences, at: (id: string) => string, say: Say): void {
  const known = new Set(def.variables.map((v) => v.name));
  for (const n of def.nodes) {
    if (n.type === 'rule') { Object.values(n.params.outputs ?? {}).forEach((v) => known.add(v)); if (n.params.resultVariable) known.add(n.params.resultVariable); }
    if (n.type === 'setVariables') Object.keys(n.params.set).forEach((v) => known.add(v));
    if ((n.type === 'service' || isActionNodeType(n.type)) && 'resultVariable' in n.params && n.params.resultVariable) known.add(n.params.resultVariable);
  }
  const needVars = (node: FlowNode, names: Iterable<string>, pointer: string) => {
    for (const v of names) if (!known.has(v.split('.')[0])) say('FLW_ERR_UNKNOWN_VARIABLE', pointer, { nodeId: node.id }, v);
  };
  for (const n of def.nodes) {
    const p = `${at(n.id)}/params`;
    switch (n.type) {
      case 'start':
        if (n.params.form && !refs.forms.has(n.params.form.key)) say('FLW_ERR_UNKNOWN_FORM', `${p}/form/key`, { nodeId: n.id }, n.params.form.key);
        if (n.params.form?.variable) needVars(n, [n.params.form.variable], `${p}/form/variable`);
        break;
      case 'rule':
        if (!refs.ruleSets.has(n.params.ruleSet.key)) say('FLW_ERR_UNKNOWN_RULE_SET', `${p}/ruleSet/key`, { nodeId: n.id }, n.params.ruleSet.key);
        for (const [k, v] of Object.entries(n.params.inputs)) needVars(n, variablesRead(v), `${p}/inputs/${k}`);
        break;
      case 'exclusiveGateway':
        n.params.branches.forEach((b, i) => {
          for (const bad of conditionProblems(b.condition, `${p}/branches/${i}/condition`)) say('FLW_ERR_BAD_CONDITION', bad.pointer, { nodeId: n.id }, bad.message);
          needVars(n, conditionFacts(b.condition), `${p}/branches/${i}/condition`);
        });
        break;
      case 'approval': needVars(n, assigneeRefs(n.params.assignees), `${p}/assignees`); break;
      case 'notify': needVars(n, assigneeRefs(n.params.recipients), `${p}/recipients`); break;
      case 'setVariables': for (const [k, v] of Object.entries(n.params.set)) needVars(n, variablesRead(v), `${p}/set/${k}`); break;
      case 'service': for (const [k, v] of Object.entries(n.params.body ?? {})) needVars(n, variablesRead(v), `${p}/body/${k}`); break;
      default:
        if (isActionCall(n)) for (const [k, v] of Object.entries(n.params.inputs)) needVars(n, variablesRead(v as FlowValue), `${p}/inputs/${k}`);
        break;
    }
  }
}
