import type { TraceEntry } from '../../rules/index.js';
import { Dec, formatMoney, formatRate } from '../../rules/money.js';
import type { AppErrorProblem } from '../../schemas/errors/app-error.js';
import { AppError } from '../../schemas/errors/app-error.js';
import { Product, type Dealer as DealerRow, type Product as ProductRow } from '../entities/index.js';
import type { PlainExplanation, RuleVersionUsed } from '../entities/order.entity.js';
import type { DmsContext } from './dms-context.js';
import { ruleSetInEffect } from './dms-rule-sets.js';
import { explainPricing, keptTrace, type ExplainedLine, type ExplainedOffset } from './order-explanation.js';
import { offsetEntriesFor } from './rebate-ledger.service.js';

export const PRICING_RULE_SET = 'order-pricing';
export const REBATE_OFFSET_RULE_SET = 'rebate-offset';

export interface RequestedLine { sku: string; qty: number }

export interface PricedLine extends ExplainedLine { productId: string; category: string; netUnitPrice: string }

export interface PricedOrder {
  dealerCode: string;
  tier: string;
  orderDate: string;
  lines: PricedLine[];
  orderAmount: string;
  rebate: ExplainedOffset;
  payableAmount: string;
  ruleVersions: RuleVersionUsed[];
  trace: TraceEntry[];
  explanation: PlainExplanation;
}

/** One line per SKU (acme-chips section 1): quantities of a repeated SKU are added, the first position kept. */
export function mergeLines(lines: readonly RequestedLine[]): { sku: string; qty: number; from: number[] }[] {
  const bySku = new Map<string, { sku: string; qty: number; from: number[] }>();
  lines.forEach((l, i) => {
    const seen = bySku.get(l.sku);
    if (seen) { seen.qty += l.qty; seen.from.push(i); } else bySku.set(l.sku, { sku: l.sku, qty: l.qty, from: [i] });
  });
  return [...bySku.values()];
}

async function productsFor(ctx: DmsContext, merged: ReturnType<typeof mergeLines>): Promise<ProductRow[]> {
  const rows = await ctx.em.find(Product, { sku: { $in: merged.map((l) => l.sku) } }, { populate: ['category'] });
  const bySku = new Map(rows.map((p) => [p.sku, p]));
  const unknown: AppErrorProblem[] = [];
  const eol: AppErrorProblem[] = [];
  for (const l of merged) {
    const p = bySku.get(l.sku);
    for (const i of l.from) {
      if (!p) unknown.push({ in: 'body', pointer: `/lines/${i}/sku`, message: `unknown product ${l.sku}` });
      else if (p.status === 'EOL') eol.push({ in: 'body', pointer: `/lines/${i}/sku`, message: `${l.sku} is end-of-life` });
    }
  }
  if (unknown.length) throw new AppError('DMS_ERR_UNKNOWN_PRODUCT', { problems: unknown });
  if (eol.length) throw new AppError('DMS_ERR_PRODUCT_NOT_ORDERABLE', { problems: eol });
  return merged.map((l) => bySku.get(l.sku)!);
}

/** A rate column read back from numeric(9,6) in the rule sets' form ("0.050000" → "0.05"). */
export const rateText = (v: string | null | undefined) => (v === null || v === undefined ? null : formatRate(new Dec(v)));

/**
 * Prices an order the way the dealer will be charged: the published `order-pricing` rule set in
 * effect on the order date (tier discount × quantity break, capped, rounded per line), then the
 * `rebate-offset` rule set over the dealer's ledger for the requested offset. Returns the per-line
 * breakdown, the totals, the rule-set versions, the kept trace and the explanation in zh and en.
 * Reads only: nothing is saved.
 */
