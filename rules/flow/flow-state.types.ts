import type { ActionNodeTypeId } from '../../schemas/flow/node-types.js';
import type { EndOutcome, FieldAccess } from './flow-definition.types.js';

/** Plain JSON: the whole state of one instance, stored as one jsonb later. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export type InstanceStatus = 'NEW' | 'RUNNING' | EndOutcome;

export type TaskStatus = 'PENDING' | 'WAITING' | 'APPROVED' | 'REJECTED' | 'RETURNED' | 'TRANSFERRED' | 'CANCELLED';

/** Why the system decided a task instead of a person. */
export type AutoReason = 'INITIATOR' | 'DEDUPLICATED' | 'TIMEOUT';

export type TaskOrigin = 'ASSIGNED' | 'TRANSFERRED' | 'ADDED_BEFORE' | 'ADDED_AFTER' | 'TENANT_ADMIN';

export interface Task {
  id: string;
  nodeId: string;
  /** APPROVAL: an approver's vote; RESUBMIT: the initiator after a 退回 to the start node. */
  kind: 'APPROVAL' | 'RESUBMIT';
  /** The approval run (empty for RESUBMIT tasks, which name their token instead). */
  runId: string;
  tokenId?: string;
  stage: number;
  /** Order of creation within the instance. */
  sequence: number;
  assignee: string;
  status: TaskStatus;
  origin: TaskOrigin;
  createdAt: string;
  /** When the SLA auto-decision is due (if any). */
  dueAt?: string;
  decidedAt?: string;
  /** A user id, or "system" for automatic decisions. */
  decidedBy?: string;
  autoReason?: AutoReason;
  comment?: string;
  transferredFrom?: string;
  escalatedTo?: string[];
  fieldPermissions?: Record<string, FieldAccess>;
}

export type StageQuorum = 'ANY' | 'ALL';

export interface Stage {
  assignees: string[];
  quorum: StageQuorum;
  passRatio?: number;
  /** The rule step this stage came from ({role, region?}), for the timeline. */
  source?: { role: string; region?: string | null };
  /** The stage was inserted by 加签. */
  added?: 'BEFORE' | 'AFTER';
}

/** One pass of a token through an approval node. */
export interface ApprovalRun {
  id: string;
  nodeId: string;
  tokenId: string;
  stages: Stage[];
  current: number;
  /** The approvers of the last passed stage (for de-duplication of the next stage). */
  lastApprovers: string[];
}

export type TokenStatus = 'ACTIVE' | 'WAITING' | 'JOINING' | 'INCIDENT';

export interface Token {
  id: string;
  nodeId: string;
  status: TokenStatus;
  /** Who approved the last stage this token passed (de-duplication of consecutive approvers). */
  lastApprovers?: string[];
}

export type TimerKind = 'REMIND' | 'ESCALATE' | 'AUTO_DECIDE' | 'SERVICE_RETRY';

export interface WantedTimer {
  id: string;
  kind: TimerKind;
  dueAt: string;
  taskId?: string;
  callId?: string;
}

/** A service node's webhook call or an action node's run (the same waiting, retries and incident). */
export interface ServiceCall {
  id: string;
  nodeId: string;
  /** Set for an action node's call. */
  action?: ActionNodeTypeId;
  tokenId: string;
  attempt: number;
  status: 'CALLING' | 'WAITING_RETRY' | 'FAILED' | 'DONE';
}

export interface Incident {
  id: string;
  nodeId: string;
  tokenId: string;
  code: 'FLW_ERR_RULE_FAILED' | 'FLW_ERR_SERVICE_FAILED' | 'FLW_ERR_URL_REFUSED' | 'FLW_ERR_SECRET_MISSING' | 'FLW_ERR_ACTION_FAILED' | 'FLW_ERR_NO_APPROVER' | 'FLW_ERR_MISSING_EDGE' | 'FLW_ERR_STEP_LIMIT';
  message: string;
  at: string;
  status: 'OPEN' | 'RETRIED' | 'SKIPPED';
}

export interface TrailEntry {
  nodeId: string;
  tokenId: string;
  at: string;
}

export interface FlowState {
  instanceId: string;
  definitionKey: string;
  definitionVersion: number | null;
  status: InstanceStatus;
  initiator: string | null;
  idempotencyKey: string | null;
  startedAt: string | null;
  endedAt: string | null;
  variables: Record<string, Json>;
  tokens: Token[];
  runs: ApprovalRun[];
  tasks: Task[];
  cc: { userId: string; nodeId: string; at: string }[];
  timers: WantedTimer[];
  calls: ServiceCall[];
  incidents: Incident[];
  /** Nodes entered, in order (return targets come from here). */
  trail: TrailEntry[];
  /** A person has approved, rejected, returned, transferred or added a signer (撤回 is closed). */
  humanActed: boolean;
  lastUrgeAt: string | null;
  /** Counter for ids: every id of this instance is `${kind}-${n}`. */
  nextId: number;
  /** Incremented by every accepted command (the server's optimistic-lock column). */
  version: number;
}

export function newFlowState(instanceId: string, definitionKey: string, definitionVersion: number | null = null): FlowState {
  return {
    instanceId, definitionKey, definitionVersion, status: 'NEW', initiator: null, idempotencyKey: null, startedAt: null, endedAt: null,
    variables: {}, tokens: [], runs: [], tasks: [], cc: [], timers: [], calls: [], incidents: [], trail: [],
    humanActed: false, lastUrgeAt: null, nextId: 1, version: 0,
  };
}
