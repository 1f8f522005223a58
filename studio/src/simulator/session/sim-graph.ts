import type { FlowDefinition, FlowEvent, FlowState, Json } from '../../../../rules/flow/index';
import type { TraceEntry as RuleTrace } from '../../../../rules/index';

export type NodeRunState = 'idle' | 'visited' | 'active' | 'incident';

/** How each node looks on the canvas: active where a token or open task is, visited where the trail passed. */
export function nodeRunStates(def: FlowDefinition, state: FlowState): Record<string, NodeRunState> {
  const out: Record<string, NodeRunState> = {};
  for (const n of def.nodes) out[n.id] = 'idle';
  for (const t of state.trail) if (out[t.nodeId] !== undefined) out[t.nodeId] = 'visited';
  for (const tok of state.tokens) out[tok.nodeId] = tok.status === 'INCIDENT' ? 'incident' : 'active';
  for (const task of state.tasks) if (task.status === 'PENDING' || task.status === 'WAITING') out[task.nodeId] = 'active';
  return out;
}

/**
 * The edges tokens travelled, from the timeline: a token entering node B right after node A took the
 * edge A→B (through the port the gateway or the approval chose); a forked token took the split's edge.
 */
export function takenEdges(def: FlowDefinition, events: readonly FlowEvent[]): Set<string> {
  const taken = new Set<string>();
  const at = new Map<string, string>();
  const lastPort = new Map<string, string>();
  const pick = (from: string, to: string) => {
    const candidates = def.edges.filter((e) => e.from === from && e.to === to);
    const port = lastPort.get(from);
    return candidates.find((e) => port !== undefined && (e.port ?? 'out') === port) ?? candidates[0];
  };
  for (const e of events) {
    switch (e.type) {
      case 'gatewayEvaluated': lastPort.set(e.data.nodeId, e.data.port); break;
      case 'approvalCompleted': lastPort.set(e.data.nodeId, e.data.outcome === 'APPROVED' ? 'approved' : 'rejected'); break;
      case 'tokensForked': for (const id of e.data.tokenIds) at.set(id, e.data.nodeId); break;
      case 'nodeEntered': {
        const from = at.get(e.data.tokenId);
        if (from !== undefined) {
          const edge = pick(from, e.data.nodeId);
          if (edge) taken.add(edge.id);
        }
        at.set(e.data.tokenId, e.data.nodeId);
        break;
      }
      default: break;
    }
  }
  return taken;
}

/** What the side panel shows of one node: each visit's inputs, outputs and rule trace, its tasks and decisions. */
export interface NodeVisitDetail {
  at: string;
  kind: 'rule' | 'gateway' | 'variables' | 'service' | 'approval' | 'cc' | 'incident' | 'enter' | 'end';
  ruleSetKey?: string;
  version?: number | null;
  inputs?: Record<string, Json>;
  outputs?: Record<string, Json>;
  trace?: RuleTrace[];
  event: FlowEvent;
}

function eventNodeId(e: FlowEvent, taskNodes: Map<string, string>): string | null | undefined {
  const data = e.data as { nodeId?: string | null; taskId?: string };
  if (data.nodeId !== undefined) return data.nodeId;
  if (data.taskId !== undefined) return taskNodes.get(data.taskId);
  return undefined;
}

export function nodeDetails(events: readonly FlowEvent[], nodeId: string): NodeVisitDetail[] {
  const taskNodes = new Map<string, string>();
  const out: NodeVisitDetail[] = [];
  for (const e of events) {
    if (e.type === 'taskCreated') taskNodes.set(e.data.taskId, e.data.nodeId);
    if (e.type === 'taskTransferred') taskNodes.set(e.data.newTaskId, taskNodes.get(e.data.taskId) ?? '');
    if (eventNodeId(e, taskNodes) !== nodeId) continue;
    switch (e.type) {
      case 'ruleEvaluated':
        out.push({ at: e.at, kind: 'rule', ruleSetKey: e.data.ruleSetKey, version: e.data.version, inputs: e.data.inputs, outputs: e.data.outputs, trace: e.data.trace, event: e });
        break;
      case 'gatewayEvaluated': out.push({ at: e.at, kind: 'gateway', event: e }); break;
      case 'variablesSet': out.push({ at: e.at, kind: 'variables', outputs: e.data.values, event: e }); break;
      case 'serviceCalled': case 'serviceSucceeded': case 'serviceFailed': out.push({ at: e.at, kind: 'service', event: e }); break;
      case 'ccAdded': out.push({ at: e.at, kind: 'cc', event: e }); break;
      case 'incidentRaised': case 'incidentResolved': out.push({ at: e.at, kind: 'incident', event: e }); break;
      case 'nodeEntered': out.push({ at: e.at, kind: 'enter', event: e }); break;
      case 'instanceEnded': out.push({ at: e.at, kind: 'end', event: e }); break;
      default: out.push({ at: e.at, kind: 'approval', event: e }); break;
    }
  }
  return out;
}