export async function priceOrder(ctx: DmsContext, input: { dealer: DealerRow; lines: readonly RequestedLine[]; orderDate: string; requestedOffset?: string; orderId?: string }): Promise<PricedOrder> {
  const merged = mergeLines(input.lines);
  const products = await productsFor(ctx, merged);
  const pricing = await ruleSetInEffect(ctx, PRICING_RULE_SET, input.orderDate);
  const facts = {
    tier: input.dealer.tier,
    lines: merged.map((l, i) => ({
      sku: l.sku, category: products[i].category.code, qty: l.qty, listPrice: formatMoney(new Dec(products[i].listPrice)),
      ...(products[i].maxDiscountRate != null ? { maxDiscountRate: rateText(products[i].maxDiscountRate) } : {}),
    })),
  };
  const priced = pricing.compiled.evaluate(facts, { explain: true });
  const trace = priced.trace ?? [];
  const out = priced.outputs as { lines: Record<string, unknown>[]; orderAmount: string };
  const lines: PricedLine[] = out.lines.map((l, i) => {
    const exact = trace.find((e) => e.at === `lines[${i}]` && e.assigned && 'exactAmount' in e.assigned)?.assigned?.exactAmount;
    const p = products[i];
    return {
      lineNo: i + 1, productId: p.id, sku: p.sku, name: ctx.locale === 'en' ? (p.nameEn ?? p.name) : p.name, category: p.category.code,
      qty: l.qty as number, listPrice: facts.lines[i].listPrice,
      tierRate: l.tierRate as string, breakRate: l.breakRate as string, effectiveDiscountRate: l.effectiveDiscountRate as string,
      capApplied: l.capApplied as boolean, maxDiscountRate: rateText(p.maxDiscountRate), netUnitPrice: l.netUnitPrice as string,
      // The rule set rounds only the line; the unrounded product is kept for the breakdown (recomputed if a trace lacks it).
      exactAmount: typeof exact === 'string' ? exact : new Dec(l.qty as number).times(facts.lines[i].listPrice).times(new Dec(1).minus(l.effectiveDiscountRate as string)).toFixed(),
      lineAmount: l.lineAmount as string,
    };
  });

  const offsetRules = await ruleSetInEffect(ctx, REBATE_OFFSET_RULE_SET, input.orderDate);
  // Net of the offsets other submitted orders reserved (the order being priced keeps its own).
  const entries = await offsetEntriesFor(ctx, input.dealer.id, input.orderDate, { excludeOrderId: input.orderId });
  const requestedOffset = formatMoney(new Dec(input.requestedOffset ?? '0'));
  const offset = offsetRules.compiled.evaluate({ orderAmount: out.orderAmount, requestedOffset, orderDate: input.orderDate, entries }).outputs as Omit<ExplainedOffset, 'requestedOffset'>;
  const rebate: ExplainedOffset = { requestedOffset, ...offset };

  const ruleVersions = [{ key: pricing.key, version: pricing.version }, { key: offsetRules.key, version: offsetRules.version }];
  return {
    dealerCode: input.dealer.code, tier: input.dealer.tier, orderDate: input.orderDate, lines, orderAmount: out.orderAmount,
    rebate, payableAmount: rebate.payableAmount, ruleVersions, trace: keptTrace(trace),
    explanation: explainPricing({
      document: pricing.document, trace, lines, orderAmount: out.orderAmount, pricing: ruleVersions[0],
      offset: new Dec(requestedOffset).gt(0) ? { result: rebate, ruleSet: ruleVersions[1] } : undefined,
    }),
  };
}

/** The catalogue at a tier's price: every product as a one-piece line (no quantity break), through the same rule set. */
export async function tierPrices(ctx: DmsContext, tier: string, products: ProductRow[], asOf: string): Promise<Map<string, { tierRate: string; effectiveDiscountRate: string; capApplied: boolean; netUnitPrice: string }>> {
  if (!products.length) return new Map();
  const pricing = await ruleSetInEffect(ctx, PRICING_RULE_SET, asOf);
  const lines = products.map((p) => ({
    sku: p.sku, category: p.category.code, qty: 1, listPrice: formatMoney(new Dec(p.listPrice)),
    ...(p.maxDiscountRate != null ? { maxDiscountRate: rateText(p.maxDiscountRate) } : {}),
  }));
  const out = pricing.compiled.evaluate({ tier, lines }).outputs as { lines: Record<string, unknown>[] };
  return new Map(out.lines.map((l) => [l.sku as string, {
    tierRate: l.tierRate as string, effectiveDiscountRate: l.effectiveDiscountRate as string, capApplied: l.capApplied as boolean, netUnitPrice: l.netUnitPrice as string,
  }]));
}
