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
 * Whether the dealer is offered 取消: an order that has not been decided on yet. Once approved,
 * stock may be allocated and the rebate consumed, so a cancel is for the business to decide; the
 * server's state machine stays the judge (a refused cancel shows its 409).
 */
export const dealerMayCancel = (status: string): boolean => status === 'DRAFT' || status === 'SUBMITTED';
