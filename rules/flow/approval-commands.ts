import type { FlowCommandOf } from './flow-commands.types.js';
import type { StepContext } from './flow-context.js';
import { addEffect, emit, findTask, findToken, newId, nodeOf } from './flow-context.js';
import { cancelTask, cancelTimersOf, endInstance, enterNode, isOpen, leave } from './flow-advance.js';
import { activateStage, createTask, decideTask, evaluateStage } from './approval-stage.js';
import { flowError } from './flow-error.js';
import type { ApprovalRun, Task } from './flow-state.types.js';

/** The task a person acts on: it exists, is still pending, and is theirs. */
export function actionableTask(ctx: StepContext, taskId: string, actor: string): Task {
  const task = findTask(ctx, taskId);
  if (!task) throw flowError('FLW_ERR_TASK_NOT_FOUND', { taskId });
  if (task.status !== 'PENDING') throw flowError('FLW_ERR_TASK_NOT_PENDING', { taskId, status: task.status });
  if (task.assignee !== actor) throw flowError('FLW_ERR_NOT_ASSIGNEE', { taskId });
  return task;
}

function runOf(ctx: StepContext, task: Task): ApprovalRun {
  const run = ctx.state.runs.find((r) => r.id === task.runId);
  if (!run) throw flowError('FLW_ERR_TASK_NOT_PENDING', { taskId: task.id });
  return run;
}

function validUser(ctx: StepContext, id: string): boolean {
  const u = ctx.env.directory.findUser(id);
  return u !== undefined && u.active !== false;
}

export function approve(ctx: StepContext, c: FlowCommandOf<'approve'>): void {
  const task = actionableTask(ctx, c.taskId, c.actor);
  if (c.formPatch && Object.keys(c.formPatch).length > 0) {
    for (const field of Object.keys(c.formPatch)) {
      // the initiator resubmitting may change what a start supplies (declared variables), never what nodes computed
      const editable = task.kind === 'RESUBMIT' ? ctx.def.variables.some((v) => v.name === field) : task.fieldPermissions?.[field] === 'EDIT';
      if (!editable) throw flowError('FLW_ERR_FIELD_NOT_EDITABLE', { taskId: task.id, field });
    }
    Object.assign(ctx.state.variables, c.formPatch);
    emit(ctx, 'variablesSet', { nodeId: task.nodeId, values: c.formPatch });
  }
  ctx.state.humanActed = true;
  decideTask(ctx, task, 'APPROVED', c.actor, c.comment);
  if (task.kind === 'RESUBMIT') {
    const token = task.tokenId ? findToken(ctx, task.tokenId) : undefined;
    if (token) leave(ctx, token, 'out');
    return;
  }
  evaluateStage(ctx, runOf(ctx, task));
}

export function reject(ctx: StepContext, c: FlowCommandOf<'reject'>): void {
  const task = actionableTask(ctx, c.taskId, c.actor);
  ctx.state.humanActed = true;
  decideTask(ctx, task, 'REJECTED', c.actor, c.comment);
  if (task.kind === 'RESUBMIT') return endInstance(ctx, 'CANCELLED', task.nodeId);
  evaluateStage(ctx, runOf(ctx, task));
}

/** The node a 退回 goes to: the one named (entered earlier by this token) or the previous approval/start node. */
function returnTarget(ctx: StepContext, task: Task, tokenId: string, wanted?: string): string {
  const trail = ctx.state.trail;
  const lastHere = trail.map((e) => e.nodeId).lastIndexOf(task.nodeId);
  const alone = ctx.state.tokens.length === 1;
  const earlier = trail.slice(0, lastHere).filter((e) => (alone || e.tokenId === tokenId) && e.nodeId !== task.nodeId)
    .filter((e) => { const t = nodeOf(ctx, e.nodeId).type; return t === 'approval' || t === 'start'; });
  if (wanted === undefined) {
    const prev = earlier[earlier.length - 1];
    if (!prev) throw flowError('FLW_ERR_RETURN_TARGET', { taskId: task.id });
    return prev.nodeId;
  }
  if (!earlier.some((e) => e.nodeId === wanted)) throw flowError('FLW_ERR_RETURN_TARGET', { taskId: task.id, targetNodeId: wanted });
  return wanted;
}

