import type { FlowEffect, FlowEvent } from '../../../../rules/flow/index';

type T = (zh: string, en: string) => string;
export type Namer = (id: string) => string;

/** "2025-09-30 10:00" in Asia/Shanghai (the tenant's calendar time zone), whatever the browser's zone. */
export function shanghaiTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The ISO instant of a Shanghai wall-clock "YYYY-MM-DD HH:mm". */
export function fromShanghaiTime(local: string): string {
  return new Date(`${local.trim().replace(' ', 'T')}:00+08:00`).toISOString();
}

export const outcomeLabel = (t: T, status: string) => ({
  NEW: t('未开始', 'Not started'), RUNNING: t('运行中', 'Running'), APPROVED: t('已通过', 'Approved'),
  REJECTED: t('已驳回', 'Rejected'), CANCELLED: t('已取消', 'Cancelled'), WITHDRAWN: t('已撤回', 'Withdrawn'),
}[status] ?? status);

/** One line of the timeline for an event, in the current language, with people and nodes by name. */
export function describeEvent(e: FlowEvent, t: T, user: Namer, node: Namer): string {
  const d = e.data as Record<string, unknown>;
  const comment = typeof d.comment === 'string' && d.comment ? `：${d.comment}` : '';
  switch (e.type) {
    case 'instanceStarted': return t(`${user(e.actor)} 发起流程`, `${user(e.actor)} started the instance`);
    case 'nodeEntered': return t(`进入「${node(e.data.nodeId)}」`, `Entered "${node(e.data.nodeId)}"`);
    case 'ruleEvaluated': return t(`规则 ${e.data.ruleSetKey} v${e.data.version ?? '?'} 已计算`, `Rule set ${e.data.ruleSetKey} v${e.data.version ?? '?'} evaluated`);
    case 'gatewayEvaluated': return t(`「${node(e.data.nodeId)}」走分支 ${e.data.port}${e.data.isDefault ? '（默认）' : ''}`, `"${node(e.data.nodeId)}" took ${e.data.port}${e.data.isDefault ? ' (default)' : ''}`);
    case 'tokensForked': return t(`并行分支 ${e.data.tokenIds.length} 路`, `Forked into ${e.data.tokenIds.length} branches`);
    case 'tokensJoined': return t('分支汇聚', 'Branches joined');
    case 'variablesSet': return t(`设置变量 ${Object.keys(e.data.values).join(', ')}`, `Set ${Object.keys(e.data.values).join(', ')}`);
    case 'taskCreated': return t(`待办 → ${user(e.data.assignee)}（第 ${e.data.stage + 1} 级）`, `Task for ${user(e.data.assignee)} (stage ${e.data.stage + 1})`);
    case 'taskApproved': return e.data.autoReason ? t(`自动通过（${e.data.autoReason}）`, `Approved automatically (${e.data.autoReason})`) : t(`${user(e.actor)} 同意${comment}`, `${user(e.actor)} approved${comment}`);
    case 'taskRejected': return e.data.autoReason ? t(`自动驳回（${e.data.autoReason}）`, `Rejected automatically (${e.data.autoReason})`) : t(`${user(e.actor)} 驳回${comment}`, `${user(e.actor)} rejected${comment}`);
    case 'taskReturned': return t(`${user(e.actor)} 退回到「${node(e.data.targetNodeId)}」${comment}`, `${user(e.actor)} returned it to "${node(e.data.targetNodeId)}"${comment}`);
    case 'taskTransferred': return t(`${user(e.data.from)} 转交给 ${user(e.data.to)}${comment}`, `${user(e.data.from)} transferred to ${user(e.data.to)}${comment}`);
    case 'signerAdded': return t(`${user(e.actor)} ${e.data.position === 'BEFORE' ? '前加签' : '后加签'} ${e.data.users.map(user).join('、')}`, `${user(e.actor)} added ${e.data.users.map(user).join(', ')} ${e.data.position === 'BEFORE' ? 'before' : 'after'}`);
    case 'taskCancelled': return t(`待办取消（${e.data.reason}）`, `Task cancelled (${e.data.reason})`);
    case 'taskResumed': return t('待办恢复', 'Task resumed');
    case 'approverNotFound': return t(`第 ${e.data.stage + 1} 级找不到审批人（${e.data.policy}）`, `No approver for stage ${e.data.stage + 1} (${e.data.policy})`);
    case 'approverIsInitiator': return t(`审批人即发起人（${e.data.policy}）`, `The approver is the initiator (${e.data.policy})`);
    case 'approvalCompleted': return t(`「${node(e.data.nodeId)}」${e.data.outcome === 'APPROVED' ? '通过' : '驳回'}（${e.data.approved}/${e.data.total}）`, `"${node(e.data.nodeId)}" ${e.data.outcome.toLowerCase()} (${e.data.approved}/${e.data.total})`);
    case 'ccAdded': return t(`抄送 ${e.data.users.map(user).join('、')}`, `Copied to ${e.data.users.map(user).join(', ')}`);
    case 'reminderSent': return t(`提醒 ${user(e.data.assignee)}（超时提醒）`, `Reminded ${user(e.data.assignee)}`);
    case 'taskEscalated': return t(`升级给 ${e.data.role}：${e.data.users.map(user).join('、') || '无人'}`, `Escalated to ${e.data.role}: ${e.data.users.map(user).join(', ') || 'nobody'}`);
    case 'serviceCalled': return t(`调用服务（第 ${e.data.attempt} 次）`, `Service called (attempt ${e.data.attempt})`);
    case 'serviceSucceeded': return t('服务调用成功', 'Service call succeeded');
    case 'serviceFailed': return t(`服务调用失败：${e.data.error}${e.data.willRetry ? '，将重试' : ''}`, `Service call failed: ${e.data.error}${e.data.willRetry ? ', will retry' : ''}`);
    case 'incidentRaised': return t(`异常 ${e.data.code}：${e.data.message}`, `Incident ${e.data.code}: ${e.data.message}`);
    case 'incidentResolved': return t(`异常已处理（${e.data.action === 'RETRY' ? '重试' : '跳过'}）`, `Incident resolved (${e.data.action})`);
    case 'commented': return t(`${user(e.actor)} 评论：${e.data.text}`, `${user(e.actor)} commented: ${e.data.text}`);
    case 'urged': return t(`${user(e.actor)} 催办 ${e.data.users.map(user).join('、')}`, `${user(e.actor)} urged ${e.data.users.map(user).join(', ')}`);
    case 'withdrawn': return t(`${user(e.actor)} 撤回${e.data.reason ? `：${e.data.reason}` : ''}`, `${user(e.actor)} withdrew${e.data.reason ? `: ${e.data.reason}` : ''}`);
    case 'instanceEnded': return t(`流程结束：${e.data.outcome}`, `Instance ended: ${e.data.outcome}`);
  }
}

/** One line for an effect the server would perform (the simulator only lists them). */
export function describeEffect(f: FlowEffect, t: T, user: Namer): string {
  switch (f.type) {
    case 'scheduleTimer': return t(`安排计时器 ${f.kind}，到期 ${shanghaiTime(f.dueAt)}`, `Schedule ${f.kind} timer due ${shanghaiTime(f.dueAt)}`);
    case 'cancelTimers': return t(`取消计时器 ${f.timerIds.join(', ')}`, `Cancel timers ${f.timerIds.join(', ')}`);
    case 'callWebhook': return t(`调用 Webhook ${f.method} ${f.url}（第 ${f.attempt} 次）`, `Call webhook ${f.method} ${f.url} (attempt ${f.attempt})`);
    case 'runAction': return t(`执行动作 ${f.action}（第 ${f.attempt} 次）`, `Run action ${f.action} (attempt ${f.attempt})`);
    case 'notify': return t(`通知 ${f.kind} → ${f.users.map(user).join('、')}`, `Notify ${f.kind} → ${f.users.map(user).join(', ')}`);
    case 'createIncident': return t(`创建异常 ${f.code}`, `Create incident ${f.code}`);
  }
}
