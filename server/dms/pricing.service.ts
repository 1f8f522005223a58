import type { FieldDecl, ItemDecl, RuleSetDocument, TraceEntry } from '../../rules/index.js';
import { Dec, formatMoney } from '../../rules/money.js';
import type { ExtensionPointKey } from '../../schemas/extension-points/registry.js';
import { AppError, type AppErrorProblem } from '../../schemas/errors/app-error.js';
import { Product, type Dealer as DealerRow, type Product as ProductRow } from '../entities/index.js';
import type { LocalizedLabel, PlainExplanation, PriceAdjustment, PricingDetail, RuleVersionUsed, StoredPricing } from '../entities/order.entity.js';
import { evaluatePoint, isPointBound, type PointEvaluation } from '../extension-points/extension-point.service.js';
import type { DmsContext } from './dms-context.js';
import { explainPricing, keptTrace } from './order-explanation.js';
import { buildPricingFacts, mergeLines, productsFor, type PricingFacts, type RequestedLine } from './pricing-facts.js';
import { offsetEntriesFor } from './rebate-ledger.service.js';
import { codeWords } from '../../rules/explain/output-words.js';

export type { RequestedLine } from './pricing-facts.js';

/** A priced line: a requested product, or a free-goods line the rule set gave (line amount 0). */
export interface PricedLine {
  lineNo: number; productId: string; sku: string; name: string; category: string; qty: number; free: boolean;
  listPrice: string; adjustments: PriceAdjustment[]; netUnitPrice: string; lineAmount: string;
  /** The rule's line output as it gave it (its own figures beyond the contract). */
  outputs: Record<string, unknown>;
}

export interface PricedOrder {
  dealerCode: string;
  tier: string;
  orderDate: string;
  shipToRegion: string;
  lines: PricedLine[];
  adjustments: PriceAdjustment[];
  orderAmount: string;
  requestedOffset: string;
  rebateOffset: string;
  payableAmount: string;
  pricing: StoredPricing;
  ruleVersions: RuleVersionUsed[];
  trace: TraceEntry[];
  explanation: PlainExplanation;
}

/** The contract's own names of the orderPricing outputs; anything else a rule set gives is its own figure. */
const CONTRACT_OUTPUTS = new Set(['orderAmount', 'lines', 'orderAdjustments', 'freeGoods']);
const CONTRACT_LINE_OUTPUTS = new Set(['sku', 'netUnitPrice', 'lineAmount', 'adjustments']);
const CONTRACT_REBATE_OUTPUTS = new Set(['appliedOffset', 'payableAmount']);
/** Words of a free-goods line whose rule set names no code. */
const FREE_GOODS_WORDS: LocalizedLabel = { zh: '赠品', en: 'Free goods' };

interface RawAdjustment { code: string; kind: PriceAdjustment['kind']; amount: string; rate?: string | null; label?: LocalizedLabel }
interface PricingOutputs {
  orderAmount: string;
  lines: ({ sku: string; netUnitPrice: string; lineAmount: string; adjustments?: RawAdjustment[] } & Record<string, unknown>)[];
  orderAdjustments?: RawAdjustment[];
  freeGoods?: { sku: string; qty: number; code?: string }[];
}

const field = (decl: ItemDecl | undefined, name: string): FieldDecl | undefined => (decl?.items ?? decl)?.fields?.find((f) => f.name === name);
const output = (doc: RuleSetDocument, name: string): FieldDecl | undefined => doc.outputs.find((o) => o.name === name);
const wordsOf = (decl: FieldDecl | undefined, name: string): LocalizedLabel => decl?.label ?? { zh: name, en: name };

/** An adjustment's words: its own label, else the `valueLabels` of the rule set's declared `code` field, else the code. */
function labelled(raw: RawAdjustment, codeDecl: FieldDecl | undefined): PriceAdjustment {
  return { code: raw.code, label: codeWords(raw.code, codeDecl, raw.label), kind: raw.kind, rate: raw.rate ?? null, amount: formatMoney(new Dec(raw.amount)) };
}

function detailOf(decl: FieldDecl, value: unknown): PricingDetail {
  return { name: decl.name, label: wordsOf(decl, decl.name), type: decl.type, value: value ?? null, ...(decl.valueLabels ? { valueLabels: decl.valueLabels } : {}) };
}

/** The figures a rule set gives beyond the contract (its declared outputs not named by it), with their words. */
function detailsOf(doc: RuleSetDocument, outputs: Record<string, unknown>, contract: ReadonlySet<string>): PricingDetail[] {
  return doc.outputs.filter((o) => !contract.has(o.name)).map((o) => detailOf(o, outputs[o.name]));
}

function contractBroken(point: ExtensionPointKey, ruleSet: RuleVersionUsed, problems: AppErrorProblem[]): AppError {
  return new AppError('DMS_ERR_POINT_OUTPUT', { point, ruleSet: ruleSet.key, version: ruleSet.version, problems });
}

