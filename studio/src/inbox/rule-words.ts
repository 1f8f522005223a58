/**
 * The rule evaluations of an instance in plain words, from the timeline's `ruleEvaluated` events:
 * what came out (amounts, the approval decision, its reasons and approvers) and which rules or rows
 * matched. Known output names get a sentence; anything else is shown as "name = value".
 */
import { groupThousands } from '../../../rules/money';

export type Lang = 'zh' | 'en';
type Words = { zh: string; en: string };

export interface TraceCondition { fact?: string; operator?: string; value?: unknown; factValue?: unknown; result?: boolean; children?: TraceCondition[] }
export interface TraceLine { step: string; kind: string; at?: string; rule?: string; row?: string; matched?: boolean; conditions?: TraceCondition[] }
export interface RuleEvaluation {
  ruleSetKey: string; version?: number; nodeId?: string;
  inputs?: Record<string, unknown>; outputs?: Record<string, unknown>; trace?: TraceLine[]; redacted?: boolean;
}
export interface RoleName { role: string; region?: string | null; name?: Words }
export interface Explained { title: string; sentences: string[]; matched: string[] }

/** The reason codes of the seeded approval routing (RS5); other codes are shown as they are. */
export const reasonWords: Record<string, Words> = {
  DEALER_NOT_ACTIVE: { zh: '经销商不是正常状态', en: 'the dealer is not active' },
  OVERDUE_OVER_90_DAYS: { zh: '应收逾期超过 90 天（信用冻结）', en: 'receivables overdue more than 90 days (credit frozen)' },
  AMOUNT_OVER_5M: { zh: '订单金额超过 5,000,000.00', en: 'the order amount exceeds 5,000,000.00' },
  AMOUNT_OVER_1M: { zh: '订单金额超过 1,000,000.00', en: 'the order amount exceeds 1,000,000.00' },
  AMOUNT_OVER_500K: { zh: '订单金额超过白金经销商的 500,000.00 门槛', en: 'the order amount exceeds the 500,000.00 threshold of platinum dealers' },
  AMOUNT_OVER_200K: { zh: '订单金额超过 200,000.00 门槛', en: 'the order amount exceeds the 200,000.00 threshold' },
  CREDIT_EXCEEDED: { zh: '应付金额超过可用信用额度', en: 'the payable amount exceeds the available credit' },
  CREDIT_EXCESS_OVER_20PCT: { zh: '超出信用额度的部分大于额度的 20%', en: 'the credit excess is over 20% of the credit limit' },
  OVERDUE_1_TO_90_DAYS: { zh: '有 1–90 天的应收逾期', en: 'receivables overdue 1–90 days' },
  SHIP_TO_OUTSIDE_AUTHORIZED_REGION: { zh: '收货地不在授权区域内（防窜货）', en: 'the ship-to is outside the authorized regions (anti-diversion)' },
  SHIP_TO_OTHER_TOP_REGION: { zh: '收货地属于其他大区', en: 'the ship-to lies in another top region' },
};

const decisionWords: Record<string, Words> = {
  PENDING_APPROVAL: { zh: '需要人工审批', en: 'needs approval' },
  AUTO_APPROVED: { zh: '自动通过', en: 'approved automatically' },
  REJECTED: { zh: '前置检查未通过，直接驳回', en: 'rejected by the pre-checks' },
};

const moneyWords: Record<string, Words> = {
  orderAmount: { zh: '订单金额', en: 'Order amount' },
  usableBalance: { zh: '可用返利余额', en: 'Usable rebate balance' },
  maxOffset: { zh: '本单最多可抵扣', en: 'Maximum offset for this order' },
  appliedOffset: { zh: '本单返利抵扣', en: 'Rebate offset applied' },
  payableAmount: { zh: '应付金额', en: 'Payable amount' },
  availableCredit: { zh: '可用信用额度', en: 'Available credit' },
  creditExcess: { zh: '超出信用额度', en: 'Credit excess' },
  shippingCost: { zh: '运费', en: 'Shipping cost' },
};

/** "1241856.00" → "1,241,856.00"; other values unchanged. */
export function groupMoney(v: unknown): string {
  if (typeof v !== 'string' || !/^-?\d+(\.\d+)?$/.test(v)) return typeof v === 'string' ? v : JSON.stringify(v);
  return groupThousands(v);
}

/** "0.1376" → "13.76%", exact on the decimal string (no floating point). */
export function percent(rate: unknown): string {
  if (typeof rate !== 'string' || !/^-?\d+(\.\d+)?$/.test(rate)) return String(rate);
  const [int, frac = ''] = rate.replace('-', '').split('.');
  const f = frac.padEnd(2, '0');
  const whole = (int + f.slice(0, 2)).replace(/^0+(?=\d)/, '');
  const rest = f.slice(2).replace(/0+$/, '');
  return `${rate.startsWith('-') ? '-' : ''}${whole}${rest ? `.${rest}` : ''}%`;
}

