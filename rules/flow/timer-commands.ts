import type { FlowCommandOf } from './flow-commands.types.js';
import type { StepContext } from './flow-context.js';
import { addEffect, emit, findTask, newId, nodeOf } from './flow-context.js';
import { decideTask, evaluateStage } from './approval-stage.js';
import { retryServiceCall } from './service.runner.js';
import { addWorkingHours } from './working-calendar.js';

/**
 * A timer fired. Returns false — nothing happens — when the timer is no longer wanted or its task
 * is no longer pending (a late or duplicated delivery).
 */
export function fireTimer(ctx: StepContext, c: FlowCommandOf<'timerFired'>): boolean {
  const timer = ctx.state.timers.find((t) => t.id === c.timerId);
  if (!timer) return false;
  if (timer.kind === 'SERVICE_RETRY') {
    ctx.state.timers = ctx.state.timers.filter((t) => t !== timer);
    return retryServiceCall(ctx, timer.callId ?? '');
  }
  const task = findTask(ctx, timer.taskId ?? '');
  if (!task || task.status !== 'PENDING') return false;
  ctx.state.timers = ctx.state.timers.filter((t) => t !== timer);
  const node = nodeOf(ctx, task.nodeId);
  const sla = node.type === 'approval' ? node.params.sla ?? {} : {};
  switch (timer.kind) {
    case 'REMIND': {
      emit(ctx, 'reminderSent', { taskId: task.id, assignee: task.assignee }, 'system');
      addEffect(ctx, 'notify', { kind: 'REMIND', users: [task.assignee], taskId: task.id, nodeId: task.nodeId });
      if (sla.remindEveryWorkingHours) {
        const next = { id: newId(ctx, 'timer'), kind: 'REMIND' as const, dueAt: addWorkingHours(ctx.env.calendar, timer.dueAt, sla.remindEveryWorkingHours), taskId: task.id };
        ctx.state.timers.push(next);
        addEffect(ctx, 'scheduleTimer', { timerId: next.id, kind: next.kind, dueAt: next.dueAt, taskId: task.id });
      }
      return true;
    }
    case 'ESCALATE': {
      const role = sla.escalateToRole ?? '';
      const users = ctx.env.directory.usersWithRole(role);
      task.escalatedTo = users;
      emit(ctx, 'taskEscalated', { taskId: task.id, role, users }, 'system');
      if (users.length > 0) addEffect(ctx, 'notify', { kind: 'ESCALATED', users, taskId: task.id, nodeId: task.nodeId });
      return true;
    }
    case 'AUTO_DECIDE': {
      const run = ctx.state.runs.find((r) => r.id === task.runId);
      decideTask(ctx, task, sla.autoDecision === 'REJECT' ? 'REJECTED' : 'APPROVED', 'system', undefined, 'TIMEOUT');
      if (run) evaluateStage(ctx, run);
      return true;
    }
  }
}
