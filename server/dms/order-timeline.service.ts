import type { FlowEventMap, FlowEventType, FlowState } from '../../rules/flow/index.js';
import { outputsInWords, outputsSentence, type OutputWordsContext } from '../../rules/explain/output-words.js';
import { Dec, formatMoney, groupThousands } from '../../rules/money.js';
import type { FieldDecl, LocalizedText } from '../../rules/rule-set.types.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { Order, RebateEntry, Region, Role, RuleSetVersion, User, Warehouse, WorkflowActionRun, WorkflowEvent, WorkflowInstance } from '../entities/index.js';
import type { DmsContext } from './dms-context.js';
import { orderOffsetKey } from './order-outcome.js';
import { reversalKey } from './rebate-ledger.service.js';

export interface TimelineItem { at: string; kind: string; label: { zh: string; en: string }; actorName: string | null; comment: string | null }

// grouped as every other amount the dealer reads (¥50,000.00)
const yuan = (v: unknown) => `¥${groupThousands(formatMoney(new Dec(String(v ?? '0'))))}`;
const statusText: Record<string, { zh: string; en: string }> = {
  DRAFT: { zh: '草稿', en: 'draft' }, SUBMITTED: { zh: '审批中', en: 'in approval' }, APPROVED: { zh: '已通过', en: 'approved' },
  REJECTED: { zh: '已驳回', en: 'rejected' }, CANCELLED: { zh: '已取消', en: 'cancelled' }, ALLOCATED: { zh: '已分配库存', en: 'stock allocated' },
  BACKORDERED: { zh: '缺货待补', en: 'backordered' }, SHIPPED: { zh: '已发货', en: 'shipped' }, COMPLETED: { zh: '已完成', en: 'completed' },
};

/** The declared outputs and name of each rule set version the flow ran, to word its results (the published one when the event names no version). */
async function ruleSetWords(ctx: DmsContext, runs: { ruleSetKey: string; version: number | null }[]) {
  const words = new Map<string, { name?: LocalizedText; outputs: FieldDecl[] }>();
  for (const r of runs) {
    const id = `${r.ruleSetKey}@${r.version ?? ''}`;
    if (words.has(id)) continue;
    const row = await ctx.em.findOne(RuleSetVersion, r.version !== null ? { key: r.ruleSetKey, version: r.version } : { key: r.ruleSetKey, status: 'PUBLISHED' });
    const doc = (row?.document ?? {}) as { name?: LocalizedText; outputs?: FieldDecl[] };
    words.set(id, { name: doc.name, outputs: doc.outputs ?? [] });
  }
  return (r: { ruleSetKey: string; version: number | null }) => words.get(`${r.ruleSetKey}@${r.version ?? ''}`)!;
}

type Ev<K extends FlowEventType> = FlowEventMap[K];

/**
 * The order's story in plain words, oldest first: created, submitted, how it was routed, each
 * approval step assigned and decided (by whom, with the comment), the rebate consumed, the stock
 * allocated (from which warehouse), the final status, and what a cancellation gave back. Read
 * through the caller's entity manager, so a dealer reads only its own orders (404 otherwise).
 */
