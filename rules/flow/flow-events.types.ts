import type { TraceEntry } from '../index.js';
import type { EndOutcome, EmptyAssigneePolicy, InitiatorPolicy } from './flow-definition.types.js';
import type { AutoReason, Json } from './flow-state.types.js';

/** Timeline events, keyed by type; each carries who and when in its envelope. */
export interface FlowEventMap {
  instanceStarted: { definitionKey: string; definitionVersion: number | null; idempotencyKey: string; variables: Record<string, Json> };
  nodeEntered: { nodeId: string; nodeType: string; tokenId: string };
  ruleEvaluated: { nodeId: string; ruleSetKey: string; version: number | null; inputs: Record<string, Json>; outputs: Record<string, Json>; trace: TraceEntry[] };
  gatewayEvaluated: { nodeId: string; port: string; isDefault: boolean; results: { port: string; result: boolean }[] };
  tokensForked: { nodeId: string; tokenIds: string[] };
  tokensJoined: { nodeId: string; tokenId: string };
  variablesSet: { nodeId: string | null; values: Record<string, Json> };
  taskCreated: { taskId: string; nodeId: string; assignee: string; stage: number; origin: string };
  taskApproved: { taskId: string; nodeId: string; comment?: string; autoReason?: AutoReason };
  taskRejected: { taskId: string; nodeId: string; comment?: string; autoReason?: AutoReason };
  taskReturned: { taskId: string; nodeId: string; targetNodeId: string; comment?: string };
  taskTransferred: { taskId: string; newTaskId: string; from: string; to: string; comment?: string };
  signerAdded: { taskId: string; position: 'BEFORE' | 'AFTER'; users: string[]; comment?: string };
  taskCancelled: { taskId: string; reason: 'DECIDED' | 'RETURNED' | 'WITHDRAWN' | 'ENDED' };
  taskResumed: { taskId: string };
  approverNotFound: { nodeId: string; stage: number; policy: EmptyAssigneePolicy };
  approverIsInitiator: { nodeId: string; stage: number; policy: InitiatorPolicy; replacedBy?: string };
  approvalCompleted: { nodeId: string; outcome: 'APPROVED' | 'REJECTED'; approved: number; rejected: number; total: number };
  ccAdded: { nodeId: string; users: string[] };
  reminderSent: { taskId: string; assignee: string };
  taskEscalated: { taskId: string; role: string; users: string[] };
  serviceCalled: { callId: string; nodeId: string; attempt: number };
  serviceSucceeded: { callId: string; nodeId: string; attempt: number };
  serviceFailed: { callId: string; nodeId: string; attempt: number; error: string; willRetry: boolean };
  incidentRaised: { incidentId: string; nodeId: string; code: string; message: string };
  incidentResolved: { incidentId: string; nodeId: string; action: 'RETRY' | 'SKIP' };
  commented: { text: string; attachmentIds: string[]; taskId?: string };
  urged: { users: string[] };
  withdrawn: { reason?: string };
  instanceEnded: { outcome: EndOutcome; nodeId: string | null };
}

export type FlowEventType = keyof FlowEventMap;
/** `actor` is a user id or "system"; `at` is the command's `now`. */
export type FlowEventOf<K extends FlowEventType> = { type: K; at: string; actor: string; data: FlowEventMap[K] };
export type FlowEvent = { [K in FlowEventType]: FlowEventOf<K> }[FlowEventType];
