import type { ApprovalMode, FlowAssignee } from './flow-definition.types.js';
import type { FlowDirectory } from './flow-env.types.js';
import type { Json, Stage } from './flow-state.types.js';
import { readVariable } from './flow-value.js';

/** People found for one assignee entry; a rule's steps give one group per step. */
export interface AssigneeGroup {
  users: string[];
  source?: { role: string; region?: string | null };
}

export interface ResolveInput {
  directory: FlowDirectory;
  variables: Record<string, Json>;
  initiator: string;
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

function activeUsers(dir: FlowDirectory, ids: readonly string[]): string[] {
  return unique(ids.filter((id) => { const u = dir.findUser(id); return u !== undefined && u.active !== false; }));
}

function managerUp(dir: FlowDirectory, userId: string, levels: number): string | undefined {
  let cur: string | undefined = userId;
  for (let i = 0; i < levels && cur !== undefined; i++) cur = dir.managerOf(cur);
  return cur;
}

function asStep(v: Json): { role: string; region?: string | null } | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || typeof v.role !== 'string') return undefined;
  const region = v.region;
  return { role: v.role, region: typeof region === 'string' ? region : null };
}

/** Resolves one assignee entry against the directory and the instance variables. */
export function resolveAssignee(spec: FlowAssignee, input: ResolveInput): AssigneeGroup[] {
  const dir = input.directory;
  switch (spec.kind) {
    case 'user': return [{ users: activeUsers(dir, spec.users) }];
    case 'role': return [{ users: dir.usersWithRole(spec.role) }];
    case 'roleInRegion': {
      const region = readVariable(input.variables, spec.region.$var);
      return [{ users: typeof region === 'string' ? dir.usersWithRole(spec.role, region) : [], source: { role: spec.role, region: typeof region === 'string' ? region : null } }];
    }
    case 'managerChain': {
      const m = managerUp(dir, input.initiator, spec.levels);
      return [{ users: m ? activeUsers(dir, [m]) : [] }];
    }
    case 'initiatorChosen': {
      const v = readVariable(input.variables, spec.variable.$var);
      const ids = typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
      return [{ users: activeUsers(dir, ids) }];
    }
    case 'ruleSteps': {
      const v = readVariable(input.variables, spec.steps.$var);
      const steps = Array.isArray(v) ? v.map(asStep).filter((s) => s !== undefined) : [];
      return steps.map((s) => ({ users: dir.usersWithRole(s.role, s.region), source: s }));
    }
  }
}

/** Every person an assignee list names (CC recipients, who may start). */
export function resolveAll(specs: readonly FlowAssignee[], input: ResolveInput): string[] {
  return unique(specs.flatMap((s) => resolveAssignee(s, input).flatMap((g) => g.users)));
}

/**
 * The stages of an approval node. SEQUENTIAL: one stage per rule step (any holder of the step's
 * role decides it) or per named person; SINGLE: the first person found; ANY (或签) and ALL (会签):
 * one stage with everyone. A stage may be empty; the node's `onEmpty` policy decides it when it starts.
 */
export function buildStages(mode: ApprovalMode, groups: readonly AssigneeGroup[], passRatio?: number): Stage[] {
  const everyone = unique(groups.flatMap((g) => g.users));
  switch (mode) {
    case 'SEQUENTIAL': {
      const stages: Stage[] = groups.flatMap((g): Stage[] => g.source
        ? [{ assignees: g.users, quorum: 'ANY', source: g.source }]
        : g.users.map((u) => ({ assignees: [u], quorum: 'ANY' })));
      return stages.length > 0 ? stages : [{ assignees: [], quorum: 'ANY' }];
    }
    case 'SINGLE': return [{ assignees: everyone.slice(0, 1), quorum: 'ANY' }];
    case 'ANY': return [{ assignees: everyone, quorum: 'ANY' }];
    case 'ALL': return [{ assignees: everyone, quorum: 'ALL', ...(passRatio !== undefined ? { passRatio } : {}) }];
  }
}
