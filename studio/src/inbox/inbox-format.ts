/** Small pure formatting of the inbox list: waiting time, SLA tags, the bulk result summary. */
import type { Lang } from './rule-words';

export type SlaState = 'NONE' | 'ON_TRACK' | 'DUE_SOON' | 'OVERDUE' | 'ESCALATED';
export const boxes = ['todo', 'done', 'started', 'cc'] as const;
export type Box = (typeof boxes)[number];

export const boxLabels: Record<Box, { zh: string; en: string }> = {
  todo: { zh: '待办', en: 'To do' },
  done: { zh: '已办', en: 'Done' },
  started: { zh: '我发起的', en: 'Started by me' },
  cc: { zh: '抄送我', en: 'Copied to me' },
};

export const slaLabels: Record<SlaState, { zh: string; en: string; color: string }> = {
  NONE: { zh: '无时限', en: 'No deadline', color: 'default' },
  ON_TRACK: { zh: '正常', en: 'On track', color: 'green' },
  DUE_SOON: { zh: '即将超时', en: 'Due soon', color: 'orange' },
  OVERDUE: { zh: '已超时', en: 'Overdue', color: 'red' },
  ESCALATED: { zh: '已升级', en: 'Escalated', color: 'magenta' },
};

/** Instance and task statuses as the list and the task page show them. */
export const statusLabels: Record<string, { zh: string; en: string }> = {
  RUNNING: { zh: '审批中', en: 'Running' }, APPROVED: { zh: '已通过', en: 'Approved' }, REJECTED: { zh: '已驳回', en: 'Rejected' },
  CANCELLED: { zh: '已撤回', en: 'Withdrawn' }, PENDING: { zh: '待处理', en: 'Pending' }, RETURNED: { zh: '已退回', en: 'Returned' },
  TRANSFERRED: { zh: '已转交', en: 'Transferred' }, WAITING: { zh: '等待加签', en: 'Waiting for added signers' },
};

export const statusText = (status: string, lang: Lang): string => statusLabels[status]?.[lang] ?? status;

/** "3 天 2 小时" / "45 分钟" since `from`; never negative. */
export function waitingFor(from: string, now: Date, lang: Lang): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(from)) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const zh = lang === 'zh';
  if (days > 0) return zh ? `${days} 天 ${hours} 小时` : `${days} d ${hours} h`;
  if (hours > 0) return zh ? `${hours} 小时 ${minutes % 60} 分钟` : `${hours} h ${minutes % 60} min`;
  return zh ? `${minutes} 分钟` : `${minutes} min`;
}

export interface BulkResult { taskId: string; ok: boolean; instanceStatus?: string; error?: { code: string; message: string } }

/** "2 项已同意，1 项未处理" for the bulk approval's answer. */
export function summarizeBulk(results: BulkResult[], lang: Lang): string {
  const ok = results.filter((r) => r.ok).length;
  const failed = results.length - ok;
  if (lang === 'zh') return failed === 0 ? `${ok} 项已同意` : `${ok} 项已同意，${failed} 项未处理`;
  return failed === 0 ? `${ok} approved` : `${ok} approved, ${failed} not processed`;
}
