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
  start: { form?: { key: string }; starters?: FlowAssignee[] };
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
    retry?: { maxAttempts: number; backoffSeconds: number; factor?: number };
    resultVariable?: string;
  };
  notify: { recipients: FlowAssignee[]; message?: LocalizedText };
  setVariables: { set: Record<string, FlowValue> };
  end: { outcome: EndOutcome };
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
