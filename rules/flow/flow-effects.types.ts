import type { ActionNodeTypeId } from '../../schemas/flow/node-types.js';
import type { Json, TimerKind } from './flow-state.types.js';

export type NotifyKind = 'TASK_ASSIGNED' | 'REMIND' | 'ESCALATED' | 'CC' | 'URGED' | 'RETURNED' | 'RESULT';

/**
 * What the caller must do after committing the new state (in the same transaction: timers and
 * outbox rows). Results come back as commands: `timerFired`, `serviceResult`.
 */
export interface FlowEffectMap {
  scheduleTimer: { timerId: string; kind: TimerKind; dueAt: string; taskId?: string; callId?: string };
  cancelTimers: { timerIds: string[] };
  callWebhook: {
    callId: string; nodeId: string; url: string; method: 'POST' | 'PUT'; secretRef: string; body: Record<string, Json>;
    attempt: number;
    /** Stable per call and attempt: the receiver de-duplicates on it. */
    idempotencyKey: string;
  };
  /** An action node's work on the tenant's records; the server runs it in one transaction and answers with `serviceResult`. */
  runAction: {
    callId: string; nodeId: string; action: ActionNodeTypeId; inputs: Record<string, Json>;
    attempt: number;
    /** Stable per call (not per attempt): a retry after a rolled-back attempt and a redelivery share it. */
    idempotencyKey: string;
  };
  notify: { kind: NotifyKind; users: string[]; taskId?: string; nodeId?: string };
  createIncident: { incidentId: string; nodeId: string; code: string; message: string };
}

export type FlowEffectType = keyof FlowEffectMap;
export type FlowEffectOf<K extends FlowEffectType> = { type: K } & FlowEffectMap[K];
export type FlowEffect = { [K in FlowEffectType]: FlowEffectOf<K> }[FlowEffectType];
