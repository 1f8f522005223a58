import type { OrderStatus } from '../../schemas/api/dms-enums.js';
import { AppError } from '../../schemas/errors/app-error.js';

/** The order's status machine: every allowed move, declared once. */
export const orderTransitions: Record<OrderStatus, readonly OrderStatus[]> = {
  DRAFT: ['SUBMITTED', 'CANCELLED'],
  SUBMITTED: ['APPROVED', 'REJECTED', 'CANCELLED', 'DRAFT'],
  APPROVED: ['ALLOCATED', 'BACKORDERED', 'CANCELLED'],
  REJECTED: [],
  CANCELLED: [],
  ALLOCATED: ['SHIPPED', 'CANCELLED'],
  BACKORDERED: ['ALLOCATED', 'CANCELLED'],
  SHIPPED: ['COMPLETED'],
  COMPLETED: [],
};

export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return orderTransitions[from].includes(to);
}

/** Refuses a move the machine does not allow (409 DMS_ERR_ORDER_STATE), naming both states. */
export function assertMove(from: OrderStatus, to: OrderStatus): void {
  if (!canMove(from, to)) throw new AppError('DMS_ERR_ORDER_STATE', { from, to, allowed: [...orderTransitions[from]] });
}
