import type { DecisionTableStep, ForEachStep, RuleSetDocument, Step, TraceEntry } from '../../rules/index.js';
import { Dec, groupThousands } from '../../rules/money.js';
import type { PlainExplanation, RuleVersionUsed } from '../entities/order.entity.js';

/** What a priced line carries into its sentence (the order-pricing rule set's outputs plus the product). */
export interface ExplainedLine {
  lineNo: number; sku: string; name: string; qty: number; listPrice: string;
  tierRate: string; breakRate: string; effectiveDiscountRate: string; capApplied: boolean;
  maxDiscountRate: string | null; exactAmount: string; lineAmount: string;
}

export interface ExplainedOffset {
  requestedOffset: string; usableBalance: string; maxOffset: string; appliedOffset: string; payableAmount: string;
}

/** Facts the tables test, in words (the rule set's own labels win when it has them). */
const factWords: Record<string, { zh: string; en: string }> = {
  tier: { zh: '等级', en: 'tier' },
  category: { zh: '品类', en: 'category' },
  qty: { zh: '数量', en: 'quantity' },
};

const percent = (rate: string): string => `${new Dec(rate).times(100).toFixed()}%`;

/** The decision tables run inside the per-line loop, in document order. */
function lineTables(document: RuleSetDocument): { loopId: string; list: string; tables: DecisionTableStep[] } | null {
  const loop = document.steps.find((s: Step): s is ForEachStep => s.kind === 'forEach');
  if (!loop) return null;
  return { loopId: loop.id, list: loop.list, tables: loop.steps.filter((s): s is DecisionTableStep => s.kind === 'decisionTable') };
}

function describeConditions(entry: TraceEntry, lang: 'zh' | 'en', document: RuleSetDocument): string {
  return (entry.conditions ?? []).map((c) => {
    const label = document.inputs.find((i) => i.name === c.fact)?.label?.[lang] ?? factWords[c.fact ?? '']?.[lang] ?? c.fact;
    return `${label} ${c.operator}`;
  }).join(lang === 'zh' ? '，' : ', ');
}

/** One sentence per decision table a line went through: which row matched (or the default), and what it set. */
function tableSentences(trace: TraceEntry[], at: string, loopId: string, tables: DecisionTableStep[], lang: 'zh' | 'en', document: RuleSetDocument): string[] {
  return tables.map((table) => {
    const step = `${loopId}/${table.id}`;
    const label = table.label?.[lang] ?? table.id;
    const hit = trace.find((e) => e.at === at && e.step === step && e.kind === 'row' && e.matched);
    const set = trace.find((e) => e.at === at && e.step === step && e.kind === 'assign')?.assigned ?? {};
    const values = table.outputs.map((o) => {
      const v = set[o.name];
      const shown = o.type === 'rate' && typeof v === 'string' ? percent(v) : JSON.stringify(v);
      return `${o.label?.[lang] ?? o.name} = ${shown}`;
    }).join(', ');
    if (!hit) return lang === 'zh' ? `${label}：无匹配行，取默认值 ${values}` : `${label}: no row matched, default ${values}`;
    const why = describeConditions(hit, lang, document);
    return lang === 'zh' ? `${label}：命中规则行 ${hit.row}（${why}）→ ${values}` : `${label}: row ${hit.row} matched (${why}) → ${values}`;
  });
}

