import { randomBytes } from 'node:crypto';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Dec, formatMoney } from '../../rules/money.js';
import type { OrderStatus } from '../../schemas/api/dms-enums.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { Dealer, Order, OrderLine, Product, Region, Tenant, type Dealer as DealerRow, type Order as OrderRow, type OrderLine as OrderLineRow } from '../entities/index.js';
import type { PricingDetail, StoredPricing } from '../entities/order.entity.js';
import type { AuthedContext } from '../http/request-context.js';
import { checkCustomFields } from '../tenancy/custom-fields.service.js';
import type { DmsContext } from './dms-context.js';
import { priceOrder, type PricedOrder, type RequestedLine } from './pricing.service.js';

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

/** The ship-to must be a leaf of the tenant's region tree (an address resolves to one leaf). */
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

/**
 * The order's custom fields checked against the manifest: a field it declares required and the
 * order lacks is 422 DMS_ERR_ORDER_FIELD_REQUIRED pointing at it; any other mismatch is
 * CFG_ERR_CUSTOM_FIELDS_INVALID.
 */
export async function checkOrderFields(ctx: DmsContext, values: Record<string, unknown> | undefined): Promise<Record<string, unknown>> {
  const fields = values ?? {};
  const tenant = await ctx.em.findOneOrFail(Tenant, { id: ctx.tenantId });
  const declared = tenant.settings?.customFields?.order as { required?: unknown } | undefined;
  const required = Array.isArray(declared?.required) ? declared.required.filter((k): k is string => typeof k === 'string') : [];
  const missing = required.filter((k) => fields[k] === undefined || fields[k] === null || fields[k] === '');
  if (missing.length) {
    throw new AppError('DMS_ERR_ORDER_FIELD_REQUIRED', { problems: missing.map((k) => ({ in: 'body' as const, pointer: `/customFields/${k}`, message: `${k} is required` })) });
  }
  checkCustomFields(tenant, 'order', fields, ctx.locale ?? 'zh-CN');
  return fields;
}

/** Writes a pricing onto an order and its lines: amounts, adjustments, outputs, free-goods lines (replaced), versions, trace, explanation. */
export function storePricing(em: EntityManager, tenantId: string, order: OrderRow, existing: OrderLineRow[], priced: PricedOrder): OrderLineRow[] {
  order.orderAmount = priced.orderAmount;
  order.requestedOffset = priced.requestedOffset;
  order.rebateOffset = priced.rebateOffset;
  order.payableAmount = priced.payableAmount;
  order.adjustments = priced.adjustments;
  order.pricing = priced.pricing;
  order.ruleVersions = priced.ruleVersions;
  order.pricingTrace = priced.trace;
  order.explanation = priced.explanation;
  order.tierAtOrder = priced.tier;
  // Lines keep their numbers: a line whose number the pricing still gives is updated in place (a
  // free-goods line may become another product), the others removed, new numbers created.
  const kept: OrderLineRow[] = [];
  for (const l of existing) {
    const p = priced.lines.find((x) => x.lineNo === l.lineNo);
    if (!p) { em.remove(l); continue; }
    Object.assign(l, {
      product: em.getReference(Product, p.productId), sku: p.sku, category: p.category, qty: p.qty, free: p.free, listPrice: p.listPrice,
      adjustments: p.adjustments, netUnitPrice: p.netUnitPrice, lineAmount: p.lineAmount, outputs: p.outputs,
    });
    kept.push(l);
  }
  for (const p of priced.lines.filter((x) => !kept.some((l) => l.lineNo === x.lineNo))) {
    kept.push(em.create(OrderLine, {
      tenant: tenantId, order, lineNo: p.lineNo, product: p.productId, sku: p.sku, category: p.category, qty: p.qty, free: p.free,
      listPrice: p.listPrice, adjustments: p.adjustments, netUnitPrice: p.netUnitPrice, lineAmount: p.lineAmount, outputs: p.outputs,
    }));
  }
  return kept.sort((a, b) => a.lineNo - b.lineNo);
}

