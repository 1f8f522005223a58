import type { EndOutcome } from './flow-definition.types.js';
import type { StepContext } from './flow-context.js';
import { addEffect, emit, newId, nodeOf } from './flow-context.js';
import type { Incident, Task, Token } from './flow-state.types.js';

/** Moves a token into a node; its runner runs when the machine drains the queue. */
export function enterNode(ctx: StepContext, token: Token, nodeId: string): void {
  const node = nodeOf(ctx, nodeId);
  token.nodeId = nodeId;
  token.status = 'ACTIVE';
  ctx.state.trail.push({ nodeId, tokenId: token.id, at: ctx.now });
  emit(ctx, 'nodeEntered', { nodeId, nodeType: node.type, tokenId: token.id });
  ctx.queue.push(token.id);
}

export function edgesFrom(ctx: StepContext, nodeId: string, port?: string) {
  return ctx.def.edges.filter((e) => e.from === nodeId && (port === undefined || (e.port ?? 'out') === port));
}

/** Leaves the token's node through a port (the graph check guarantees one edge per single port). */
export function leave(ctx: StepContext, token: Token, port = 'out'): void {
  const [edge] = edgesFrom(ctx, token.nodeId, port);
  if (!edge) {
    raiseIncident(ctx, token, 'FLW_ERR_MISSING_EDGE', `no edge leaves ${token.nodeId} through ${port}`);
    return;
  }
  enterNode(ctx, token, edge.to);
}

export function newToken(ctx: StepContext, nodeId: string): Token {
  const token: Token = { id: newId(ctx, 'token'), nodeId, status: 'ACTIVE' };
  ctx.state.tokens.push(token);
  return token;
}

export function removeToken(ctx: StepContext, tokenId: string): void {
  ctx.state.tokens = ctx.state.tokens.filter((t) => t.id !== tokenId);
}

/** Drops the timers of a task (or of a service call) and tells the caller to cancel them. */
export function cancelTimersOf(ctx: StepContext, match: { taskId?: string; callId?: string }): void {
  const gone = ctx.state.timers.filter((t) => (match.taskId !== undefined && t.taskId === match.taskId) || (match.callId !== undefined && t.callId === match.callId));
  if (gone.length === 0) return;
  ctx.state.timers = ctx.state.timers.filter((t) => !gone.includes(t));
  addEffect(ctx, 'cancelTimers', { timerIds: gone.map((t) => t.id) });
}

/** Cancels a pending or waiting task without a decision (another vote decided, 退回, 撤回, end). */
export function cancelTask(ctx: StepContext, task: Task, reason: 'DECIDED' | 'RETURNED' | 'WITHDRAWN' | 'ENDED'): void {
  task.status = 'CANCELLED';
  task.decidedAt = ctx.now;
  cancelTimersOf(ctx, { taskId: task.id });
  emit(ctx, 'taskCancelled', { taskId: task.id, reason });
}

export function isOpen(task: Task): boolean {
  return task.status === 'PENDING' || task.status === 'WAITING';
}

/** Ends the instance (an end node, a rejection without a "rejected" edge, 撤回). */
export function endInstance(ctx: StepContext, outcome: EndOutcome, nodeId: string | null, reason: 'ENDED' | 'WITHDRAWN' = 'ENDED'): void {
  const s = ctx.state;
  for (const task of s.tasks) if (isOpen(task)) cancelTask(ctx, task, reason);
  if (s.timers.length > 0) addEffect(ctx, 'cancelTimers', { timerIds: s.timers.map((t) => t.id) });
  s.timers = [];
  s.tokens = [];
  s.runs = [];
  for (const c of s.calls) if (c.status === 'CALLING' || c.status === 'WAITING_RETRY') c.status = 'FAILED';
  s.status = outcome;
  s.endedAt = ctx.now;
  ctx.queue.length = 0;
  emit(ctx, 'instanceEnded', { outcome, nodeId });
  if (s.initiator) addEffect(ctx, 'notify', { kind: 'RESULT', users: [s.initiator] });
}

export function raiseIncident(ctx: StepContext, token: Token, code: Incident['code'], message: string): void {
  const incident: Incident = { id: newId(ctx, 'incident'), nodeId: token.nodeId, tokenId: token.id, code, message, at: ctx.now, status: 'OPEN' };
  ctx.state.incidents.push(incident);
  token.status = 'INCIDENT';
  emit(ctx, 'incidentRaised', { incidentId: incident.id, nodeId: incident.nodeId, code, message }, 'system');
  addEffect(ctx, 'createIncident', { incidentId: incident.id, nodeId: incident.nodeId, code, message });
}
