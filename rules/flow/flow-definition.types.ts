import type { FieldDecl, JreTopCondition, LocalizedText } from '../index.js';
import type { approvalModes, emptyAssigneePolicies, endOutcomes, fieldAccessLevels, initiatorPolicies } from '../../schemas/flow/node-params.schema.js';
import type { NodeTypeId } from '../../schemas/flow/node-types.js';

/** TypeScript view of the documents the schemas in schemas/flow accept. */
export interface FlowVarRef {
  $var: string;
}
export type FlowValue = string | number | boolean | null | FlowVarRef | FlowValue[] | { [key: string]: FlowValue };

export type FlowAssignee =
  | { kind: 'user'; users: string[] }
  | { kind: 'role'; role: string }
  | { kind: 'roleInRegion'; role: string; region: FlowVarRef }
  | { kind: 'managerChain'; levels: number }
  | { kind: 'initiatorChosen'; variable: FlowVarRef }
  | { kind: 'ruleSteps'; steps: FlowVarRef };

export type ApprovalMode = (typeof approvalModes)[number];
export type EmptyAssigneePolicy = (typeof emptyAssigneePolicies)[number];
export type InitiatorPolicy = (typeof initiatorPolicies)[number];
export type FieldAccess = (typeof fieldAccessLevels)[number];
export type EndOutcome = (typeof endOutcomes)[number];

export interface ApprovalSla {
  remindEveryWorkingHours?: number;
  escalateAfterWorkingHours?: number;
  escalateToRole?: string;
  autoDecideAfterWorkingDays?: number;
  autoDecision?: 'APPROVE' | 'REJECT';
}

export interface NodeParamsMap {
  start: { form?: { key: string; /** The variable holding the form's data; without it the form's fields are the start variables. */ variable?: string }; starters?: FlowAssignee[] };
  approval: {
    mode: ApprovalMode;
    passRatio?: number;
    assignees: FlowAssignee[];
    onEmpty?: EmptyAssigneePolicy;
    initiatorPolicy?: InitiatorPolicy;
    dedupe?: 'CONSECUTIVE' | 'NONE';
    fieldPermissions?: Record<string, FieldAccess>;
    sla?: ApprovalSla;
  };
  rule: { ruleSet: { key: string; version?: number }; inputs: Record<string, FlowValue>; outputs?: Record<string, string>; resultVariable?: string };
  exclusiveGateway: { branches: { port: string; label?: LocalizedText; condition: JreTopCondition }[]; defaultPort: string };
  parallelSplit: Record<string, never>;
  parallelJoin: { split: string };
  service: {
    url: string;
    method?: 'POST' | 'PUT';
    secretRef: string;
    body?: Record<string, FlowValue>;
    retry?: RetryPolicy;
    resultVariable?: string;
  };
  notify: { recipients: FlowAssignee[]; message?: LocalizedText };
  setVariables: { set: Record<string, FlowValue> };
  priceOrder: ActionParams<'orderId'>;
  applyRebateOffset: ActionParams<'orderId'>;
  allocateStock: ActionParams<'orderId'>;
  setDealerTier: ActionParams<'dealerCode' | 'tier' | 'reviewYear', 'effectiveFrom'>;
  postRebateStatement: ActionParams<'dealerCode' | 'period', 'facts' | 'financeConfirmed' | 'policyCode'>;
  activateDealer: ActionParams<'dealerCode'>;
  end: { outcome: EndOutcome };
}

export interface RetryPolicy { maxAttempts: number; backoffSeconds: number; factor?: number }

/** The parameters every action node shares: named inputs (required ones and optional ones), retry, result variable. */
export interface ActionParams<Req extends string, Opt extends string = never> {
  inputs: { [K in Req]: FlowValue } & { [K in Opt]?: FlowValue };
  retry?: RetryPolicy;
  resultVariable?: string;
}

export type FlowNodeOf<K extends NodeTypeId> = {
  id: string;
  type: K;
  name?: LocalizedText;
  params: NodeParamsMap[K];
  position?: { x: number; y: number };
};
export type FlowNode = { [K in NodeTypeId]: FlowNodeOf<K> }[NodeTypeId];

export interface FlowEdge {
  id: string;
  from: string;
  to: string;
  port?: string;
}

export interface FlowDefinition {
  key: string;
  name: LocalizedText;
  description?: string;
  version?: number;
  variables: FieldDecl[];
  settings?: { urgeIntervalMinutes?: number };
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export interface WorkingCalendarDocument {
  key: string;
  year: number;
  timeZone: 'Asia/Shanghai';
  source: string;
  workingHours: { start: string; end: string };
  weekend: number[];
  holidays: { name: LocalizedText; from: string; to: string }[];
  makeUpWorkdays: { name: LocalizedText; date: string }[];
}
