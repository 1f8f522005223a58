/**
 * The rule evaluations of an instance in plain words, from the timeline's `ruleEvaluated` events:
 * what came out, worded by the rule set's declared outputs (labels, valueLabels) and the tenant's
 * role and region names, and which rules or rows matched. No output name is known here.
 */
import { outputsInWords, type Named } from '../../../rules/explain/output-words';
import { groupThousands } from '../../../rules/money';
import type { FieldDecl } from '../../../rules/rule-set.types';

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

/**
 * What words a rule set's results are told in: its declared outputs (labels, valueLabels — from
 * the tenant vocabulary's ruleSets) and the tenant's role and region names. Without them every
 * output reads "name: value" and codes stand for themselves.
 */
export interface ResultWords {
  outputs?: readonly FieldDecl[];
  name?: Words | null;
  roles?: readonly Named[];
  regions?: readonly Named[];
}

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

/** One sentence per output that has a value, declared outputs first in their order, each in the rule set's own words. */
export function describeOutputs(outputs: Record<string, unknown>, lang: Lang, words: ResultWords = {}): string[] {
  return outputsInWords(words.outputs, outputs, lang, { roles: words.roles, regions: words.regions })
    .map((p) => `${p.label}${lang === 'zh' ? '：' : ': '}${p.text}`);
}

/** Rules and table rows that matched, with where (a line of a loop) — "P1", "row-3 (lines[0])". */
export function matchedRules(trace: TraceLine[] = []): string[] {
  return trace
    .filter((e) => e.matched === true && (e.rule !== undefined || e.row !== undefined))
    .map((e) => `${e.rule ?? e.row}${e.at ? ` (${e.at})` : ''}`);
}

export function explainRuleEvaluation(e: RuleEvaluation, lang: Lang, ruleSetName?: string, words: ResultWords = {}): Explained {
  const title = `${ruleSetName ?? words.name?.[lang] ?? e.ruleSetKey}${e.version !== undefined ? ` v${e.version}` : ''}`;
  if (e.redacted) {
    return { title, sentences: [lang === 'zh' ? '该规则的输入与结果涉及你无权查看的字段，已隐藏。' : 'Its inputs and results involve fields hidden from you.'], matched: [] };
  }
  return { title, sentences: describeOutputs(e.outputs ?? {}, lang, words), matched: matchedRules(e.trace) };
}