export async function orderTimeline(ctx: DmsContext, orderId: string): Promise<{ items: TimelineItem[] }> {
  const order = await ctx.em.findOne(Order, { id: orderId }, { populate: ['createdBy'] });
  if (!order) throw new AppError('CF_ERR_NOT_FOUND');
  const items: TimelineItem[] = [];
  const push = (at: Date | string, kind: string, zh: string, en: string, actorName: string | null = null, comment: string | null = null) =>
    items.push({ at: new Date(at).toISOString(), kind, label: { zh, en }, actorName, comment: comment ?? null });
  push(order.createdAt, 'created', `创建订单 ${order.orderNo}（${yuan(order.orderAmount)}）`, `Order ${order.orderNo} created (${yuan(order.orderAmount)})`, order.createdBy?.displayName ?? null);

  const instanceId = order.workflowInstance?.id;
  const events = instanceId ? await ctx.em.find(WorkflowEvent, { instance: instanceId }, { orderBy: { sequence: 'asc' } }) : [];
  const runs = instanceId ? await ctx.em.find(WorkflowActionRun, { instance: instanceId }) : [];
  const instance = instanceId ? await ctx.em.findOne(WorkflowInstance, { id: instanceId }) : null;
  const resubmitTasks = new Set(((instance?.state as FlowState | undefined)?.tasks ?? []).filter((t) => t.kind === 'RESUBMIT').map((t) => t.id));
  const userIds = new Set<string>();
  for (const e of events) {
    userIds.add(e.actor);
    const d = e.data as Record<string, unknown>;
    for (const k of ['assignee', 'from', 'to']) if (typeof d[k] === 'string') userIds.add(d[k] as string);
    if (Array.isArray(d.users)) for (const u of d.users) if (typeof u === 'string') userIds.add(u);
  }
  const users = new Map((await ctx.em.find(User, { id: { $in: [...userIds].filter((x) => /^[0-9a-f-]{36}$/.test(x)) } })).map((u) => [u.id, u.displayName]));
  const name = (id: unknown) => (typeof id === 'string' ? users.get(id) ?? null : null);
  const names = (ids: unknown) => (Array.isArray(ids) ? ids.map((x) => name(x) ?? '?').join('、') : '');
  const assigneeOf = new Map<string, string>();
  const warehouses = new Map((await ctx.em.find(Warehouse, {})).map((w) => [w.code, w.name]));
  const evaluated = events.filter((e) => e.type === 'ruleEvaluated').map((e) => e.data as Ev<'ruleEvaluated'>);
  const wordsOf = await ruleSetWords(ctx, evaluated);
  // roles and regions in the tenant's names, so a routing rule's approvers read as people say them
  const tenantNames: OutputWordsContext = evaluated.length ? {
    roles: (await ctx.em.find(Role, {})).map((r) => ({ code: r.code, name: r.name, nameEn: r.nameEn ?? null })),
    regions: (await ctx.em.find(Region, {})).map((r) => ({ code: r.code, name: r.name, nameEn: r.nameEn ?? null })),
  } : {};

  for (const e of events) {
    const d = e.data as never;
    switch (e.type as FlowEventType) {
      case 'instanceStarted': push(e.at, 'submitted', '提交审批', 'Submitted for approval', name(e.actor)); break;
      case 'ruleEvaluated': {
        // any rule the flow ran (approval routing and the like), worded by its own declared outputs
        const r = d as Ev<'ruleEvaluated'>;
        const w = wordsOf(r);
        const said = (lang: 'zh' | 'en') => {
          const parts = outputsInWords(w.outputs, (r.outputs ?? {}) as Record<string, unknown>, lang, tenantNames);
          const title = w.name?.[lang] ?? r.ruleSetKey;
          return parts.length ? `${title}${lang === 'zh' ? '：' : ': '}${outputsSentence(parts, lang)}` : title;
        };
        push(e.at, 'routed', said('zh'), said('en'));
        break;
      }
      case 'taskCreated': {
        const t = d as Ev<'taskCreated'>;
        assigneeOf.set(t.taskId, t.assignee);
        if (resubmitTasks.has(t.taskId)) {
          push(e.at, 'resubmitRequested', `退回给 ${name(t.assignee) ?? '?'}，修改后可重新提交`, `Back with ${name(t.assignee) ?? '?'} to change and resubmit`, name(t.assignee));
          break;
        }
        push(e.at, 'approvalAssigned', `待 ${name(t.assignee) ?? '?'} 审批`, `Waiting for ${name(t.assignee) ?? '?'} to approve`, name(t.assignee));
        break;
      }
      case 'taskApproved': {
        const t = d as Ev<'taskApproved'>;
        const who = t.autoReason ? name(assigneeOf.get(t.taskId)) : name(e.actor);
        push(e.at, 'approvalApproved', t.autoReason ? `${who ?? '?'} 的审批自动通过（${t.autoReason}）` : `${who ?? '?'} 审批通过`, t.autoReason ? `Approved automatically for ${who ?? '?'} (${t.autoReason})` : `Approved by ${who ?? '?'}`, who, t.comment);
        break;
      }
      case 'taskRejected': {
        const t = d as Ev<'taskRejected'>;
        push(e.at, 'approvalRejected', `${name(e.actor) ?? '系统'} 驳回`, `Rejected by ${name(e.actor) ?? 'the system'}`, name(e.actor), t.comment);
        break;
      }
      case 'taskReturned': {
        const t = d as Ev<'taskReturned'>;
        push(e.at, 'approvalReturned', `${name(e.actor) ?? '?'} 退回`, `Returned by ${name(e.actor) ?? '?'}`, name(e.actor), t.comment);
        break;
      }
      case 'taskTransferred': {
        const t = d as Ev<'taskTransferred'>;
        assigneeOf.set(t.newTaskId, t.to);
        push(e.at, 'approvalTransferred', `${name(t.from) ?? '?'} 转交给 ${name(t.to) ?? '?'}`, `${name(t.from) ?? '?'} transferred it to ${name(t.to) ?? '?'}`, name(e.actor), t.comment);
        break;
      }
      case 'signerAdded': {
        const t = d as Ev<'signerAdded'>;
        push(e.at, 'signerAdded', `${name(e.actor) ?? '?'} 加签：${names(t.users)}`, `${name(e.actor) ?? '?'} added signers: ${names(t.users)}`, name(e.actor), t.comment);
        break;
      }
      case 'commented': push(e.at, 'commented', `${name(e.actor) ?? '?'} 评论`, `${name(e.actor) ?? '?'} commented`, name(e.actor), (d as Ev<'commented'>).text); break;
      case 'withdrawn': push(e.at, 'withdrawn', `${name(e.actor) ?? '?'} 撤回`, `Withdrawn by ${name(e.actor) ?? '?'}`, name(e.actor), (d as Ev<'withdrawn'>).reason ?? null); break;
      case 'serviceSucceeded': {
        const run = runs.find((r) => r.callKey === (d as Ev<'serviceSucceeded'>).callId);
        const res = (run?.result ?? {}) as Record<string, unknown>;
        if (run?.action === 'priceOrder') push(e.at, 'priced', `价格已确认：订单金额 ${yuan(res.orderAmount)}，应付 ${yuan(res.payableAmount)}`, `Price confirmed: ${yuan(res.orderAmount)}, payable ${yuan(res.payableAmount)}`);
        if (run?.action === 'applyRebateOffset' && new Dec(String(res.appliedOffset ?? '0')).gt(0)) push(e.at, 'rebateConsumed', `返利抵扣 ${yuan(res.appliedOffset)} 已从返利账户扣减`, `Rebate offset ${yuan(res.appliedOffset)} consumed from the rebate account`);
        if (run?.action === 'allocateStock') {
          const codes = (res.warehouses as string[] | undefined) ?? [];
          const where = codes.map((c) => `${c}${warehouses.get(c) ? ` ${warehouses.get(c)}` : ''}`).join('、');
          if (res.status === 'ALLOCATED') push(e.at, 'stockAllocated', `已从 ${where} 分配库存`, `Stock allocated from ${codes.join(', ')}`);
          else push(e.at, 'backordered', codes.length ? `部分库存已从 ${where} 分配，其余缺货待补` : '缺货待补，暂无仓库可分配', codes.length ? `Partly allocated from ${codes.join(', ')}, the rest backordered` : 'Backordered: no warehouse has the stock');
        }
        break;
      }
      case 'incidentRaised': push(e.at, 'incident', `处理出错，等待管理员处理：${(d as Ev<'incidentRaised'>).code}`, `Stopped on an error, an admin will handle it: ${(d as Ev<'incidentRaised'>).code}`); break;
      case 'instanceEnded': {
        const outcome = (d as Ev<'instanceEnded'>).outcome;
        const kind = outcome === 'APPROVED' ? 'approved' : outcome === 'REJECTED' ? 'rejected' : 'cancelled';
        const zh = outcome === 'APPROVED' ? '审批通过' : outcome === 'REJECTED' ? '订单被驳回' : '审批已撤回，订单取消';
        const en = outcome === 'APPROVED' ? 'Approval complete' : outcome === 'REJECTED' ? 'Order rejected' : 'Approval withdrawn, order cancelled';
        // the status the flow left the order in (a later cancellation has its own line)
        const allocated = runs.find((r) => r.action === 'allocateStock')?.result as { status?: string } | undefined;
        const status = outcome === 'APPROVED' ? allocated?.status ?? 'APPROVED' : outcome;
        push(e.at, kind, `${zh}（订单状态：${statusText[status]?.zh ?? status}）`, `${en} (order status: ${statusText[status]?.en ?? status})`);
        break;
      }
      default: break;
    }
  }
  const reversal = await ctx.em.findOne(RebateEntry, { operationKey: reversalKey(orderOffsetKey(order.id)) });
  // returned when the order was settled (cancelled or rejected): that is the order's decision time
  if (reversal) push(order.decidedAt ?? reversal.createdAt, 'rebateReturned', `返利 ${yuan(reversal.amount)} 已退回返利账户`, `Rebate ${yuan(reversal.amount)} returned to the rebate account`);
  const endedCancelled = events.some((e) => e.type === 'instanceEnded' && (e.data as { outcome?: string }).outcome === 'CANCELLED');
  if (order.status === 'CANCELLED' && !endedCancelled) {
    const released = (order.allocation as { releasedOn?: string } | null)?.releasedOn;
    push(order.decidedAt ?? order.updatedAt, 'cancelled', released ? '订单已取消，已释放占用的库存' : '订单已取消', released ? 'Order cancelled, allocated stock released' : 'Order cancelled');
  }
  items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { items };
}
