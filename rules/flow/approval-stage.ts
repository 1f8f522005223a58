import type { FlowNodeOf } from './flow-definition.types.js';
import type { StepContext } from './flow-context.js';
import { addEffect, emit, findToken, newId, nodeOf } from './flow-context.js';
import { cancelTask, cancelTimersOf, edgesFrom, endInstance, isOpen, leave, raiseIncident } from './flow-advance.js';
import type { ApprovalRun, AutoReason, Task, TaskOrigin } from './flow-state.types.js';
import { addWorkingDays, addWorkingHours } from './working-calendar.js';

type ApprovalNode = FlowNodeOf<'approval'>;

export function approvalNodeOf(ctx: StepContext, nodeId: string): ApprovalNode {
  const node = nodeOf(ctx, nodeId);
  if (node.type !== 'approval') throw new Error(`${nodeId} is not an approval node`);
  return node;
}

/** Schedules the SLA timers of a pending task (working time on the tenant's calendar). */
export function scheduleSla(ctx: StepContext, task: Task): void {
  const node = nodeOf(ctx, task.nodeId);
  const sla = node.type === 'approval' ? node.params.sla : undefined;
  if (!sla || task.kind !== 'APPROVAL') return;
  const cal = ctx.env.calendar;
  const want = (kind: 'REMIND' | 'ESCALATE' | 'AUTO_DECIDE', dueAt: string) => {
    const timer = { id: newId(ctx, 'timer'), kind, dueAt, taskId: task.id };
    ctx.state.timers.push(timer);
    addEffect(ctx, 'scheduleTimer', { timerId: timer.id, kind, dueAt, taskId: task.id });
  };
  if (sla.remindEveryWorkingHours) want('REMIND', addWorkingHours(cal, ctx.now, sla.remindEveryWorkingHours));
  if (sla.escalateAfterWorkingHours && sla.escalateToRole) want('ESCALATE', addWorkingHours(cal, ctx.now, sla.escalateAfterWorkingHours));
  if (sla.autoDecideAfterWorkingDays) {
    task.dueAt = addWorkingDays(cal, ctx.now, sla.autoDecideAfterWorkingDays);
    want('AUTO_DECIDE', task.dueAt);
  }
}

export function createTask(ctx: StepContext, run: ApprovalRun, stage: number, assignee: string, origin: TaskOrigin, extra: Partial<Task> = {}): Task {
  const node = approvalNodeOf(ctx, run.nodeId);
  const task: Task = {
    id: newId(ctx, 'task'), nodeId: run.nodeId, kind: 'APPROVAL', runId: run.id, stage,
    sequence: ctx.state.tasks.length + 1, assignee, status: 'PENDING', origin, createdAt: ctx.now, ...extra,
  };
  if (node.params.fieldPermissions) task.fieldPermissions = { ...node.params.fieldPermissions };
  ctx.state.tasks.push(task);
  emit(ctx, 'taskCreated', { taskId: task.id, nodeId: task.nodeId, assignee, stage, origin });
  addEffect(ctx, 'notify', { kind: 'TASK_ASSIGNED', users: [assignee], taskId: task.id, nodeId: task.nodeId });
  scheduleSla(ctx, task);
  return task;
}

/** Records a decision on a task (by its assignee or by the system) and closes its timers. */
export function decideTask(ctx: StepContext, task: Task, outcome: 'APPROVED' | 'REJECTED', by: string, comment?: string, autoReason?: AutoReason): void {
  task.status = outcome;
  task.decidedAt = ctx.now;
  task.decidedBy = by;
  if (comment !== undefined) task.comment = comment;
  if (autoReason) task.autoReason = autoReason;
  cancelTimersOf(ctx, { taskId: task.id });
  const data = { taskId: task.id, nodeId: task.nodeId, ...(comment !== undefined ? { comment } : {}), ...(autoReason ? { autoReason } : {}) };
  if (outcome === 'APPROVED') emit(ctx, 'taskApproved', data, by);
  else emit(ctx, 'taskRejected', data, by);
}

export function stageTasks(ctx: StepContext, run: ApprovalRun, stage = run.current): Task[] {
  return ctx.state.tasks.filter((t) => t.runId === run.id && t.stage === stage && t.status !== 'TRANSFERRED' && t.status !== 'CANCELLED');
}

/**
 * Starts a stage: applies the initiator policy and the empty-approver policy, creates the tasks
 * (or resumes those that waited for a 前加签), then lets automatic decisions (initiator auto-pass,
 * consecutive de-duplication) count.
 */
