import { randomBytes } from 'node:crypto';
import type { FilterQuery } from '@mikro-orm/core';
import { Dec, formatMoney } from '../../rules/money.js';
import type { OrderStatus } from '../../schemas/api/dms-enums.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { Dealer, Order, OrderLine, Region, Tenant, type Dealer as DealerRow, type Order as OrderRow, type OrderLine as OrderLineRow } from '../entities/index.js';
import type { AuthedContext } from '../http/request-context.js';
import { checkCustomFields } from '../tenancy/custom-fields.service.js';
import type { DmsContext } from './dms-context.js';
import { priceOrder, rateText, type RequestedLine } from './order-pricing.service.js';

/**
 * The dealer an order or a query is about. A dealer user always gets its own dealer (naming
 * another one is simply not found: the dealer filter hides it); staff must name one.
 */
export async function dealerFor(ctx: AuthedContext, dealerCode: string | undefined, where: { in: 'body' | 'querystring'; pointer: string } = { in: 'body', pointer: '/dealerCode' }): Promise<DealerRow> {
  if (dealerCode !== undefined) {
    const dealer = await ctx.em.findOne(Dealer, { code: dealerCode });
    if (!dealer) throw new AppError('CF_ERR_NOT_FOUND', { dealer: dealerCode });
    return dealer;
  }
  if (ctx.user.dealerId) {
    const own = await ctx.em.findOne(Dealer, { id: ctx.user.dealerId });
    if (own) return own;
    throw new AppError('CF_ERR_NOT_FOUND');
  }
  throw new AppError('DMS_ERR_DEALER_REQUIRED', { problems: [{ ...where, message: 'required for staff' }] });
}

/** The ship-to must be a leaf of the tenant's region tree (acme-chips section 3: an address resolves to one leaf). */
export async function assertLeafRegion(ctx: DmsContext, code: string, pointer: string): Promise<void> {
  const regions = await ctx.em.find(Region, {}, { fields: ['code', 'parentCode'] });
  const known = regions.some((r) => r.code === code);
  const isParent = regions.some((r) => r.parentCode === code);
  if (!known || isParent) {
    throw new AppError('CF_ERR_VALIDATION', { problems: [{ in: 'body', pointer, message: known ? `${code} is not a leaf region` : `unknown region ${code}` }] });
  }
}

const newOrderNo = (orderDate: string) => `SO${orderDate.replaceAll('-', '')}-${randomBytes(4).toString('hex').toUpperCase()}`;

export interface DraftInput {
  dealer: DealerRow; userId: string | null; orderDate: string; lines: RequestedLine[];
  shipToRegion: string; shipToAddress?: string | null; requestedOffset?: string; customFields?: Record<string, unknown>;
}

/** Saves a priced DRAFT order and its lines in one transaction; the pricing (versions, trace, explanation) goes with it. */
export async function createDraftOrder(ctx: DmsContext, input: DraftInput): Promise<{ order: OrderRow; lines: OrderLineRow[] }> {
  await assertLeafRegion(ctx, input.shipToRegion, '/shipToRegion');
  if (input.customFields !== undefined) {
    checkCustomFields(await ctx.em.findOneOrFail(Tenant, { id: ctx.tenantId }), 'order', input.customFields, ctx.locale ?? 'zh-CN');
  }
  const priced = await priceOrder(ctx, { dealer: input.dealer, lines: input.lines, orderDate: input.orderDate, requestedOffset: input.requestedOffset });
  return ctx.em.transactional(async (tx) => {
    const order = tx.create(Order, {
      tenant: ctx.tenantId, orderNo: newOrderNo(input.orderDate), dealer: input.dealer.id, createdBy: input.userId, status: 'DRAFT',
      orderDate: input.orderDate, tierAtOrder: priced.tier, shipToRegion: input.shipToRegion, shipToAddress: input.shipToAddress ?? null,
      orderAmount: priced.orderAmount, requestedOffset: priced.rebate.requestedOffset, rebateOffset: priced.rebate.appliedOffset,
      payableAmount: priced.payableAmount, ruleVersions: priced.ruleVersions, pricingTrace: priced.trace, explanation: priced.explanation,
      customFields: input.customFields ?? {},
    });
    const lines = priced.lines.map((l) => tx.create(OrderLine, {
      tenant: ctx.tenantId, order, lineNo: l.lineNo, product: l.productId, sku: l.sku, category: l.category, qty: l.qty, listPrice: l.listPrice,
      tierRate: l.tierRate, breakRate: l.breakRate, effectiveDiscountRate: l.effectiveDiscountRate, capApplied: l.capApplied,
      netUnitPrice: l.netUnitPrice, exactAmount: l.exactAmount, lineAmount: l.lineAmount,
    }));
    await tx.flush();
    return { order, lines };
  });
}

