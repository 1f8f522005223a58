import type { FlowCommandOf } from './flow-commands.types.js';
import type { StepContext } from './flow-context.js';
import { addEffect, emit, findToken, newId, nodeOf, toJson } from './flow-context.js';
import { leave, raiseIncident } from './flow-advance.js';
import type { RetryPolicy } from './flow-definition.types.js';
import type { ServiceCall, WantedTimer } from './flow-state.types.js';
import { resolveMapping } from './flow-value.js';
import type { NodeRunner } from './node-runner.types.js';
import { actionCallOnce, isActionCall } from './action.runner.js';

const DEFAULT_RETRY = { maxAttempts: 3, backoffSeconds: 60, factor: 2 };

/** What a waiting call's node says about retries and where the result goes (service and action nodes alike). */
function callPolicy(ctx: StepContext, call: ServiceCall): { retry?: RetryPolicy; resultVariable?: string; target: string } {
  const node = nodeOf(ctx, call.nodeId);
  if (node.type === 'service') return { retry: node.params.retry, resultVariable: node.params.resultVariable, target: node.params.url };
  if (isActionCall(node)) return { retry: node.params.retry, resultVariable: node.params.resultVariable, target: node.type };
  return { target: node.id };
}

/** Asks the caller to perform one attempt (through its outbox); the result returns as `serviceResult`. */
function callOnce(ctx: StepContext, call: ServiceCall): void {
  const node = nodeOf(ctx, call.nodeId);
  call.status = 'CALLING';
  emit(ctx, 'serviceCalled', { callId: call.id, nodeId: call.nodeId, attempt: call.attempt }, 'system');
  if (isActionCall(node)) return actionCallOnce(ctx, call, node);
  if (node.type !== 'service') return;
  const p = node.params;
  addEffect(ctx, 'callWebhook', {
    callId: call.id, nodeId: call.nodeId, url: p.url, method: p.method ?? 'POST', secretRef: p.secretRef,
    body: { instanceId: ctx.state.instanceId, nodeId: call.nodeId, ...resolveMapping(p.body, ctx.state.variables) },
    attempt: call.attempt, idempotencyKey: `${ctx.state.instanceId}:${call.id}:${call.attempt}`,
  });
}

/** Opens a call record for a token at a service or action node and makes the first attempt. */
export function startCall(ctx: StepContext, nodeId: string, tokenId: string, action?: ServiceCall['action']): void {
  const call: ServiceCall = { id: newId(ctx, 'call'), nodeId, tokenId, attempt: 1, status: 'CALLING', ...(action ? { action } : {}) };
  ctx.state.calls.push(call);
  callOnce(ctx, call);
}

/** A service node: emits a webhook effect and waits; retries with backoff; an incident after the last try. */
export const serviceRunner: NodeRunner<'service'> = {
  enter(ctx, node, token) {
    token.status = 'WAITING';
    startCall(ctx, node.id, token.id);
  },
};

/** Returns false when the result is late or duplicated (the call is no longer waiting for one). */
export function applyServiceResult(ctx: StepContext, c: FlowCommandOf<'serviceResult'>): boolean {
  const call = ctx.state.calls.find((x) => x.id === c.callId);
  const token = call ? findToken(ctx, call.tokenId) : undefined;
  if (!call || call.status !== 'CALLING' || !token) return false;
  const p = callPolicy(ctx, call);
  const failedCode = call.action ? 'FLW_ERR_ACTION_FAILED' : 'FLW_ERR_SERVICE_FAILED';
  if (c.ok) {
    call.status = 'DONE';
    emit(ctx, 'serviceSucceeded', { callId: call.id, nodeId: call.nodeId, attempt: call.attempt }, 'system');
    if (p.resultVariable) {
      const values = { [p.resultVariable]: toJson(c.response) };
      Object.assign(ctx.state.variables, values);
      emit(ctx, 'variablesSet', { nodeId: call.nodeId, values }, 'system');
    }
    leave(ctx, token, 'out');
    return true;
  }
  const retry = { ...DEFAULT_RETRY, ...p.retry };
  const willRetry = c.retryable !== false && call.attempt < retry.maxAttempts;
  emit(ctx, 'serviceFailed', { callId: call.id, nodeId: call.nodeId, attempt: call.attempt, error: c.error ?? 'failed', willRetry }, 'system');
  if (!willRetry) {
    call.status = 'FAILED';
    if (c.retryable === false) raiseIncident(ctx, token, c.incidentCode ?? failedCode, `${p.target} refused: ${c.error ?? 'failed'}`);
    else raiseIncident(ctx, token, failedCode, `${p.target} failed after ${call.attempt} attempts: ${c.error ?? 'failed'}`);
    return true;
  }
  call.status = 'WAITING_RETRY';
  const delayMs = retry.backoffSeconds * 1000 * Math.pow(retry.factor, call.attempt - 1);
  const timer: WantedTimer = { id: newId(ctx, 'timer'), kind: 'SERVICE_RETRY', dueAt: new Date(Date.parse(ctx.now) + delayMs).toISOString(), callId: call.id };
  ctx.state.timers.push(timer);
  addEffect(ctx, 'scheduleTimer', { timerId: timer.id, kind: timer.kind, dueAt: timer.dueAt, callId: call.id });
  return true;
}

/** The backoff timer of a failed call fired: the next attempt. */
export function retryServiceCall(ctx: StepContext, callId: string): boolean {
  const call = ctx.state.calls.find((x) => x.id === callId);
  if (!call || call.status !== 'WAITING_RETRY') return false;
  call.attempt += 1;
  callOnce(ctx, call);
  return true;
}