export function activateStage(ctx: StepContext, run: ApprovalRun, index: number): void {
  run.current = index;
  const node = approvalNodeOf(ctx, run.nodeId);
  const p = node.params;
  const waiting = ctx.state.tasks.filter((t) => t.runId === run.id && t.stage === index && t.status === 'WAITING');
  if (waiting.length > 0) {
    for (const t of waiting) {
      t.status = 'PENDING';
      emit(ctx, 'taskResumed', { taskId: t.id });
      addEffect(ctx, 'notify', { kind: 'TASK_ASSIGNED', users: [t.assignee], taskId: t.id, nodeId: t.nodeId });
      scheduleSla(ctx, t);
    }
    evaluateStage(ctx, run);
    return;
  }
  const stage = run.stages[index];
  const initiator = ctx.state.initiator ?? '';
  let assignees = [...stage.assignees];
  const policy = p.initiatorPolicy ?? 'KEEP';
  if (!stage.added && assignees.includes(initiator) && policy !== 'KEEP') {
    if (policy === 'SKIP_TO_MANAGER') {
      const manager = ctx.env.directory.managerOf(initiator);
      assignees = assignees.flatMap((a) => (a === initiator ? (manager && !assignees.includes(manager) ? [manager] : []) : [a]));
      emit(ctx, 'approverIsInitiator', { nodeId: node.id, stage: index, policy, ...(manager ? { replacedBy: manager } : {}) }, 'system');
    } else {
      emit(ctx, 'approverIsInitiator', { nodeId: node.id, stage: index, policy }, 'system');
    }
  }
  let origin: TaskOrigin = stage.added === 'BEFORE' ? 'ADDED_BEFORE' : stage.added === 'AFTER' ? 'ADDED_AFTER' : 'ASSIGNED';
  if (assignees.length === 0) {
    const onEmpty = p.onEmpty ?? 'AUTO_PASS';
    emit(ctx, 'approverNotFound', { nodeId: node.id, stage: index, policy: onEmpty }, 'system');
    if (onEmpty === 'AUTO_PASS') return passStage(ctx, run);
    if (onEmpty === 'REJECT') return completeRun(ctx, run, 'REJECTED');
    assignees = ctx.env.directory.tenantAdmins();
    origin = 'TENANT_ADMIN';
    if (assignees.length === 0) {
      const token = findToken(ctx, run.tokenId);
      if (token) raiseIncident(ctx, token, 'FLW_ERR_NO_APPROVER', `nobody found for stage ${index} of ${node.id}`);
      return;
    }
    stage.quorum = 'ANY';
  }
  stage.assignees = assignees;
  const tasks = assignees.map((a) => createTask(ctx, run, index, a, origin));
  const dedupe = (p.dedupe ?? 'CONSECUTIVE') === 'CONSECUTIVE';
  for (const task of tasks) {
    if (task.status !== 'PENDING' || !ctx.state.runs.includes(run) || run.current !== index) break;
    const auto: AutoReason | undefined = !stage.added && policy === 'AUTO_PASS' && task.assignee === initiator ? 'INITIATOR'
      : dedupe && run.lastApprovers.includes(task.assignee) ? 'DEDUPLICATED' : undefined;
    if (!auto) continue;
    decideTask(ctx, task, 'APPROVED', 'system', undefined, auto);
    evaluateStage(ctx, run);
  }
}

/** Counts the votes of the current stage; passes or rejects it when the quorum is decided. */
export function evaluateStage(ctx: StepContext, run: ApprovalRun): void {
  const stage = run.stages[run.current];
  const tasks = stageTasks(ctx, run);
  const approved = tasks.filter((t) => t.status === 'APPROVED').length;
  const rejected = tasks.filter((t) => t.status === 'REJECTED').length;
  const total = tasks.length;
  let outcome: 'APPROVED' | 'REJECTED' | undefined;
  if (stage.quorum === 'ANY') outcome = approved > 0 ? 'APPROVED' : rejected > 0 ? 'REJECTED' : undefined;
  else {
    const need = Math.max(1, Math.ceil((stage.passRatio ?? 1) * total - 1e-9));
    outcome = approved >= need ? 'APPROVED' : rejected > total - need ? 'REJECTED' : undefined;
  }
  if (!outcome) return;
  for (const t of tasks) if (isOpen(t)) cancelTask(ctx, t, 'DECIDED');
  if (outcome === 'REJECTED') return completeRun(ctx, run, 'REJECTED');
  run.lastApprovers = tasks.filter((t) => t.status === 'APPROVED').map((t) => t.assignee);
  passStage(ctx, run);
}

function passStage(ctx: StepContext, run: ApprovalRun): void {
  if (run.current + 1 < run.stages.length) activateStage(ctx, run, run.current + 1);
  else completeRun(ctx, run, 'APPROVED');
}

/** The node is decided: the token leaves through "approved", or "rejected" (else the instance ends REJECTED). */
export function completeRun(ctx: StepContext, run: ApprovalRun, outcome: 'APPROVED' | 'REJECTED'): void {
  const all = ctx.state.tasks.filter((t) => t.runId === run.id);
  for (const t of all) if (isOpen(t)) cancelTask(ctx, t, 'DECIDED');
  ctx.state.runs = ctx.state.runs.filter((r) => r !== run);
  emit(ctx, 'approvalCompleted', {
    nodeId: run.nodeId, outcome,
    approved: all.filter((t) => t.status === 'APPROVED').length, rejected: all.filter((t) => t.status === 'REJECTED').length, total: all.length,
  }, 'system');
  const token = findToken(ctx, run.tokenId);
  if (!token) return;
  token.lastApprovers = outcome === 'APPROVED' ? run.lastApprovers : [];
  if (outcome === 'APPROVED') return leave(ctx, token, 'approved');
  if (edgesFrom(ctx, run.nodeId, 'rejected').length > 0) return leave(ctx, token, 'rejected');
  endInstance(ctx, 'REJECTED', run.nodeId);
}
