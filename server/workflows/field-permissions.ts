import { withDealerMasterData, type DealerMasterData, type FlowDefinition, type FlowState, type Json, type Task } from '../../rules/flow/index.js';
import type { AppErrorProblem } from '../../schemas/errors/app-error.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { ConfigDocumentVersion, type WorkflowInstance as InstanceRow } from '../entities/index.js';
import type { AuthedContext } from '../http/request-context.js';
import { isDealerUser } from './instance-access.js';

type Permissions = Record<string, 'HIDDEN' | 'READ' | 'EDIT'>;
const NONE: ReadonlySet<string> = new Set();

/**
 * The form fields (top-level variables) hidden from the caller. The initiator, the instance's own
 * dealer users and tenant admins see everything. An approver sees a field unless every task they
 * hold or held on the instance marks it HIDDEN. A reader without a task (copied, notified) sees
 * none of the fields any approval node of the definition hides.
 */
export async function hiddenFieldsFor(ctx: AuthedContext, row: InstanceRow, state: FlowState, definition?: FlowDefinition | null): Promise<ReadonlySet<string>> {
  const me = ctx.user.id;
  if (ctx.user.systemRoles.includes('TENANT_ADMIN') || isDealerUser(ctx) || row.initiator.id === me || state.initiator === me) return NONE;
  const mine = state.tasks.filter((t) => t.assignee === me || t.escalatedTo?.includes(me));
  if (mine.length > 0) return hiddenInEvery(mine.map((t) => t.fieldPermissions ?? {}));
  const def = definition !== undefined ? definition
    : (await ctx.em.findOne(ConfigDocumentVersion, { kind: 'workflow', key: row.definitionKey, version: row.definitionVersion }))?.document as FlowDefinition | undefined;
  const nodes = def?.nodes ?? [];
  const hidden = new Set<string>();
  for (const n of nodes) {
    if (n.type !== 'approval') continue;
    for (const [field, level] of Object.entries(n.params.fieldPermissions ?? {})) if (level === 'HIDDEN') hidden.add(field);
  }
  return hidden;
}

function hiddenInEvery(perms: Permissions[]): ReadonlySet<string> {
  const [first, ...rest] = perms;
  return new Set(Object.keys(first).filter((f) => first[f] === 'HIDDEN' && rest.every((p) => p[f] === 'HIDDEN')));
}

export function withoutHidden(values: Record<string, Json>, hidden: ReadonlySet<string>): Record<string, Json> {
  if (hidden.size === 0) return values;
  return Object.fromEntries(Object.entries(values).filter(([k]) => !hidden.has(k)));
}

/**
 * A timeline event as the caller may see it: variables and values lose their hidden fields; a rule
 * evaluation keeps which rule set and version ran but not its inputs, outputs and trace, which may
 * carry hidden values under other names.
 */
export function visibleEventData(type: string, data: Record<string, unknown>, hidden: ReadonlySet<string>): Record<string, unknown> {
  if (hidden.size === 0) return data;
  switch (type) {
    case 'instanceStarted': return { ...data, variables: withoutHidden(data.variables as Record<string, Json>, hidden) };
    case 'variablesSet': return { ...data, values: withoutHidden(data.values as Record<string, Json>, hidden) };
    case 'ruleEvaluated': {
      const { inputs: _i, outputs: _o, trace: _t, ...rest } = data;
      return { ...rest, redacted: true };
    }
    default: return data;
  }
}

function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const ka = Object.keys(a as object); const kb = Object.keys(b as object);
  const ra = a as Record<string, Json>; const rb = b as Record<string, Json>;
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && sameJson(ra[k], rb[k]));
}

/**
 * What an approver's form changes may touch: EDIT fields only. A HIDDEN field may not even be
 * named; a READ (or undeclared) field may be sent back unchanged — it is dropped — but not
 * changed. Every offending field is reported with its pointer. A RESUBMIT task (the initiator
 * after a 退回) goes through `resubmitPatch` instead.
 */
export function editablePatch(task: Task, patch: Record<string, Json>, variables: Record<string, Json>): Record<string, Json> {
  const perms = task.fieldPermissions ?? {};
  const problems: AppErrorProblem[] = [];
  const kept: Record<string, Json> = {};
  for (const [field, value] of Object.entries(patch)) {
    const level = perms[field] ?? 'READ';
    if (level === 'EDIT') kept[field] = value;
    else if (level === 'HIDDEN') problems.push({ in: 'body', pointer: `/formPatch/${escapePointer(field)}`, code: 'HIDDEN', message: `field ${field} is hidden from this approver` });
    else if (!sameJson(variables[field], value)) problems.push({ in: 'body', pointer: `/formPatch/${escapePointer(field)}`, code: 'READ', message: `field ${field} is read-only for this approver` });
  }
  if (problems.length > 0) throw new AppError('FLW_ERR_FIELD_PERMISSION', { taskId: task.id, problems });
  return kept;
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * What the initiator may change when resubmitting after a 退回: the variables a start supplies
 * (declared by the definition), with the dealer's master data winning over a changed `dealer`,
 * as at the start. An instance that carries a record (an order) takes its variables from that
 * record: nothing may be changed through the task — the dealer cancels and places a new order.
 * Unchanged values are dropped; every refused field is reported with its pointer.
 */
export function resubmitPatch(
  patch: Record<string, Json>, variables: Record<string, Json>, declared: ReadonlySet<string>,
  options: { recordBacked: boolean; dealer: DealerMasterData | null },
): Record<string, Json> {
  const problems: AppErrorProblem[] = [];
  const kept: Record<string, Json> = {};
  for (const [field, value] of Object.entries(patch)) {
    if (sameJson(variables[field], value)) continue;
    const pointer = `/formPatch/${escapePointer(field)}`;
    if (options.recordBacked) problems.push({ in: 'body', pointer, code: 'RECORD', message: `${field} comes from the order record; cancel the order and place a new one to change it` });
    else if (!declared.has(field)) problems.push({ in: 'body', pointer, code: 'UNDECLARED', message: `${field} is not a variable the start supplies` });
    else if (field === 'dealer' && options.dealer && value !== null && typeof value === 'object' && !Array.isArray(value)) kept[field] = withDealerMasterData(value, options.dealer);
    else kept[field] = value;
  }
  if (problems.length > 0) throw new AppError('FLW_ERR_FIELD_PERMISSION', { problems });
  return kept;
}
