import { resolveAll } from './assignee-resolver.js';
import type { FlowCommandOf } from './flow-commands.types.js';
import type { StepContext } from './flow-context.js';
import { addEffect, emit, findToken, isAdmin } from './flow-context.js';
import { cancelTask, endInstance, enterNode, isOpen, leave, newToken } from './flow-advance.js';
import { flowError } from './flow-error.js';
import type { Json } from './flow-state.types.js';

const DEFAULT_URGE_INTERVAL_MINUTES = 60;

/** Starts the instance: checks who may start, fills declared defaults, enters the start node. */
export function start(ctx: StepContext, c: FlowCommandOf<'start'>): void {
  const s = ctx.state;
  const startNode = ctx.def.nodes.find((n) => n.type === 'start');
  if (!startNode || startNode.type !== 'start') throw flowError('FLW_ERR_START_COUNT');
  const starters = startNode.params.starters ?? [];
  if (starters.length > 0) {
    const allowed = resolveAll(starters, { directory: ctx.env.directory, variables: c.variables, initiator: c.actor });
    if (!allowed.includes(c.actor)) throw flowError('FLW_ERR_NOT_ALLOWED_TO_START', { actor: c.actor });
  }
  const variables: Record<string, Json> = {};
  for (const decl of ctx.def.variables) if (decl.default !== undefined) variables[decl.name] = decl.default as Json;
  Object.assign(variables, c.variables);
  s.variables = variables;
  s.status = 'RUNNING';
  s.initiator = c.actor;
  s.idempotencyKey = c.idempotencyKey;
  s.startedAt = ctx.now;
  emit(ctx, 'instanceStarted', { definitionKey: ctx.def.key, definitionVersion: s.definitionVersion, idempotencyKey: c.idempotencyKey, variables });
  enterNode(ctx, newToken(ctx, startNode.id), startNode.id);
}

/**
 * 撤回: the initiator while no person has acted on any task; a tenant admin at any time (an order
 * cancelled on the dealer's behalf).
 */
export function withdraw(ctx: StepContext, c: FlowCommandOf<'withdraw'>): void {
  const admin = isAdmin(ctx, c.actor);
  if (c.actor !== ctx.state.initiator && !admin) throw flowError('FLW_ERR_NOT_INITIATOR');
  if (ctx.state.humanActed && !admin) throw flowError('FLW_ERR_ALREADY_ACTED');
  emit(ctx, 'withdrawn', c.reason !== undefined ? { reason: c.reason } : {});
  endInstance(ctx, 'CANCELLED', null, 'WITHDRAWN');
}

/** 催办: the initiator reminds the current approvers, at most once per interval. */
export function urge(ctx: StepContext, c: FlowCommandOf<'urge'>): void {
  if (c.actor !== ctx.state.initiator) throw flowError('FLW_ERR_NOT_INITIATOR');
  const minutes = ctx.def.settings?.urgeIntervalMinutes ?? DEFAULT_URGE_INTERVAL_MINUTES;
  const last = ctx.state.lastUrgeAt;
  if (last !== null && Date.parse(ctx.now) - Date.parse(last) < minutes * 60_000) {
    throw flowError('FLW_ERR_URGE_TOO_SOON', { lastUrgeAt: last, retryAfter: new Date(Date.parse(last) + minutes * 60_000).toISOString() });
  }
  ctx.state.lastUrgeAt = ctx.now;
  const users = [...new Set(ctx.state.tasks.filter((t) => t.status === 'PENDING').map((t) => t.assignee))];
  emit(ctx, 'urged', { users });
  if (users.length > 0) addEffect(ctx, 'notify', { kind: 'URGED', users });
}

/** A comment with attachment ids, by anyone taking part: initiator, assignees, CC recipients, admins. */
export function comment(ctx: StepContext, c: FlowCommandOf<'comment'>): void {
  const s = ctx.state;
  const participant = c.actor === s.initiator || s.tasks.some((t) => t.assignee === c.actor || t.escalatedTo?.includes(c.actor))
    || s.cc.some((x) => x.userId === c.actor) || isAdmin(ctx, c.actor);
  if (!participant) throw flowError('FLW_ERR_NOT_PARTICIPANT');
  if (c.taskId !== undefined && !s.tasks.some((t) => t.id === c.taskId)) throw flowError('FLW_ERR_TASK_NOT_FOUND', { taskId: c.taskId });
  emit(ctx, 'commented', { text: c.text, attachmentIds: c.attachmentIds ?? [], ...(c.taskId !== undefined ? { taskId: c.taskId } : {}) });
}

/** An admin retries the node of an incident (it runs again) or skips it (the token moves on). */
export function resolveIncident(ctx: StepContext, c: FlowCommandOf<'resolveIncident'>): void {
  if (!isAdmin(ctx, c.actor)) throw flowError('FLW_ERR_NOT_ADMIN');
  const incident = ctx.state.incidents.find((i) => i.id === c.incidentId && i.status === 'OPEN');
  const token = incident ? findToken(ctx, incident.tokenId) : undefined;
  if (!incident || !token) throw flowError('FLW_ERR_INCIDENT_NOT_FOUND', { incidentId: c.incidentId });
  incident.status = c.action === 'RETRY' ? 'RETRIED' : 'SKIPPED';
  emit(ctx, 'incidentResolved', { incidentId: incident.id, nodeId: incident.nodeId, action: c.action });
  // an approval node's run (no approver found) is dropped either way
  const runs = ctx.state.runs.filter((r) => r.tokenId === token.id);
  for (const t of ctx.state.tasks) if (runs.some((r) => r.id === t.runId) && isOpen(t)) cancelTask(ctx, t, 'DECIDED');
  ctx.state.runs = ctx.state.runs.filter((r) => !runs.includes(r));
  if (c.action === 'RETRY') return enterNode(ctx, token, incident.nodeId);
  const node = ctx.nodes.get(incident.nodeId);
  token.status = 'ACTIVE';
  leave(ctx, token, node?.type === 'approval' ? 'approved' : 'out');
}