/** 退回: the whole node is called back (或签 and 会签 alike); the target node runs again. */
export function returnTask(ctx: StepContext, c: FlowCommandOf<'return'>): void {
  const task = actionableTask(ctx, c.taskId, c.actor);
  if (task.kind === 'RESUBMIT') throw flowError('FLW_ERR_RETURN_TARGET', { taskId: task.id });
  const run = runOf(ctx, task);
  const target = returnTarget(ctx, task, run.tokenId, c.targetNodeId);
  ctx.state.humanActed = true;
  task.status = 'RETURNED';
  task.decidedAt = ctx.now;
  task.decidedBy = c.actor;
  if (c.comment !== undefined) task.comment = c.comment;
  cancelTimersOf(ctx, { taskId: task.id });
  emit(ctx, 'taskReturned', { taskId: task.id, nodeId: task.nodeId, targetNodeId: target, ...(c.comment !== undefined ? { comment: c.comment } : {}) });
  for (const t of ctx.state.tasks) if (t.runId === run.id && isOpen(t)) cancelTask(ctx, t, 'RETURNED');
  ctx.state.runs = ctx.state.runs.filter((r) => r !== run);
  const token = findToken(ctx, run.tokenId);
  if (!token) return;
  token.lastApprovers = [];
  if (nodeOf(ctx, target).type === 'start') {
    const initiator = ctx.state.initiator ?? '';
    token.nodeId = target;
    token.status = 'WAITING';
    ctx.state.trail.push({ nodeId: target, tokenId: token.id, at: ctx.now });
    const resubmit: Task = {
      id: newId(ctx, 'task'), nodeId: target, kind: 'RESUBMIT', runId: '', tokenId: token.id, stage: 0, sequence: ctx.state.tasks.length + 1,
      assignee: initiator, status: 'PENDING', origin: 'ASSIGNED', createdAt: ctx.now,
    };
    ctx.state.tasks.push(resubmit);
    emit(ctx, 'taskCreated', { taskId: resubmit.id, nodeId: target, assignee: initiator, stage: 0, origin: 'ASSIGNED' }, 'system');
    addEffect(ctx, 'notify', { kind: 'RETURNED', users: [initiator], taskId: resubmit.id, nodeId: target });
    return;
  }
  enterNode(ctx, token, target);
}

/** 转交: the task moves to another person of the same stage; the old one is kept as TRANSFERRED. */
export function transfer(ctx: StepContext, c: FlowCommandOf<'transfer'>): void {
  const task = actionableTask(ctx, c.taskId, c.actor);
  const run = runOf(ctx, task);
  const busy = ctx.state.tasks.some((t) => t.runId === run.id && t.stage === task.stage && isOpen(t) && t.assignee === c.to);
  if (c.to === c.actor || !validUser(ctx, c.to) || busy) throw flowError('FLW_ERR_TRANSFER_TARGET', { taskId: task.id, to: c.to });
  ctx.state.humanActed = true;
  task.status = 'TRANSFERRED';
  task.decidedAt = ctx.now;
  task.decidedBy = c.actor;
  cancelTimersOf(ctx, { taskId: task.id });
  const next = createTask(ctx, run, task.stage, c.to, 'TRANSFERRED', { transferredFrom: task.id });
  emit(ctx, 'taskTransferred', { taskId: task.id, newTaskId: next.id, from: c.actor, to: c.to, ...(c.comment !== undefined ? { comment: c.comment } : {}) });
}

/**
 * 加签. BEFORE: a new stage of the signers is inserted before the current one, whose open tasks
 * wait and resume after it passes. AFTER: the actor approves now and the signers' stage follows.
 * Every added signer must approve (会签 among them).
 */
export function addSigner(ctx: StepContext, c: FlowCommandOf<'addSigner'>): void {
  const task = actionableTask(ctx, c.taskId, c.actor);
  if (task.kind === 'RESUBMIT') throw flowError('FLW_ERR_SIGNER_INVALID', { taskId: task.id });
  const run = runOf(ctx, task);
  const users = [...new Set(c.users)];
  const open = ctx.state.tasks.filter((t) => t.runId === run.id && t.stage === run.current && isOpen(t)).map((t) => t.assignee);
  if (users.length === 0 || users.some((u) => u === c.actor || !validUser(ctx, u) || open.includes(u))) {
    throw flowError('FLW_ERR_SIGNER_INVALID', { taskId: task.id, users: c.users });
  }
  ctx.state.humanActed = true;
  const at = c.position === 'BEFORE' ? run.current : run.current + 1;
  for (const t of ctx.state.tasks) if (t.runId === run.id && t.stage >= at) t.stage += 1;
  run.stages.splice(at, 0, { assignees: users, quorum: 'ALL', added: c.position });
  emit(ctx, 'signerAdded', { taskId: task.id, position: c.position, users, ...(c.comment !== undefined ? { comment: c.comment } : {}) });
  if (c.position === 'BEFORE') {
    for (const t of ctx.state.tasks) {
      if (t.runId === run.id && t.stage === at + 1 && t.status === 'PENDING') {
        t.status = 'WAITING';
        cancelTimersOf(ctx, { taskId: t.id });
      }
    }
    activateStage(ctx, run, at);
    return;
  }
  decideTask(ctx, task, 'APPROVED', c.actor, c.comment);
  evaluateStage(ctx, run);
}