/**
 * Runs the `orderPricing` point on built facts and reads its outputs into the one price model:
 * each fact line priced (same order and count, else DMS_ERR_POINT_OUTPUT), labelled adjustments,
 * free-goods lines, order-level adjustments and the rule's own figures.
 */
async function runPricing(ctx: DmsContext, facts: PricingFacts, products: readonly ProductRow[], explain: boolean) {
  const run = await evaluatePoint<PricingOutputs>(ctx, 'orderPricing', facts, facts.orderDate, { explain });
  const doc = run.document;
  const ruleSet = { key: run.ruleSet.key, version: run.ruleSet.version };
  const out = run.outputs;
  const lineDecl = output(doc, 'lines');
  const lineAdjustmentCode = field(field(lineDecl, 'adjustments'), 'code');
  const orderAdjustmentCode = field(output(doc, 'orderAdjustments'), 'code');
  const freeGoodsCode = field(output(doc, 'freeGoods'), 'code');

  const problems: AppErrorProblem[] = [];
  if (out.lines.length !== facts.lines.length) problems.push({ pointer: '/outputs/lines', message: `${out.lines.length} priced lines for ${facts.lines.length} order lines` });
  out.lines.forEach((l, i) => {
    if (facts.lines[i] && l.sku !== facts.lines[i].sku) problems.push({ pointer: `/outputs/lines/${i}/sku`, message: `line ${i + 1} is ${facts.lines[i].sku}, priced as ${l.sku}` });
  });
  const freeSkus = [...new Set((out.freeGoods ?? []).map((f) => f.sku))];
  const freeProducts = freeSkus.length ? await ctx.em.find(Product, { sku: { $in: freeSkus } }, { populate: ['category'] }) : [];
  (out.freeGoods ?? []).forEach((f, i) => {
    if (!freeProducts.some((p) => p.sku === f.sku)) problems.push({ pointer: `/outputs/freeGoods/${i}/sku`, message: `unknown product ${f.sku}` });
  });
  if (problems.length) throw contractBroken('orderPricing', ruleSet, problems);

  const lineFields = ((lineDecl?.items ?? lineDecl)?.fields ?? []).filter((f) => !CONTRACT_LINE_OUTPUTS.has(f.name));
  const lines: PricedLine[] = out.lines.map((l, i) => {
    const p = products[i];
    const extra = Object.fromEntries(Object.entries(l).filter(([k]) => !CONTRACT_LINE_OUTPUTS.has(k)));
    return {
      lineNo: i + 1, productId: p.id, sku: p.sku, name: localName(ctx, p), category: p.category.code, qty: facts.lines[i].qty, free: false,
      listPrice: facts.lines[i].listPrice, adjustments: (l.adjustments ?? []).map((a) => labelled(a, lineAdjustmentCode)),
      netUnitPrice: new Dec(l.netUnitPrice).toFixed(), lineAmount: formatMoney(new Dec(l.lineAmount)), outputs: extra,
    };
  });
  for (const f of out.freeGoods ?? []) {
    const p = freeProducts.find((x) => x.sku === f.sku)!;
    const listPrice = formatMoney(new Dec(p.listPrice));
    const words = f.code ? codeWords(f.code, freeGoodsCode) : FREE_GOODS_WORDS;
    lines.push({
      lineNo: lines.length + 1, productId: p.id, sku: p.sku, name: localName(ctx, p), category: p.category.code, qty: f.qty, free: true, listPrice,
      adjustments: [{ code: f.code ?? '', label: words, kind: 'freeGoods', rate: null, amount: formatMoney(new Dec(listPrice).times(f.qty).neg()) }],
      netUnitPrice: '0', lineAmount: '0.00', outputs: f.code ? { code: f.code } : {},
    });
  }
  return {
    run, ruleSet, lines, orderAmount: formatMoney(new Dec(out.orderAmount)),
    adjustments: (out.orderAdjustments ?? []).map((a) => labelled(a, orderAdjustmentCode)),
    details: detailsOf(doc, out as unknown as Record<string, unknown>, CONTRACT_OUTPUTS),
    lineFields: lineFields.map((f) => ({ name: f.name, label: wordsOf(f, f.name), type: f.type, ...(f.valueLabels ? { valueLabels: f.valueLabels } : {}) })),
  };
}

const localName = (ctx: DmsContext, p: ProductRow) => (ctx.locale === 'en' ? (p.nameEn ?? p.name) : p.name);

/**
 * Prices an order the way the dealer will be charged: the `orderPricing` point on the facts of
 * `buildPricingFacts` (the rule set in effect on the order date), then, when the order asks for an
 * offset and the `rebateOffset` point is bound, that point over the dealer's ledger (less what
 * other submitted orders reserved; the order being priced keeps its own). The order is charged the
 * rule's `orderAmount`; nothing is recomputed here. Reads only: nothing is saved.
 */
