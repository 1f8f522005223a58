/**
 * The history of an instance as people tell it: one line per event that a person did or that
 * changed where the instance stands. Node entries and rule runs are shown elsewhere (the rule
 * explanation), so they are left out here.
 */
import type { Lang } from './rule-words';

export interface TimelineEvent { sequence: number; type: string; actor: string; at: string; data: Record<string, unknown> }
export type Tone = 'green' | 'red' | 'orange' | 'blue' | 'gray';
export interface HistoryLine { sequence: number; at: string; who: string; text: string; comment?: string; tone: Tone }

type Names = (id: string) => string;
type NodeNames = (nodeId: string) => string;

const outcomeWords: Record<string, [string, string]> = {
  APPROVED: ['已通过', 'approved'], REJECTED: ['已驳回', 'rejected'], CANCELLED: ['已撤回', 'withdrawn'],
};

/** One event in words, or null when it belongs to another view. */
export function describeEvent(e: TimelineEvent, lang: Lang, name: Names, nodeName: NodeNames): HistoryLine | null {
  const zh = lang === 'zh';
  const d = e.data;
  const who = e.actor === 'system' ? (zh ? '系统' : 'System') : name(e.actor);
  const node = typeof d.nodeId === 'string' ? nodeName(d.nodeId) : '';
  const users = (v: unknown) => (Array.isArray(v) ? v.map((u) => name(String(u))).join(zh ? '、' : ', ') : '');
  const comment = typeof d.comment === 'string' && d.comment ? d.comment : undefined;
  const line = (text: string, tone: Tone, extra: Partial<HistoryLine> = {}): HistoryLine => ({ sequence: e.sequence, at: e.at, who, text, tone, ...(comment ? { comment } : {}), ...extra });
  switch (e.type) {
    case 'instanceStarted': return line(zh ? '发起了流程' : 'started the flow', 'blue');
    case 'taskCreated': return line(zh ? `待 ${name(String(d.assignee))} 处理（${node}）` : `waiting for ${name(String(d.assignee))} (${node})`, 'gray', { who: zh ? '系统' : 'System' });
    case 'taskApproved': return line(d.autoReason ? (zh ? `自动同意（${node}）` : `approved automatically (${node})`) : (zh ? `同意（${node}）` : `approved (${node})`), 'green');
    case 'taskRejected': return line(zh ? `驳回（${node}）` : `rejected (${node})`, 'red');
    case 'taskReturned': return line(zh ? `退回到「${nodeName(String(d.targetNodeId))}」` : `returned it to “${nodeName(String(d.targetNodeId))}”`, 'orange');
    case 'taskTransferred': return line(zh ? `转交给 ${name(String(d.to))}` : `transferred it to ${name(String(d.to))}`, 'blue');
    case 'signerAdded': {
      const where = d.position === 'BEFORE' ? (zh ? '前' : 'before') : (zh ? '后' : 'after');
      return line(zh ? `加签（${where}）：${users(d.users)}` : `added signers (${where}): ${users(d.users)}`, 'blue');
    }
    case 'commented': return line(zh ? '评论' : 'commented', 'gray', { comment: String(d.text ?? '') });
    case 'urged': return line(zh ? `催办 ${users(d.users)}` : `urged ${users(d.users)}`, 'orange');
    case 'withdrawn': return line(zh ? '撤回了流程' : 'withdrew the flow', 'orange', typeof d.reason === 'string' ? { comment: d.reason } : {});
    case 'reminderSent': return line(zh ? `提醒 ${name(String(d.assignee))} 尽快处理` : `reminded ${name(String(d.assignee))}`, 'orange');
    case 'taskEscalated': return line(zh ? `超时升级给 ${users(d.users)}` : `escalated to ${users(d.users)}`, 'red');
    case 'ccAdded': return line(zh ? `抄送 ${users(d.users)}` : `copied ${users(d.users)}`, 'gray');
    case 'variablesSet': return e.actor === 'system' ? null : line(zh ? `修改了表单（${Object.keys((d.values ?? {}) as object).join('、')}）` : `changed the form (${Object.keys((d.values ?? {}) as object).join(', ')})`, 'blue');
    case 'incidentRaised': return line(zh ? `异常：${String(d.message ?? d.code)}` : `incident: ${String(d.message ?? d.code)}`, 'red');
    case 'instanceEnded': {
      const [z, en] = outcomeWords[String(d.outcome)] ?? [String(d.outcome), String(d.outcome)];
      return line(zh ? `流程结束：${z}` : `the flow ended: ${en}`, d.outcome === 'APPROVED' ? 'green' : d.outcome === 'REJECTED' ? 'red' : 'gray', { who: zh ? '系统' : 'System' });
    }
    default: return null;
  }
}

export function describeTimeline(events: TimelineEvent[], lang: Lang, name: Names, nodeName: NodeNames): HistoryLine[] {
  return events.map((e) => describeEvent(e, lang, name, nodeName)).filter((l): l is HistoryLine => l !== null);
}
