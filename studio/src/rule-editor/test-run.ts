import type { FieldDecl, RuleContext, RuleSetDocument, TestCaseResult, TraceEntry, ConditionTrace } from '../../../rules/index';
import { compileRuleSet, formatMoney, parseDecimal, runTestCases } from '../../../rules/index';
import { groupThousands } from '../../../rules/money';

/**
 * The test-case panel's runner: runTestCases from rules/ (the check the server makes before it
 * publishes) on the document being edited, plus, for each failing case, the explain trace of the
 * same compiled rule set so the author sees which rows and conditions matched.
 */
export interface CaseRun extends TestCaseResult {
  index: number;
  expected: Record<string, unknown>;
  trace?: TraceEntry[];
}

export interface TestRun {
  passed: number;
  failed: number;
  cases: CaseRun[];
}

export function runDocumentTestCases(doc: RuleSetDocument, ctx: RuleContext = {}): TestRun {
  const report = runTestCases(doc, ctx);
  const cases = doc.testCases ?? [];
  let compiled: ReturnType<typeof compileRuleSet> | undefined;
  const traceOf = (input: Record<string, unknown>): TraceEntry[] | undefined => {
    try {
      compiled ??= compileRuleSet(doc, ctx);
      return compiled.evaluate(input, { explain: true }).trace;
    } catch {
      return undefined; // the error itself is in the result
    }
  };
  const runs = report.results.map((r, index): CaseRun => ({
    ...r,
    index,
    expected: cases[index]?.expected ?? {},
    ...(r.ok ? {} : { trace: traceOf(cases[index]?.input ?? {}) }),
  }));
  return { passed: report.passed, failed: report.failed, cases: runs };
}

/** Declared types by name (inputs, outputs and the fields of list items), to format values by type. */
export function declaredTypes(doc: Pick<RuleSetDocument, 'inputs' | 'outputs'>): Map<string, string> {
  const types = new Map<string, string>();
  const walk = (decls: readonly FieldDecl[] | undefined) => {
    for (const d of decls ?? []) {
      if (d.name && !types.has(d.name)) types.set(d.name, d.type);
      walk(d.fields);
      walk(d.items?.fields);
    }
  };
  walk(doc.inputs);
  walk(doc.outputs);
  return types;
}

/** Money to the fen with thousands separators ("¥139,331.75"); a value with more decimals is shown as it is. */
export function formatMoneyText(v: unknown): string {
  const d = parseDecimal(v);
  if (d === undefined) return JSON.stringify(v);
  let text: string;
  try { text = formatMoney(d); } catch { text = d.toFixed(); }
  const grouped = groupThousands(text);
  return grouped.startsWith('-') ? `-¥${grouped.slice(1)}` : `¥${grouped}`;
}

export function formatValue(v: unknown, type?: string): string {
  if (type === 'money' && (typeof v === 'string' || typeof v === 'number')) return formatMoneyText(v);
  if (v === undefined) return '—';
  if (typeof v === 'string') return type === 'enum' || type === 'string' || type === 'date' ? v : JSON.stringify(v);
  return JSON.stringify(v);
}

export interface TraceLine {
  depth: number;
  text: string;
  /** true matched, false did not, undefined: an assignment or not evaluated. */
  matched?: boolean;
  kind: TraceEntry['kind'] | 'condition';
}

type Say = (zh: string, en: string) => string;
const zhOnly: Say = (zh) => zh;

function conditionLines(c: ConditionTrace, depth: number, types: Map<string, string>, out: TraceLine[], t: Say) {
  if (c.group || c.condition) {
    const head = c.condition ? t(`条件 ${c.condition}`, `condition ${c.condition}`) : c.group === 'all' ? t('全部满足 (all)', 'all of') : c.group === 'any' ? t('任一满足 (any)', 'any of') : t('非 (not)', 'not');
    out.push({ depth, text: head, matched: c.result, kind: 'condition' });
    for (const child of c.children ?? []) conditionLines(child, depth + 1, types, out, t);
    return;
  }
  const type = c.fact ? types.get(c.fact) : undefined;
  const path = c.path ? ` ${c.path}` : '';
  const value = c.value !== undefined ? ` ${formatValue(c.value, type)}` : '';
  out.push({ depth, text: `${c.fact ?? ''}${path} = ${formatValue(c.factValue, type)} → ${c.operator ?? ''}${value}`, matched: c.result, kind: 'condition' });
}

/**
 * The trace as indented lines: rules and rows with their conditions (fact value seen, test,
 * result) and the values each step assigned, money to the fen. `onlyMatched` drops the rules and
 * rows that did not match.
 */
export function formatTrace(trace: readonly TraceEntry[], doc: Pick<RuleSetDocument, 'inputs' | 'outputs'>, onlyMatched = true, t: Say = zhOnly): TraceLine[] {
  const types = declaredTypes(doc);
  const out: TraceLine[] = [];
  for (const e of trace) {
    const where = e.at ? ` [${e.at}]` : '';
    if (e.kind === 'row' || e.kind === 'rule') {
      if (onlyMatched && !e.matched) continue;
      const what = e.kind === 'row' ? t(`行 ${e.row}`, `row ${e.row}`) : t(`规则 ${e.rule}`, `rule ${e.rule}`);
      out.push({ depth: 0, text: `${e.step}${where} · ${what}`, matched: e.matched, kind: e.kind });
      for (const c of e.conditions ?? []) conditionLines(c, 1, types, out, t);
      continue;
    }
    const assigned = Object.entries(e.assigned ?? {}).map(([k, v]) => `${k} = ${formatValue(v, types.get(k))}`).join('; ');
    const from = e.kind === 'output' ? t(`输出 ${e.variable} ← ${e.from}`, `output ${e.variable} ← ${e.from}`) : `${e.step}${where}`;
    out.push({ depth: 0, text: assigned ? `${from}: ${assigned}` : from, kind: e.kind });
  }
  return out;
}