/** A routing step as people read it: the role's name and region (the tenant's names when known). */
export function describeStep(step: { role?: unknown; region?: unknown }, lang: Lang, roles: RoleName[] = []): string {
  const role = String(step.role ?? '');
  const name = roles.find((r) => r.role === role && r.name)?.name?.[lang] ?? role;
  if (!step.region) return name;
  return lang === 'zh' ? `${name}（${String(step.region)}）` : `${name} (${String(step.region)})`;
}

function describeLine(l: Record<string, unknown>, lang: Lang): string {
  const qty = groupMoney(String(l.qty ?? ''));
  const cap = l.capApplied === true ? (lang === 'zh' ? '（已按产品最高折扣封顶）' : ' (capped at the product’s maximum discount)') : '';
  return lang === 'zh'
    ? `${String(l.sku)} × ${qty}：等级折扣 ${percent(l.tierRate)}，量折 ${percent(l.breakRate)}，实际折扣 ${percent(l.effectiveDiscountRate)}${cap}，净单价 ${String(l.netUnitPrice)}，行金额 ${groupMoney(l.lineAmount)}`
    : `${String(l.sku)} × ${qty}: tier discount ${percent(l.tierRate)}, volume break ${percent(l.breakRate)}, effective ${percent(l.effectiveDiscountRate)}${cap}, net unit price ${String(l.netUnitPrice)}, line amount ${groupMoney(l.lineAmount)}`;
}

/** The sentences for one evaluation's outputs, known names first in a fixed order. */
export function describeOutputs(outputs: Record<string, unknown>, lang: Lang, roles: RoleName[] = []): string[] {
  const out: string[] = [];
  const done = new Set<string>();
  if (typeof outputs.decision === 'string') {
    const d = decisionWords[outputs.decision]?.[lang] ?? outputs.decision;
    out.push(lang === 'zh' ? `审批结论：${d}` : `Decision: ${d}`);
    done.add('decision');
  }
  if (Array.isArray(outputs.reasonCodes)) {
    const reasons = outputs.reasonCodes.map((c) => reasonWords[String(c)]?.[lang] ?? String(c));
    if (reasons.length) out.push(lang === 'zh' ? `原因：${reasons.join('；')}` : `Because ${reasons.join('; ')}`);
    done.add('reasonCodes');
  }
  if (Array.isArray(outputs.steps)) {
    const steps = outputs.steps.map((s) => describeStep((s ?? {}) as Record<string, unknown>, lang, roles));
    out.push(steps.length
      ? (lang === 'zh' ? `审批人（依次）：${steps.join(' → ')}` : `Approvers, in order: ${steps.join(' → ')}`)
      : (lang === 'zh' ? '无需审批人' : 'No approver needed'));
    done.add('steps');
  }
  if (Array.isArray(outputs.lines)) {
    for (const l of outputs.lines) if (l && typeof l === 'object') out.push(describeLine(l as Record<string, unknown>, lang));
    done.add('lines');
  }
  for (const [name, words] of Object.entries(moneyWords)) {
    if (outputs[name] === undefined) continue;
    out.push(`${words[lang]}${lang === 'zh' ? '：' : ': '}${groupMoney(outputs[name])}`);
    done.add(name);
  }
  for (const [name, value] of Object.entries(outputs)) {
    if (!done.has(name)) out.push(`${name} = ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  return out;
}

/** Rules and table rows that matched, with where (a line of a loop) — "P1", "PLATINUM-MCU (lines[0])". */
export function matchedRules(trace: TraceLine[] = []): string[] {
  return trace
    .filter((e) => e.matched === true && (e.rule !== undefined || e.row !== undefined))
    .map((e) => `${e.rule ?? e.row}${e.at ? ` (${e.at})` : ''}`);
}

export function explainRuleEvaluation(e: RuleEvaluation, lang: Lang, ruleSetName?: string, roles: RoleName[] = []): Explained {
  const title = `${ruleSetName ?? e.ruleSetKey}${e.version !== undefined ? ` v${e.version}` : ''}`;
  if (e.redacted) {
    return { title, sentences: [lang === 'zh' ? '该规则的输入与结果涉及你无权查看的字段，已隐藏。' : 'Its inputs and results involve fields hidden from you.'], matched: [] };
  }
  return { title, sentences: describeOutputs(e.outputs ?? {}, lang, roles), matched: matchedRules(e.trace) };
}