export async function priceOrder(ctx: DmsContext, input: {
  dealer: DealerRow; lines: readonly RequestedLine[]; orderDate: string; shipToRegion?: string | null;
  orderFields?: Record<string, unknown>; requestedOffset?: string; orderId?: string;
}): Promise<PricedOrder> {
  const merged = mergeLines(input.lines);
  const products = await productsFor(ctx, merged);
  const facts = await buildPricingFacts(ctx, {
    dealer: input.dealer, orderDate: input.orderDate, shipToRegion: input.shipToRegion, orderFields: input.orderFields,
    lines: merged.map((l, i) => ({ product: products[i], qty: l.qty })),
  });
  const priced = await runPricing(ctx, facts, products, true);
  const requestedOffset = formatMoney(new Dec(input.requestedOffset ?? '0'));

  let rebate: StoredPricing['rebate'] = { ruleSet: null, outputs: { appliedOffset: '0.00', payableAmount: priced.orderAmount }, details: [] };
  let offsetRun: PointEvaluation<Record<string, unknown>> | null = null;
  if (new Dec(requestedOffset).gt(0) && await isPointBound(ctx, 'rebateOffset')) {
    const entries = await offsetEntriesFor(ctx, input.dealer.id, input.orderDate, { excludeOrderId: input.orderId });
    offsetRun = await evaluatePoint(ctx, 'rebateOffset', {
      orderDate: input.orderDate, orderAmount: priced.orderAmount, requestedOffset, tier: facts.tier, dealer: facts.dealer, entries,
    }, input.orderDate, { explain: true });
    const ruleSet = { key: offsetRun.ruleSet.key, version: offsetRun.ruleSet.version };
    const o = offsetRun.outputs as { appliedOffset: string; payableAmount: string };
    const problems: AppErrorProblem[] = [];
    if (new Dec(o.appliedOffset).gt(requestedOffset)) problems.push({ pointer: '/outputs/appliedOffset', message: `applies ${o.appliedOffset}, more than the ${requestedOffset} requested` });
    if (!new Dec(o.payableAmount).eq(new Dec(priced.orderAmount).minus(o.appliedOffset))) problems.push({ pointer: '/outputs/payableAmount', message: `${o.payableAmount} is not the order amount ${priced.orderAmount} less the offset ${o.appliedOffset}` });
    if (problems.length) throw contractBroken('rebateOffset', ruleSet, problems);
    rebate = { ruleSet, outputs: offsetRun.outputs, details: detailsOf(offsetRun.document, offsetRun.outputs, CONTRACT_REBATE_OUTPUTS) };
  }
  const appliedOffset = formatMoney(new Dec(rebate.outputs.appliedOffset as string));
  const payableAmount = formatMoney(new Dec(rebate.outputs.payableAmount as string));
  const ruleVersions = [priced.ruleSet, ...(rebate.ruleSet ? [rebate.ruleSet] : [])];
  const pricing: StoredPricing = { ruleSet: priced.ruleSet, outputs: priced.run.outputs as unknown as Record<string, unknown>, details: priced.details, lineFields: priced.lineFields, rebate };
  const trace = priced.run.trace ?? [];
  return {
    dealerCode: input.dealer.code, tier: facts.tier, orderDate: input.orderDate, shipToRegion: facts.shipToRegion, lines: priced.lines,
    adjustments: priced.adjustments, orderAmount: priced.orderAmount, requestedOffset, rebateOffset: appliedOffset, payableAmount,
    pricing, ruleVersions, trace: keptTrace(trace),
    explanation: explainPricing({
      pricing: { document: priced.run.document, trace, ruleSet: priced.ruleSet },
      lines: priced.lines, adjustments: priced.adjustments, orderAmount: priced.orderAmount,
      offset: offsetRun && rebate.ruleSet ? { document: offsetRun.document, trace: offsetRun.trace ?? [], ruleSet: rebate.ruleSet, appliedOffset, payableAmount } : undefined,
    }),
  };
}

export interface CataloguePrice { tier: string; netUnitPrice: string; adjustments: PriceAdjustment[] }

/**
 * The catalogue at a dealer's price: every product as a one-piece line of one order, through the
 * same facts builder and the same point (its home region as the ship-to, no order fields).
 */
export async function cataloguePrices(ctx: DmsContext, dealer: DealerRow, products: ProductRow[], asOf: string): Promise<Map<string, CataloguePrice>> {
  if (!products.length) return new Map();
  const facts = await buildPricingFacts(ctx, { dealer, orderDate: asOf, lines: products.map((product) => ({ product, qty: 1 })) });
  const priced = await runPricing(ctx, facts, products, false);
  return new Map(priced.lines.filter((l) => !l.free).map((l) => [l.sku, { tier: facts.tier, netUnitPrice: l.netUnitPrice, adjustments: l.adjustments }]));
}