export interface OrderFilters { status?: OrderStatus; dealerCode?: string; from?: string; to?: string; limit?: number; offset?: number }

/** Orders newest first; a dealer user's query is narrowed to its own dealer by the dealer filter. */
export async function listOrders(ctx: DmsContext, f: OrderFilters) {
  const where: FilterQuery<OrderRow> = {};
  if (f.status) where.status = f.status;
  if (f.dealerCode) where.dealer = { code: f.dealerCode };
  if (f.from || f.to) where.orderDate = { ...(f.from ? { $gte: f.from } : {}), ...(f.to ? { $lte: f.to } : {}) };
  const [rows, total] = await ctx.em.findAndCount(Order, where, {
    populate: ['dealer'], orderBy: { createdAt: 'desc', orderNo: 'desc' }, limit: f.limit ?? 50, offset: f.offset ?? 0,
  });
  return { total, items: rows.map((o) => toOrderSummary(o)) };
}

export async function getOrder(ctx: DmsContext, id: string) {
  const order = await ctx.em.findOne(Order, { id }, { populate: ['dealer'] });
  if (!order) throw new AppError('CF_ERR_NOT_FOUND');
  const lines = await ctx.em.find(OrderLine, { order: order.id }, { orderBy: { lineNo: 'asc' }, populate: ['allocatedWarehouse'] });
  return toOrderView(order, lines);
}

const money = (v: string | null | undefined) => (v === null || v === undefined ? null : formatMoney(new Dec(v)));
const exact = (v: string) => new Dec(v).toFixed();

export function toOrderSummary(o: OrderRow) {
  return {
    id: o.id, orderNo: o.orderNo, dealerCode: o.dealer.code, status: o.status, orderDate: o.orderDate, tierAtOrder: o.tierAtOrder,
    shipToRegion: o.shipToRegion, currency: o.currency, orderAmount: money(o.orderAmount)!, rebateOffset: money(o.rebateOffset)!,
    payableAmount: money(o.payableAmount)!, workflowInstanceId: o.workflowInstance?.id ?? null, createdAt: o.createdAt.toISOString(), version: o.version,
  };
}

export function toOrderView(o: OrderRow, lines: OrderLineRow[]) {
  return {
    ...toOrderSummary(o),
    shipToAddress: o.shipToAddress ?? null,
    requestedOffset: money(o.requestedOffset)!,
    shippingCost: money(o.shippingCost),
    ruleVersions: o.ruleVersions,
    explanation: o.explanation,
    pricingTrace: o.pricingTrace,
    allocation: o.allocation ?? null,
    customFields: o.customFields,
    submittedAt: o.submittedAt?.toISOString() ?? null,
    decidedAt: o.decidedAt?.toISOString() ?? null,
    lines: lines.map((l) => ({
      lineNo: l.lineNo, sku: l.sku, category: l.category, qty: l.qty, listPrice: money(l.listPrice)!,
      tierRate: rateText(l.tierRate)!, breakRate: rateText(l.breakRate)!, effectiveDiscountRate: rateText(l.effectiveDiscountRate)!,
      capApplied: l.capApplied, netUnitPrice: exact(l.netUnitPrice), exactAmount: exact(l.exactAmount), lineAmount: money(l.lineAmount)!,
      allocatedWarehouse: l.allocatedWarehouse?.code ?? null,
    })),
  };
}
