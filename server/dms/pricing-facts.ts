import { Dec, formatMoney, formatRate } from '../../rules/money.js';
import type { AppErrorProblem } from '../../schemas/errors/app-error.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { Product, type Dealer as DealerRow, type Product as ProductRow } from '../entities/index.js';
import { dealerFacts } from './dealer-tier.service.js';
import type { DmsContext } from './dms-context.js';

/**
 * The one builder of the facts the `orderPricing` point gets: the catalogue, a quote, a draft, the
 * submit and the price confirmation all price through it, so the same order gives the same facts
 * and the same amounts everywhere.
 */
export interface RequestedLine { sku: string; qty: number }

/** One line per SKU: quantities of a repeated SKU are added, the first position kept (`from`: the request's positions). */
export function mergeLines(lines: readonly RequestedLine[]): { sku: string; qty: number; from: number[] }[] {
  const bySku = new Map<string, { sku: string; qty: number; from: number[] }>();
  lines.forEach((l, i) => {
    const seen = bySku.get(l.sku);
    if (seen) { seen.qty += l.qty; seen.from.push(i); } else bySku.set(l.sku, { sku: l.sku, qty: l.qty, from: [i] });
  });
  return [...bySku.values()];
}

/** A rate column read back from numeric(9,6) in the rule sets' form ("0.050000" → "0.05"). */
export const rateText = (v: string | null | undefined) => (v === null || v === undefined ? null : formatRate(new Dec(v)));

/** The orderable products of the merged lines, in their order; unknown and end-of-life SKUs refused with the request's pointers. */
export async function productsFor(ctx: DmsContext, merged: readonly { sku: string; from: number[] }[], pointer = '/lines'): Promise<ProductRow[]> {
  const rows = await ctx.em.find(Product, { sku: { $in: merged.map((l) => l.sku) } }, { populate: ['category'] });
  const bySku = new Map(rows.map((p) => [p.sku, p]));
  const unknown: AppErrorProblem[] = [];
  const eol: AppErrorProblem[] = [];
  for (const l of merged) {
    const p = bySku.get(l.sku);
    for (const i of l.from) {
      if (!p) unknown.push({ in: 'body', pointer: `${pointer}/${i}/sku`, message: `unknown product ${l.sku}` });
      else if (p.status === 'EOL') eol.push({ in: 'body', pointer: `${pointer}/${i}/sku`, message: `${l.sku} is end-of-life` });
    }
  }
  if (unknown.length) throw new AppError('DMS_ERR_UNKNOWN_PRODUCT', { problems: unknown });
  if (eol.length) throw new AppError('DMS_ERR_PRODUCT_NOT_ORDERABLE', { problems: eol });
  return merged.map((l) => bySku.get(l.sku)!);
}

export interface PricingFactsInput {
  dealer: DealerRow;
  orderDate: string;
  /** The leaf ship-to; the catalogue and a quote without one price for the dealer's home region. */
  shipToRegion?: string | null;
  /** The order's custom fields ({} for the catalogue). */
  orderFields?: Record<string, unknown>;
  /** One line per product, in order (merged already). */
  lines: readonly { product: ProductRow; qty: number }[];
}

export type PricingFacts = Awaited<ReturnType<typeof buildPricingFacts>>;

/** The facts of the `orderPricing` point (see its contract in schemas/extension-points/registry.ts); the tier is the one in effect on the order date. */
export async function buildPricingFacts(ctx: DmsContext, input: PricingFactsInput) {
  const dealer = await dealerFacts(ctx, input.dealer, input.orderDate);
  return {
    orderDate: input.orderDate,
    tier: dealer.tier,
    shipToRegion: input.shipToRegion ?? input.dealer.homeRegion,
    dealer,
    orderFields: { ...(input.orderFields ?? {}) },
    lines: input.lines.map(({ product: p, qty }, i) => ({
      lineNo: i + 1, sku: p.sku, name: p.name, category: p.category.code, qty, listPrice: formatMoney(new Dec(p.listPrice)),
      maxDiscountRate: rateText(p.maxDiscountRate), spq: p.spq ?? null, productFields: { ...(p.customFields ?? {}) },
    })),
  };
}
