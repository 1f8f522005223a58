import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FlowState } from '../../rules/flow/index.js';
import type { OrderStatus } from '../../schemas/api/dms-enums.js';
import { InventoryLevel, Order, OrderLine, RebateEntry, Tenant, type Order as OrderRow } from '../entities/index.js';
import type { DmsContext } from './dms-context.js';
import { assertMove } from './order-status.js';
import { reverseConsumption } from './rebate-ledger.service.js';

/**
 * The workflow keys tenants bind to the `orderApproval` point: their instances belong to an order,
 * which follows their end (the end hook), across tenants. Filled from the tenants' bindings at start
 * (`loadOrderFlowKeys`) and whenever a submit reads a binding; an instance of one of these keys
 * that carries no order ends without touching any.
 */
export const orderFlowKeys = new Set<string>();

/** Every tenant's orderApproval binding, read once at start (a deploy that rebinds is picked up by the next submit). */
export async function loadOrderFlowKeys(em: EntityManager): Promise<void> {
  for (const t of await em.find(Tenant, {}, { fields: ['settings'] })) {
    const key = t.settings?.extensionPoints?.orderApproval;
    if (key) orderFlowKeys.add(key);
  }
}

/** The ledger operation key of an order's rebate offset: one consumption per order, whoever retries. */
export const orderOffsetKey = (orderId: string) => `order-offset:${orderId}`;

interface StoredAllocation { allocations?: { warehouse: string; lines: { sku: string; qty: number }[] }[]; releasedOn?: string }

/**
 * Gives back what an order holds: the rebate it consumed (to the same accruals) and the stock
 * allocated to it (its warehouses' `allocated` lowered, the allocation kept on the order, marked
 * released). Each part at most once. In the caller's transaction.
 */
export async function releaseOrder(ctx: DmsContext, order: OrderRow, asOf: string): Promise<void> {
  const consumed = await ctx.em.findOne(RebateEntry, { operationKey: orderOffsetKey(order.id), type: 'CONSUMPTION' });
  if (consumed) await reverseConsumption(ctx, { consumptionKey: orderOffsetKey(order.id), asOf });
  const stored = order.allocation as StoredAllocation | null | undefined;
  if (stored?.allocations && !stored.releasedOn) {
    const picked = stored.allocations.flatMap((a) => a.lines.map((l) => ({ warehouse: a.warehouse, ...l })));
    const rows = await ctx.em.find(InventoryLevel, { product: { sku: { $in: picked.map((p) => p.sku) } } }, {
      lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' }, populate: ['warehouse', 'product'],
    });
    for (const p of picked) {
      const row = rows.find((r) => r.warehouse.code === p.warehouse && r.product.sku === p.sku);
      if (row) row.allocated = Math.max(0, row.allocated - p.qty);
    }
    order.allocation = { ...(order.allocation as Record<string, unknown>), releasedOn: asOf };
    for (const line of await ctx.em.find(OrderLine, { order: order.id })) line.allocatedWarehouse = null;
  }
}

/** Moves an order to a final status its flow decided (releasing what it holds when it did not go through). */
export async function settleOrder(ctx: DmsContext, order: OrderRow, outcome: FlowState['status'], asOf: string, now: Date): Promise<void> {
  if (outcome === 'REJECTED' || outcome === 'CANCELLED') {
    const to: OrderStatus = outcome;
    assertMove(order.status, to);
    await releaseOrder(ctx, order, asOf);
    order.status = to;
    order.decidedAt = now;
  } else if (outcome === 'APPROVED' && order.status === 'SUBMITTED') {
    // a version of the flow without an allocateStock node: approved, stock to be allocated later
    order.status = 'APPROVED';
    order.decidedAt = now;
  }
  await ctx.em.flush();
}

/** The end hook: an order whose instance ended follows it, in the instance's transaction. */
export async function settleOrderOfInstance(ctx: DmsContext, instanceId: string, state: FlowState, now: Date, asOf: string): Promise<void> {
  const order = await ctx.em.findOne(Order, { workflowInstance: instanceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!order || order.status === state.status) return;
  await settleOrder(ctx, order, state.status, asOf, now);
}
