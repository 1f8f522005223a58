import { narrateTrace, type Lang } from '../../rules/explain/narrate.js';
import type { RuleSetDocument, TraceEntry } from '../../rules/index.js';
import { Dec, groupThousands } from '../../rules/money.js';
import type { PlainExplanation, PriceAdjustment, RuleVersionUsed } from '../entities/order.entity.js';

/** What a priced line carries into its sentence. */
export interface ExplainedLine {
  lineNo: number; sku: string; name: string; qty: number; free: boolean; listPrice: string; adjustments: PriceAdjustment[]; lineAmount: string;
}

interface NarratedRun { document: RuleSetDocument; trace: TraceEntry[]; ruleSet: RuleVersionUsed }

const sep = (lang: Lang) => (lang === 'zh' ? '；' : '; ');
const signed = (amount: string) => (new Dec(amount).lt(0) ? `−${groupThousands(new Dec(amount).abs().toFixed(2))}` : `+${groupThousands(new Dec(amount).toFixed(2))}`);
const percentOf = (rate: string | null) => (rate === null ? '' : ` ${new Dec(rate).times(100).toFixed()}%`);
const ruleSetWords = (run: { document: RuleSetDocument; ruleSet: RuleVersionUsed }, lang: Lang) =>
  lang === 'zh' ? `规则集「${run.document.name.zh}」v${run.ruleSet.version}` : `rule set "${run.document.name.en}" v${run.ruleSet.version}`;

/** "等级折扣 12% −57,600.00": an adjustment in the rule set's words, its rate and signed amount. */
export function adjustmentText(a: PriceAdjustment, lang: Lang): string {
  return `${a.label[lang]}${a.kind === 'percentage' ? percentOf(a.rate) : ''} ${signed(a.amount)}`;
}

function lineHeading(line: ExplainedLine, lang: Lang): string {
  const qty = groupThousands(String(line.qty));
  const head = lang === 'zh' ? `第 ${line.lineNo} 行 ${line.sku}（${line.name}）× ${qty}` : `Line ${line.lineNo} ${line.sku} (${line.name}) × ${qty}`;
  const parts = [lang === 'zh' ? `目录价 ${groupThousands(line.listPrice)}` : `list price ${groupThousands(line.listPrice)}`];
  parts.push(...line.adjustments.map((a) => adjustmentText(a, lang)));
  parts.push(lang === 'zh' ? `行金额 ${groupThousands(line.lineAmount)} 元` : `line amount CNY ${groupThousands(line.lineAmount)}`);
  return lang === 'zh' ? `${head}：${parts.join(sep(lang))}。` : `${head}: ${parts.join(sep(lang))}.`;
}

/**
 * The price in plain words (zh and en): each line with its adjustments and, under it, what the
 * pricing rule set did for it (narrated from its trace in its own words), the order-level
 * adjustments, the order amount, and the rebate offset narrated the same way. Nothing here knows
 * a tenant's tables, rates or formulas: the words come from the rule sets.
 */
export function explainPricing(input: {
  pricing: NarratedRun; lines: ExplainedLine[]; adjustments: PriceAdjustment[]; orderAmount: string;
  offset?: NarratedRun & { appliedOffset: string; payableAmount: string };
}): PlainExplanation {
  const out: PlainExplanation = { zh: [], en: [] };
  for (const lang of ['zh', 'en'] as const) {
    const said = new Set<number>();
    const itemTitle = (at: string): string | undefined => {
      const m = /^[^/[]+\[(\d+)\]$/.exec(at);
      const line = m ? input.lines[Number(m[1])] : undefined;
      if (!line || line.free) return undefined;
      said.add(line.lineNo);
      return lineHeading(line, lang);
    };
    const narrated = narrateTrace({ document: input.pricing.document, trace: input.pricing.trace, lang, itemTitle });
    for (const line of input.lines) if (!said.has(line.lineNo) && !line.free) out[lang].push(lineHeading(line, lang));
    out[lang].push(...narrated);
    for (const line of input.lines.filter((l) => l.free)) {
      const what = line.adjustments.map((a) => a.label[lang]).join(sep(lang));
      out[lang].push(lang === 'zh'
        ? `第 ${line.lineNo} 行 ${line.sku}（${line.name}）× ${groupThousands(String(line.qty))}：${what}，不计金额。`
        : `Line ${line.lineNo} ${line.sku} (${line.name}) × ${groupThousands(String(line.qty))}: ${what}, free of charge.`);
    }
    if (input.adjustments.length) {
      const list = input.adjustments.map((a) => adjustmentText(a, lang)).join(sep(lang));
      out[lang].push(lang === 'zh' ? `整单调整：${list}。` : `Order adjustments: ${list}.`);
    }
    out[lang].push(lang === 'zh'
      ? `订单金额 ${groupThousands(input.orderAmount)} 元（${ruleSetWords(input.pricing, lang)}）。`
      : `Order amount CNY ${groupThousands(input.orderAmount)} (${ruleSetWords(input.pricing, lang)}).`);
    if (input.offset) {
      const o = input.offset;
      out[lang].push(...narrateTrace({ document: o.document, trace: o.trace, lang }));
      out[lang].push(lang === 'zh'
        ? `返利抵扣 ${groupThousands(o.appliedOffset)} 元，应付 ${groupThousands(o.payableAmount)} 元（${ruleSetWords(o, lang)}）。`
        : `Rebate offset CNY ${groupThousands(o.appliedOffset)}, payable CNY ${groupThousands(o.payableAmount)} (${ruleSetWords(o, lang)}).`);
    }
  }
  return out;
}

/** The part of a trace worth keeping on an order: matched rows and assignments (unmatched rows dropped). */
export function keptTrace(trace: TraceEntry[]): TraceEntry[] {
  return trace.filter((e) => e.kind !== 'row' || e.matched);
}