function lineSentence(line: ExplainedLine, lang: 'zh' | 'en'): string {
  const qty = groupThousands(String(line.qty));
  const combined = new Dec(1).minus(new Dec(1).minus(line.tierRate).times(new Dec(1).minus(line.breakRate))).toFixed();
  const head = lang === 'zh' ? `第 ${line.lineNo} 行 ${line.sku}（${line.name}）× ${qty}` : `Line ${line.lineNo} ${line.sku} (${line.name}) × ${qty}`;
  const parts: string[] = [];
  if (lang === 'zh') {
    parts.push(`等级折扣 ${percent(line.tierRate)} 与阶梯折扣 ${percent(line.breakRate)} 相乘叠加：1 − (1 − ${percent(line.tierRate)}) × (1 − ${percent(line.breakRate)}) = ${percent(combined)}`);
    if (line.capApplied) parts.push(`超过该产品最高折扣 ${percent(line.maxDiscountRate!)}，按 ${percent(line.effectiveDiscountRate)} 计`);
    parts.push(`${line.listPrice} × ${qty} × (1 − ${percent(line.effectiveDiscountRate)}) = ${groupThousands(line.exactAmount)}`);
    if (!new Dec(line.exactAmount).eq(line.lineAmount)) parts.push(`四舍五入到分为 ${groupThousands(line.lineAmount)} 元`);
    else parts.push(`行金额 ${groupThousands(line.lineAmount)} 元`);
    return `${head}：${parts.join('；')}。`;
  }
  parts.push(`tier discount ${percent(line.tierRate)} and quantity break ${percent(line.breakRate)} multiply: 1 − (1 − ${percent(line.tierRate)}) × (1 − ${percent(line.breakRate)}) = ${percent(combined)}`);
  if (line.capApplied) parts.push(`above the product's maximum discount ${percent(line.maxDiscountRate!)}, so ${percent(line.effectiveDiscountRate)} applies`);
  parts.push(`${line.listPrice} × ${qty} × (1 − ${percent(line.effectiveDiscountRate)}) = ${groupThousands(line.exactAmount)}`);
  if (!new Dec(line.exactAmount).eq(line.lineAmount)) parts.push(`rounded half-up to the fen: CNY ${groupThousands(line.lineAmount)}`);
  else parts.push(`line amount CNY ${groupThousands(line.lineAmount)}`);
  return `${head}: ${parts.join('; ')}.`;
}

/**
 * The price breakdown in plain words (zh and en), built from the rule trace: for every line the
 * table rows that matched and the arithmetic that followed, then the total and the rebate offset.
 */
export function explainPricing(input: {
  document: RuleSetDocument; trace: TraceEntry[]; lines: ExplainedLine[]; orderAmount: string;
  pricing: RuleVersionUsed; offset?: { result: ExplainedOffset; ruleSet: RuleVersionUsed };
}): PlainExplanation {
  const out: PlainExplanation = { zh: [], en: [] };
  const tables = lineTables(input.document);
  for (const lang of ['zh', 'en'] as const) {
    input.lines.forEach((line, i) => {
      const detail = tables ? tableSentences(input.trace, `${tables.list}[${i}]`, tables.loopId, tables.tables, lang, input.document) : [];
      out[lang].push(lineSentence(line, lang), ...detail.map((s) => `  · ${s}`));
    });
    const rs = `${input.pricing.key} v${input.pricing.version}`;
    out[lang].push(lang === 'zh'
      ? `订单金额 = 各行金额之和 = ${groupThousands(input.orderAmount)} 元（规则集 ${rs}）。`
      : `Order amount = sum of the line amounts = CNY ${groupThousands(input.orderAmount)} (rule set ${rs}).`);
    if (input.offset) {
      const o = input.offset.result;
      const ors = `${input.offset.ruleSet.key} v${input.offset.ruleSet.version}`;
      out[lang].push(lang === 'zh'
        ? `返利抵扣：申请 ${groupThousands(o.requestedOffset)}，可用余额 ${groupThousands(o.usableBalance)}，上限为订单金额的 10%（向下取到分）${groupThousands(o.maxOffset)}，取三者最小 ${groupThousands(o.appliedOffset)}；应付 ${groupThousands(o.payableAmount)} 元（规则集 ${ors}）。`
        : `Rebate offset: requested ${groupThousands(o.requestedOffset)}, usable balance ${groupThousands(o.usableBalance)}, cap 10% of the order floored to the fen ${groupThousands(o.maxOffset)}; the smallest, ${groupThousands(o.appliedOffset)}, applies; payable CNY ${groupThousands(o.payableAmount)} (rule set ${ors}).`);
    }
  }
  return out;
}

/** The part of a trace worth keeping on an order: matched rows and assignments (unmatched rows dropped). */
export function keptTrace(trace: TraceEntry[]): TraceEntry[] {
  return trace.filter((e) => e.kind !== 'row' || e.matched);
}
