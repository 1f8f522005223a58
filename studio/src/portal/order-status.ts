import { orderStatuses, type OrderStatus } from '../../../schemas/api/dms-enums';

/** How each order status reads on a tag: every status of the one list has its words and colour. */
export const orderStatusTags: Record<OrderStatus, { color: string; zh: string; en: string }> = {
  DRAFT: { color: 'default', zh: '草稿', en: 'Draft' },
  SUBMITTED: { color: 'processing', zh: '审批中', en: 'In approval' },
  APPROVED: { color: 'success', zh: '已批准', en: 'Approved' },
  REJECTED: { color: 'error', zh: '已驳回', en: 'Rejected' },
  CANCELLED: { color: 'default', zh: '已取消', en: 'Cancelled' },
  ALLOCATED: { color: 'cyan', zh: '已配货', en: 'Allocated' },
  BACKORDERED: { color: 'warning', zh: '缺货待配', en: 'Backordered' },
  SHIPPED: { color: 'blue', zh: '已发货', en: 'Shipped' },
  COMPLETED: { color: 'green', zh: '已完成', en: 'Completed' },
};

export const isOrderStatus = (s: unknown): s is OrderStatus => typeof s === 'string' && (orderStatuses as readonly string[]).includes(s);

/**
 * Whether 取消 is offered: the statuses from which the order's state machine allows CANCELLED
 * (server/dms/order-status.ts `orderTransitions`; a contract test keeps the two equal). The
 * server stays the judge: a refused cancel shows its 409.
 */
const cancellable: ReadonlySet<string> = new Set<OrderStatus>(['DRAFT', 'SUBMITTED', 'APPROVED', 'ALLOCATED', 'BACKORDERED']);
export const dealerMayCancel = (status: string): boolean => cancellable.has(status);

/** A timeline event's dot: red when the order was stopped, green when it moved on, grey while someone is to act. */
export function timelineColor(kind: string): 'red' | 'green' | 'gray' | 'blue' {
  if (/reject|cancel|withdraw|incident|backorder/i.test(kind)) return 'red';
  if (/assigned$/i.test(kind)) return 'gray';
  if (/approved$|allocated$|completed$|shipped$/i.test(kind)) return 'green';
  return 'blue';
}