/** Saves a priced DRAFT order and its lines in one transaction; the pricing (versions, trace, explanation) goes with it. */
export async function createDraftOrder(ctx: DmsContext, input: DraftInput): Promise<{ order: OrderRow; lines: OrderLineRow[] }> {
  await assertLeafRegion(ctx, input.shipToRegion, '/shipToRegion');
  const customFields = await checkOrderFields(ctx, input.customFields);
  const priced = await priceOrder(ctx, {
    dealer: input.dealer, lines: input.lines, orderDate: input.orderDate, shipToRegion: input.shipToRegion, orderFields: customFields, requestedOffset: input.requestedOffset,
  });
  return ctx.em.transactional(async (tx) => {
    const order = tx.create(Order, {
      tenant: ctx.tenantId, orderNo: newOrderNo(input.orderDate), dealer: input.dealer.id, createdBy: input.userId, status: 'DRAFT',
      orderDate: input.orderDate, tierAtOrder: priced.tier, shipToRegion: input.shipToRegion, shipToAddress: input.shipToAddress ?? null,
      orderAmount: priced.orderAmount, requestedOffset: priced.requestedOffset, rebateOffset: priced.rebateOffset,
      payableAmount: priced.payableAmount, adjustments: priced.adjustments, pricing: priced.pricing, ruleVersions: priced.ruleVersions,
      pricingTrace: priced.trace, explanation: priced.explanation, customFields,
    });
    const lines = storePricing(tx, ctx.tenantId, order, [], priced);
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
  const lines = await ctx.em.find(OrderLine, { order: order.id }, { orderBy: { lineNo: 'asc' }, populate: ['allocatedWarehouse', 'product'] });
  return toOrderView(order, lines, ctx.locale);
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

/** A line's figures beyond the contract, each with the rule set's words. */
function lineDetails(pricing: Partial<StoredPricing>, outputs: Record<string, unknown>): PricingDetail[] {
  return (pricing.lineFields ?? []).filter((f) => f.name in outputs).map((f) => ({ ...f, value: outputs[f.name] ?? null }));
}

/** A quote in the order view's price model (nothing saved). */
export function toQuoteView(q: PricedOrder) {
  return {
    dealerCode: q.dealerCode, tier: q.tier, orderDate: q.orderDate, shipToRegion: q.shipToRegion,
    lines: q.lines.map((l) => ({
      lineNo: l.lineNo, sku: l.sku, name: l.name, category: l.category, qty: l.qty, free: l.free, listPrice: l.listPrice, adjustments: l.adjustments,
      netUnitPrice: l.netUnitPrice, lineAmount: l.lineAmount, details: lineDetails(q.pricing, l.outputs), allocatedWarehouse: null,
    })),
    adjustments: q.adjustments, orderAmount: q.orderAmount, requestedOffset: q.requestedOffset, rebateOffset: q.rebateOffset, payableAmount: q.payableAmount,
    pricingDetails: [...q.pricing.details, ...q.pricing.rebate.details], ruleVersions: q.ruleVersions, explanation: q.explanation, trace: q.trace,
  };
}

/** The price model as every screen shows it: lines with list price, adjustments, net price and amount; order adjustments; the rule sets' own figures. */
export function toOrderView(o: OrderRow, lines: OrderLineRow[], locale?: DmsContext['locale']) {
  const pricing = o.pricing as Partial<StoredPricing>;
  return {
    ...toOrderSummary(o),
    shipToAddress: o.shipToAddress ?? null,
    requestedOffset: money(o.requestedOffset)!,
    shippingCost: money(o.shippingCost),
    adjustments: o.adjustments ?? [],
    pricingDetails: [...(pricing.details ?? []), ...(pricing.rebate?.details ?? [])],
    ruleVersions: o.ruleVersions,
    explanation: o.explanation,
    pricingTrace: o.pricingTrace,
    allocation: o.allocation ?? null,
    customFields: o.customFields,
    submittedAt: o.submittedAt?.toISOString() ?? null,
    decidedAt: o.decidedAt?.toISOString() ?? null,
    lines: lines.map((l) => ({
      lineNo: l.lineNo, sku: l.sku, name: (locale === 'en' ? l.product.nameEn : null) ?? l.product.name ?? l.sku, category: l.category, qty: l.qty, free: l.free, listPrice: money(l.listPrice)!,
      adjustments: l.adjustments ?? [], netUnitPrice: exact(l.netUnitPrice), lineAmount: money(l.lineAmount)!,
      details: lineDetails(pricing, l.outputs ?? {}), allocatedWarehouse: l.allocatedWarehouse?.code ?? null,
    })),
  };
}
