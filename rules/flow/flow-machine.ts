import { addSigner, approve, reject, returnTask, transfer } from './approval-commands.js';
import type { FlowCommand, FlowCommandOf, FlowCommandType } from './flow-commands.types.js';
import type { StepContext } from './flow-context.js';
import { findToken, nodeOf, SYSTEM_ACTOR } from './flow-context.js';
import { raiseIncident } from './flow-advance.js';
import type { FlowDefinition } from './flow-definition.types.js';
import type { FlowEffect } from './flow-effects.types.js';
import type { FlowEnv } from './flow-env.types.js';
import { flowError } from './flow-error.js';
import type { FlowEvent } from './flow-events.types.js';
import type { FlowState } from './flow-state.types.js';
import { comment, resolveIncident, start, urge, withdraw } from './instance-commands.js';
import { runNode } from './node-runners.js';
import { applyServiceResult } from './service.runner.js';
import { fireTimer } from './timer-commands.js';

export interface StepResult {
  state: FlowState;
  events: FlowEvent[];
  effects: FlowEffect[];
}

/** Nodes one command may run through before the machine calls it a loop. */
export const MAX_NODES_PER_STEP = 500;

type Handler<K extends FlowCommandType> = (ctx: StepContext, c: FlowCommandOf<K>) => boolean | void;

/** One handler per command type (exhaustive); `false` means "nothing to do" (late or duplicate). */
const handlers: { readonly [K in FlowCommandType]: Handler<K> } = {
  start,
  approve,
  reject,
  return: returnTask,
  transfer,
  addSigner,
  withdraw,
  urge,
  comment,
  timerFired: fireTimer,
  serviceResult: applyServiceResult,
  resolveIncident,
};

const ENDED = new Set(['APPROVED', 'REJECTED', 'CANCELLED']);
/** Commands whose own checks give the better answer on an ended instance (a task no longer pending, a late timer). */
const CHECKED_BY_HANDLER = new Set<FlowCommandType>(['approve', 'reject', 'return', 'transfer', 'addSigner', 'comment', 'timerFired', 'serviceResult']);

function drain(ctx: StepContext): void {
  while (ctx.queue.length > 0 && ctx.state.status === 'RUNNING') {
    const token = findToken(ctx, ctx.queue.shift()!);
    if (!token || token.status !== 'ACTIVE') continue;
    if (++ctx.entered > MAX_NODES_PER_STEP) {
      raiseIncident(ctx, token, 'FLW_ERR_STEP_LIMIT', `more than ${MAX_NODES_PER_STEP} nodes in one step`);
      ctx.queue.length = 0;
      return;
    }
    runNode(ctx, nodeOf(ctx, token.nodeId), token);
  }
}

/**
 * The pure heart of the workflow runtime: (definition, state, command, now, env) → new state,
 * timeline events and effects for the caller to perform. No I/O; the input state is never
 * changed. A refused command throws an AppError with a FLW_ERR_* code. A command with nothing
 * left to do (a duplicated start, a late timer or service result) returns the same state, no
 * events and no effects.
 */
export function step(def: FlowDefinition, state: FlowState, command: FlowCommand, now: string, env: FlowEnv): StepResult {
  const unchanged: StepResult = { state, events: [], effects: [] };
  if (command.type === 'start') {
    if (state.status !== 'NEW') {
      if (state.idempotencyKey === command.idempotencyKey) return unchanged;
      throw flowError('FLW_ERR_ALREADY_STARTED', { idempotencyKey: state.idempotencyKey });
    }
  } else if (state.status === 'NEW') {
    throw flowError('FLW_ERR_NOT_STARTED');
  } else if (ENDED.has(state.status) && !CHECKED_BY_HANDLER.has(command.type)) {
    throw flowError('FLW_ERR_INSTANCE_ENDED', { status: state.status });
  }
  const ctx: StepContext = {
    def,
    nodes: new Map(def.nodes.map((n) => [n.id, n])),
    env,
    now: new Date(Date.parse(now)).toISOString(),
    actor: 'actor' in command ? command.actor : SYSTEM_ACTOR,
    state: JSON.parse(JSON.stringify(state)) as FlowState,
    events: [],
    effects: [],
    queue: [],
    entered: 0,
  };
  const handler = handlers[command.type] as Handler<typeof command.type>;
  if (handler(ctx, command as never) === false) return unchanged;
  drain(ctx);
  ctx.state.version += 1;
  return { state: ctx.state, events: ctx.events, effects: ctx.effects };
}
