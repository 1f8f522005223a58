import { Dec, formatMoney, type Decimal } from '../../rules/money.js';
import type { DmsContext } from './dms-context.js';
import { tenantSql } from '../db/tenant-sql.js';

/** What a dealer bought in a period, as the tier review and rebate statements read it (all money strings). */
export interface PurchaseFigures {
  /** invoicedAmount − creditNoteAmount + orderAmount. */
  netAmount: string;
  /** Imported invoices dated in the period. */
  invoicedAmount: string;
  /** Credit notes dated in the period (recorded as receivables with a negative amount), as a positive figure. */
  creditNoteAmount: string;
  /** Platform orders fulfilled in the period that no imported invoice stands for yet. */
  orderAmount: string;
  /** The net amount of rebate-eligible products (Product.rebateEligible). */
  eligibleAmount: string;
  byCategory: { category: string; netAmount: string; eligibleAmount: string }[];
  bySku: { sku: string; netAmount: string }[];
}

/**
 * Order statuses that count as fulfilled. Fulfilment (shipping, receipt) is not recorded yet, so an
 * order counts once it is approved — APPROVED, ALLOCATED or BACKORDERED — and from then on through
 * SHIPPED and COMPLETED; it is dated by its approval (Asia/Shanghai), or its order date when that
 * is not recorded.
 */
const FULFILLED = ['APPROVED', 'ALLOCATED', 'BACKORDERED', 'SHIPPED', 'COMPLETED'];

interface Line { sku: string; category: string; eligible: boolean; amount: Decimal }
interface Part { sku: string | null; category: string | null; eligible: boolean; amount: Decimal }

/**
 * Spreads `amount` over an order's lines in proportion to their line amounts (half-up to the fen,
 * the last line taking the remainder), so order-level adjustments and an invoice for the order are
 * attributed to the products bought. An order without priced lines stays one part of unknown product.
 */
function spread(amount: Decimal, lines: Line[]): Part[] {
  const priced = lines.filter((l) => !l.amount.eq(0));
  const total = priced.reduce((a, l) => a.plus(l.amount), new Dec(0));
  if (priced.length === 0 || total.eq(0)) return [{ sku: null, category: null, eligible: true, amount }];
  let left = amount;
  return priced.map((l, i) => {
    const share = i === priced.length - 1 ? left : amount.times(l.amount).div(total).round(2, 1);
    left = left.minus(share);
    return { sku: l.sku, category: l.category, eligible: l.eligible, amount: share };
  });
}

/**
 * The dealer's purchase figures for [from, to] (ISO dates, inclusive) from the platform's own
 * records: imported invoices (receivables) and credit notes dated in the period, plus platform
 * orders fulfilled in the period that no invoice stands for (an invoice imported against its order
 * replaces the order, never counts twice). An invoice for an order is attributed to that order's
 * products; an invoice imported without its order carries no product detail: it counts in the
 * totals and as eligible (the platform cannot tell its products apart), not in byCategory or bySku.
 * A product with rebateEligible = false is left out of every eligible figure.
 */
export async function purchaseFigures(ctx: DmsContext, dealerId: string, from: string, to: string): Promise<PurchaseFigures> {
  const sql = tenantSql(ctx);
  const orders = await sql<{ id: string; order_amount: string }[]>(
    `select o.id, o.order_amount from dealer_order o
      where o.tenant_id = :tenant and o.dealer_id = ? and o.status in (${FULFILLED.map(() => '?').join(', ')})
        and coalesce(to_char(o.decided_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD'), o.order_date) between ? and ?
        and not exists (select 1 from receivable r where r.tenant_id = o.tenant_id and r.order_id = o.id)`,
    [dealerId, ...FULFILLED, from, to],
  );
  const invoices = await sql<{ order_id: string | null; amount: string }[]>(
    'select r.order_id, r.amount from receivable r where r.tenant_id = :tenant and r.dealer_id = ? and r.invoice_date between ? and ?',
    [dealerId, from, to],
  );
  const orderIds = [...new Set([...orders.map((o) => o.id), ...invoices.flatMap((i) => (i.order_id ? [i.order_id] : []))])];
  const lineRows = orderIds.length === 0 ? [] : await sql<{ order_id: string; sku: string; category: string; line_amount: string; rebate_eligible: boolean }[]>(
    `select l.order_id, l.sku, l.category, l.line_amount, p.rebate_eligible from order_line l join product p on p.id = l.product_id
      where l.tenant_id = :tenant and l.order_id in (${orderIds.map(() => '?').join(', ')}) order by l.order_id, l.line_no`,
    orderIds,
  );
  const linesOf = new Map<string, Line[]>();
  for (const r of lineRows) {
    const list = linesOf.get(r.order_id) ?? [];
    list.push({ sku: r.sku, category: r.category, eligible: r.rebate_eligible, amount: new Dec(r.line_amount) });
    linesOf.set(r.order_id, list);
  }

  let invoiced = new Dec(0);
  let credited = new Dec(0);
  let ordered = new Dec(0);
  const parts: Part[] = [];
  for (const o of orders) {
    const amount = new Dec(o.order_amount);
    ordered = ordered.plus(amount);
    parts.push(...spread(amount, linesOf.get(o.id) ?? []));
  }
  for (const i of invoices) {
    const amount = new Dec(i.amount);
    if (amount.lt(0)) credited = credited.minus(amount);
    else invoiced = invoiced.plus(amount);
    parts.push(...spread(amount, i.order_id ? linesOf.get(i.order_id) ?? [] : []));
  }

  const zero = () => new Dec(0);
  let eligible = zero();
  const byCategory = new Map<string, { net: Decimal; eligible: Decimal }>();
  const bySku = new Map<string, Decimal>();
  for (const p of parts) {
    if (p.eligible) eligible = eligible.plus(p.amount);
    if (p.category !== null) {
      const c = byCategory.get(p.category) ?? { net: zero(), eligible: zero() };
      c.net = c.net.plus(p.amount);
      if (p.eligible) c.eligible = c.eligible.plus(p.amount);
      byCategory.set(p.category, c);
    }
    if (p.sku !== null) bySku.set(p.sku, (bySku.get(p.sku) ?? zero()).plus(p.amount));
  }
  return {
    netAmount: formatMoney(invoiced.minus(credited).plus(ordered)),
    invoicedAmount: formatMoney(invoiced),
    creditNoteAmount: formatMoney(credited),
    orderAmount: formatMoney(ordered),
    eligibleAmount: formatMoney(eligible),
    byCategory: [...byCategory].sort(([a], [b]) => a.localeCompare(b)).map(([category, c]) => ({ category, netAmount: formatMoney(c.net), eligibleAmount: formatMoney(c.eligible) })),
    bySku: [...bySku].sort(([a], [b]) => a.localeCompare(b)).map(([sku, net]) => ({ sku, netAmount: formatMoney(net) })),
  };
}

/** No purchases: the figures of a period with nothing recorded. */
export function noPurchases(): PurchaseFigures {
  return { netAmount: '0.00', invoicedAmount: '0.00', creditNoteAmount: '0.00', orderAmount: '0.00', eligibleAmount: '0.00', byCategory: [], bySku: [] };
}
