import type { Json } from './flow-state.types.js';

/** Every command the machine accepts, keyed by type (no free strings). `actor` is a user id. */
export interface FlowCommandMap {
  start: { actor: string; idempotencyKey: string; variables: Record<string, Json> };
  approve: { actor: string; taskId: string; comment?: string; formPatch?: Record<string, Json> };
  reject: { actor: string; taskId: string; comment?: string };
  /** 退回: to `targetNodeId` (an earlier approval or the start node), else to the previous one. */
  return: { actor: string; taskId: string; targetNodeId?: string; comment?: string };
  /** 转交 */
  transfer: { actor: string; taskId: string; to: string; comment?: string };
  /** 加签: BEFORE — the signers act first, then the task comes back; AFTER — approve now, the signers follow. */
  addSigner: { actor: string; taskId: string; users: string[]; position: 'BEFORE' | 'AFTER'; comment?: string };
  /** 撤回: the initiator, while nobody has acted yet. */
  withdraw: { actor: string; reason?: string };
  /** 催办 */
  urge: { actor: string };
  comment: { actor: string; text: string; attachmentIds?: string[]; taskId?: string };
  timerFired: { timerId: string };
  /** The answer to a service call or an action. `retryable: false` (a refused URL, a secret the tenant lacks, an action the records refuse): no further attempt, the incident is raised now with `incidentCode`. */
  serviceResult: { callId: string; ok: boolean; response?: Json; error?: string; retryable?: boolean; incidentCode?: 'FLW_ERR_URL_REFUSED' | 'FLW_ERR_SECRET_MISSING' | 'FLW_ERR_ACTION_FAILED' };
  resolveIncident: { actor: string; incidentId: string; action: 'RETRY' | 'SKIP' };
}

export type FlowCommandType = keyof FlowCommandMap;
export type FlowCommandOf<K extends FlowCommandType> = { type: K } & FlowCommandMap[K];
export type FlowCommand = { [K in FlowCommandType]: FlowCommandOf<K> }[FlowCommandType];
