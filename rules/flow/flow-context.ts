import type { FlowDefinition, FlowNode } from './flow-definition.types.js';
import type { FlowEffect, FlowEffectMap, FlowEffectType } from './flow-effects.types.js';
import type { FlowEnv } from './flow-env.types.js';
import { flowError } from './flow-error.js';
import type { FlowEvent, FlowEventMap, FlowEventType } from './flow-events.types.js';
import type { FlowState, Json, Task, Token } from './flow-state.types.js';

/** What one command works on: a private copy of the state plus the events and effects it produced. */
export interface StepContext {
  readonly def: FlowDefinition;
  readonly nodes: ReadonlyMap<string, FlowNode>;
  readonly env: FlowEnv;
  readonly now: string;
  readonly actor: string;
  readonly state: FlowState;
  readonly events: FlowEvent[];
  readonly effects: FlowEffect[];
  /** Tokens that entered a node and wait for its runner. */
  readonly queue: string[];
  entered: number;
}

export const SYSTEM_ACTOR = 'system';

export function emit<K extends FlowEventType>(ctx: StepContext, type: K, data: FlowEventMap[K], actor: string = ctx.actor): void {
  ctx.events.push({ type, at: ctx.now, actor, data } as FlowEvent);
}

export function addEffect<K extends FlowEffectType>(ctx: StepContext, type: K, data: FlowEffectMap[K]): void {
  ctx.effects.push({ type, ...data } as FlowEffect);
}

export function newId(ctx: StepContext, kind: string): string {
  return `${kind}-${ctx.state.nextId++}`;
}

export function nodeOf(ctx: StepContext, id: string): FlowNode {
  const node = ctx.nodes.get(id);
  if (!node) throw flowError('FLW_ERR_UNKNOWN_NODE', { nodeId: id });
  return node;
}

export function findToken(ctx: StepContext, id: string): Token | undefined {
  return ctx.state.tokens.find((t) => t.id === id);
}

export function findTask(ctx: StepContext, id: string): Task | undefined {
  return ctx.state.tasks.find((t) => t.id === id);
}

/** A JSON copy of a value from outside (rule outputs, service responses): no Decimal, no undefined. */
export function toJson(v: unknown): Json {
  return v === undefined ? null : (JSON.parse(JSON.stringify(v)) as Json);
}

export function isAdmin(ctx: StepContext, userId: string): boolean {
  return ctx.env.directory.tenantAdmins().includes(userId);
}
