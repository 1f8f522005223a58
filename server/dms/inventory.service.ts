import { LockMode } from '@mikro-orm/core';
import { Dec, formatMoney } from '../../rules/money.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { InventoryLevel, Order, OrderLine, Warehouse, WarehouseLane, type InventoryLevel as InventoryRow, type OrderLine as OrderLineRow } from '../entities/index.js';
import type { DmsContext } from './dms-context.js';
import { evaluatePoint } from '../extension-points/extension-point.service.js';
import { dealerFacts } from './dealer-tier.service.js';
import { assertMove } from './order-status.js';

export interface InventoryFilters { sku?: string; warehouse?: string }

/** Stock by warehouse and SKU with ATP (onHand − allocated) and whether it sits below safety stock. */
export async function listInventory(ctx: DmsContext, f: InventoryFilters) {
  const rows = await ctx.em.find(InventoryLevel, {
    ...(f.sku ? { product: { sku: f.sku } } : {}), ...(f.warehouse ? { warehouse: { code: f.warehouse } } : {}),
  }, { populate: ['warehouse', 'product'] });
  return rows
    .sort((a, b) => a.product.sku.localeCompare(b.product.sku) || a.warehouse.code.localeCompare(b.warehouse.code))
    .map((r) => ({
      warehouse: r.warehouse.code, sku: r.product.sku, onHand: r.onHand, allocated: r.allocated, safetyStock: r.safetyStock,
      atp: r.onHand - r.allocated, belowSafetyStock: r.onHand - r.allocated < r.safetyStock, version: r.version,
    }));
}

/** The `warehouseRouting` point's outputs: what the platform reads; anything else the rule set gives is kept as is. */
export interface RoutingOutput {
  allocations: { warehouse: string; lines: { sku: string; qty: number }[] }[];
  shippingCost?: string;
  backorders?: { sku: string; qty: number }[];
  [more: string]: unknown;
}

/**
 * Allocates an APPROVED order's lines (free-goods lines like any other) from the warehouses the
 * `warehouseRouting` point picks, in one transaction: the order row and the stock rows of its SKUs
 * are locked (FOR UPDATE, stock in id order so two allocations never deadlock), routed on the
 * locked figures, then `allocated` is raised. BACKORDERED when the rule set lists any backorder,
 * else ALLOCATED. Idempotent by order: an order already allocated returns the stored result unchanged.
 * Run by the allocateStock action, the transaction is the action job's (this one is its savepoint):
 * the stock rows, the order's status and allocation, the action's run record and the instance's next
 * step commit together or not at all, so a reader never sees stock moved that no order holds (a
 * BACKORDERED order holds the part it got), and a worker that dies mid-allocation leaves nothing.
 */
export async function allocateOrder(ctx: DmsContext, orderId: string, asOf: string) {
  return ctx.em.transactional(async (tx) => {
    const txCtx = { ...ctx, em: tx };
    const order = await tx.findOne(Order, { id: orderId }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['dealer'] });
    if (!order) throw new AppError('CF_ERR_NOT_FOUND');
    if (order.allocation) return { orderId: order.id, status: order.status, replayed: true, routing: order.allocation as unknown as RoutingOutput };
    assertMove(order.status, 'ALLOCATED');

    const lines = await tx.find(OrderLine, { order: order.id }, { orderBy: { lineNo: 'asc' }, populate: ['product'] });
    const warehouses = await tx.find(Warehouse, {}, { orderBy: { code: 'asc' } });
    const lanes = await tx.find(WarehouseLane, {}, { populate: ['warehouse'] });
    const stock = await tx.find(InventoryLevel, { product: { $in: [...new Set(lines.map((l) => l.product.id))] } }, {
      lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' }, populate: ['warehouse', 'product'],
    });
    const run = await evaluatePoint<RoutingOutput>(txCtx, 'warehouseRouting', {
      orderDate: order.orderDate,
      shipToRegion: order.shipToRegion,
      dealer: await dealerFacts(txCtx, order.dealer, order.orderDate),
      lines: lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, category: l.category, qty: l.qty, free: l.free })),
      warehouses: warehouses.map((w) => ({ code: w.code, status: w.status, servesRegion: w.servesRegion, locatedIn: w.locatedIn })),
      lanes: lanes.map((l) => ({ from: l.warehouse.code, toRegion: l.toRegion, cost: formatMoney(new Dec(l.cost)), leadDays: l.leadTimeDays })),
      stock: stock.map((s) => ({ warehouse: s.warehouse.code, sku: s.product.sku, onHand: s.onHand, allocated: s.allocated, safetyStock: s.safetyStock })),
    }, asOf);
    const out = run.outputs;

    const rowOf = new Map<string, InventoryRow>(stock.map((s) => [`${s.warehouse.code}/${s.product.sku}`, s]));
    const warehouseOf = new Map(warehouses.map((w) => [w.code, w]));
    // What each line still waits for: a warehouse's picks of a SKU go to that SKU's lines in line order.
    const open = new Map<OrderLineRow, number>(lines.map((l) => [l, l.qty]));
    for (const a of out.allocations) {
      for (const picked of a.lines) {
        const row = rowOf.get(`${a.warehouse}/${picked.sku}`);
        if (!row || row.onHand - row.allocated < picked.qty) throw new AppError('DMS_ERR_INSUFFICIENT_STOCK', { warehouse: a.warehouse, sku: picked.sku, qty: picked.qty });
        row.allocated += picked.qty;
        let left = picked.qty;
        for (const line of lines.filter((l) => l.sku === picked.sku && open.get(l)! > 0)) {
          if (left <= 0) break;
          const take = Math.min(left, open.get(line)!);
          open.set(line, open.get(line)! - take);
          left -= take;
          line.allocatedWarehouse = warehouseOf.get(a.warehouse)!;
        }
        if (left > 0) {
          throw new AppError('DMS_ERR_POINT_OUTPUT', {
            point: 'warehouseRouting', ruleSet: run.ruleSet.key, version: run.ruleSet.version,
            problems: [{ pointer: '/outputs/allocations', message: `${a.warehouse} allocates ${picked.qty} of ${picked.sku}, more than the order still needs` }],
          });
        }
      }
    }
    const status = (out.backorders ?? []).length > 0 ? 'BACKORDERED' : 'ALLOCATED';
    assertMove(order.status, status);
    order.status = status;
    order.allocation = { ...out, ruleSet: { key: run.ruleSet.key, version: run.ruleSet.version } } as unknown as Record<string, unknown>;
    order.shippingCost = out.shippingCost ?? null;
    await tx.flush();
    return { orderId: order.id, status: order.status, replayed: false, routing: out };
  });
}
