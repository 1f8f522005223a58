import { Dec, groupThousands } from '../money.js';
import type { DecisionTableStep, FieldDecl, ItemDecl, LocalizedText, RuleSetDocument, Step } from '../rule-set.types.js';
import type { TraceEntry } from './trace.js';

/**
 * A rule trace told in words, with the rule set's own words only: the labels of its inputs,
 * outputs and fields, of its steps, tables, table columns and rows, and the `valueLabels` of its
 * enum values. Formulas are shown as the rule set wrote them, each name replaced by its label.
 * Pure (no I/O): the server narrates a price with it and the studio narrates a test run.
 */
export type Lang = 'zh' | 'en';

export interface NarrateInput {
  document: RuleSetDocument;
  trace: readonly TraceEntry[];
  lang: Lang;
  /** A heading for a forEach position ("lines[0]"); without one the list's label and the position are used. */
  itemTitle?: (at: string, lang: Lang) => string | undefined;
}

/** What a name is in the rule set: its declaration (type, label, value labels), wherever it was declared. */
export interface Declared { label?: LocalizedText; type?: ItemDecl['type']; valueLabels?: Record<string, LocalizedText>; items?: ItemDecl }

/** Every declared name of a rule set (inputs, outputs, their fields at any depth, table columns), the labelled declaration first. */
export function declarations(document: RuleSetDocument): Map<string, Declared> {
  const out = new Map<string, Declared>();
  const put = (name: string, d: Declared) => {
    const seen = out.get(name);
    if (!seen) out.set(name, d);
    else out.set(name, { label: seen.label ?? d.label, type: seen.type ?? d.type, valueLabels: seen.valueLabels ?? d.valueLabels, items: seen.items ?? d.items });
  };
  const walk = (f: FieldDecl | ItemDecl, name?: string) => {
    if (name !== undefined) put(name, { label: (f as FieldDecl).label, type: f.type, valueLabels: f.valueLabels, items: f.items });
    for (const x of f.fields ?? []) walk(x, x.name);
    if (f.items) walk(f.items);
  };
  for (const o of document.outputs) walk(o, o.name);
  for (const i of document.inputs) walk(i, i.name);
  const tables = (steps: readonly Step[]) => {
    for (const s of steps) {
      if (s.kind === 'decisionTable') {
        for (const c of s.inputs) put(c.fact, { label: c.label, type: c.type });
        for (const c of s.outputs) put(c.name, { label: c.label, type: c.type });
      } else if (s.kind === 'forEach') tables(s.steps);
    }
  };
  tables(document.steps);
  return out;
}

const yesNo = { zh: ['是', '否'], en: ['yes', 'no'] } as const;

/** A value in words by its declared type: money grouped, a rate as a percentage, an enum by its label. */
export function valueText(v: unknown, d: Declared | undefined, lang: Lang): string {
  if (v === null || v === undefined) return lang === 'zh' ? '空' : 'none';
  if (typeof v === 'boolean') return yesNo[lang][v ? 0 : 1];
  if (typeof v === 'string' && d?.valueLabels?.[v]) return d.valueLabels[v][lang];
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x !== 'object' || x === null)) return v.map((x) => valueText(x, d?.items ? { ...d.items } : undefined, lang)).join(lang === 'zh' ? '、' : ', ');
    return lang === 'zh' ? `${v.length} 项` : `${v.length} item(s)`;
  }
  if (typeof v === 'object') return JSON.stringify(v);
  const text = String(v);
  if (d?.type === 'rate' && /^-?\d+(\.\d+)?$/.test(text)) return `${new Dec(text).times(100).toFixed()}%`;
  if (d?.type === 'money' && /^-?\d+(\.\d+)?$/.test(text)) return groupThousands(new Dec(text).toFixed(2));
  if ((d?.type === 'decimal' || d?.type === 'integer' || d?.type === 'number') && /^-?\d+(\.\d+)?$/.test(text)) return groupThousands(text);
  return text;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'true', 'false', 'null', 'in']);

/** A formula with every declared name written as its label (strings and function names left as they are). */
export function formulaInWords(source: string, names: Map<string, Declared>, lang: Lang): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '"' || c === "'") {
      const end = source.indexOf(c, i + 1);
      const stop = end < 0 ? source.length : end + 1;
      out += source.slice(i, stop);
      i = stop;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < source.length && /[A-Za-z0-9_.]/.test(source[j])) j++;
      const word = source.slice(i, j);
      const isCall = /^\s*\(/.test(source.slice(j));
      const label = !isCall && !KEYWORDS.has(word) ? names.get(word)?.label?.[lang] : undefined;
      out += label ?? word;
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The step a trace path names ("price-lines/tier-discount"), inside forEach steps. */
function stepAt(document: RuleSetDocument, path: string): Step | undefined {
  let steps: readonly Step[] = document.steps;
  let found: Step | undefined;
  for (const id of path.split('/')) {
    found = steps.find((s) => s.id === id);
    if (!found) return undefined;
    steps = found.kind === 'forEach' ? found.steps : [];
  }
  return found;
}

const join = (parts: string[], lang: Lang) => parts.join(lang === 'zh' ? '，' : ', ');

function assignedText(assigned: Record<string, unknown>, names: Map<string, Declared>, lang: Lang, only?: (name: string) => boolean): string[] {
  return Object.entries(assigned)
    .filter(([name]) => (only ? only(name) : true) && names.get(name)?.label)
    .map(([name, v]) => `${names.get(name)!.label![lang]} = ${valueText(v, names.get(name), lang)}`);
}

function tableSentence(step: DecisionTableStep, hit: TraceEntry | undefined, assign: TraceEntry, names: Map<string, Declared>, lang: Lang): string {
  const label = step.label?.[lang] ?? step.id;
  const outs = join(step.outputs.map((o) => {
    const d = { ...names.get(o.name), ...(o.label ? { label: o.label } : {}), type: o.type };
    return `${d.label?.[lang] ?? o.name} = ${valueText(assign.assigned?.[o.name], d, lang)}`;
  }), lang);
  if (!hit) return lang === 'zh' ? `${label}：无匹配行，取默认值 → ${outs}` : `${label}: no row matched, default → ${outs}`;
  const row = step.rows.find((r, i) => (r.id ?? String(i + 1)) === hit.row);
  const rowLabel = (row as { label?: LocalizedText } | undefined)?.label?.[lang] ?? row?.description ?? hit.row;
  const seen = join((hit.conditions ?? []).map((c) => {
    const col = step.inputs.find((x) => x.fact === c.fact);
    const d = { ...names.get(c.fact ?? ''), ...(col?.label ? { label: col.label } : {}), ...(col ? { type: col.type } : {}) };
    return `${d.label?.[lang] ?? c.fact} ${valueText(c.factValue, d, lang)}`;
  }), lang);
  const why = seen ? (lang === 'zh' ? `（${seen}）` : ` (${seen})`) : '';
  return lang === 'zh' ? `${label}：命中「${rowLabel}」${why}→ ${outs}` : `${label}: "${rowLabel}" matched${why} → ${outs}`;
}

/** The sentences of one run of steps (one forEach position, or the top level). */
function sentencesOf(entries: readonly TraceEntry[], document: RuleSetDocument, names: Map<string, Declared>, lang: Lang): string[] {
  const out: string[] = [];
  const rowHit = new Map<string, TraceEntry>();
  for (const e of entries) {
    const step = stepAt(document, e.step);
    if (e.kind === 'row' && e.matched) { rowHit.set(e.step, e); continue; }
    if (!step) continue;
    const stepLabel = step.label?.[lang];
    if (e.kind === 'assign' && step.kind === 'decisionTable') {
      out.push(tableSentence(step, rowHit.get(e.step), e, names, lang));
      rowHit.delete(e.step);
    } else if (e.kind === 'assign' && step.kind === 'assign') {
      for (const [name, v] of Object.entries(e.assigned ?? {})) {
        const d = names.get(name);
        if (!d?.label || (Array.isArray(v) && v.some((x) => typeof x === 'object' && x !== null))) continue;
        const spec = step.set[name];
        const formula = spec !== null && typeof spec === 'object' && '$expr' in spec && typeof spec.$expr === 'string' ? spec.$expr : null;
        const value = valueText(v, d, lang);
        const text = formula && formulaInWords(formula, names, lang) !== value ? `${d.label[lang]} = ${formulaInWords(formula, names, lang)} = ${value}` : `${d.label[lang]} = ${value}`;
        out.push(stepLabel ? `${stepLabel}${lang === 'zh' ? '：' : ': '}${text}` : text);
      }
    } else if (e.kind === 'assign' && step.kind === 'rules') {
      const rule = e.from?.split(' rule ').at(-1);
      const said = assignedText(e.assigned ?? {}, names, lang);
      const head = stepLabel ?? step.id;
      out.push(lang === 'zh' ? `${head}：${rule ?? ''}${said.length ? ` → ${join(said, lang)}` : ''}` : `${head}: ${rule ?? ''}${said.length ? ` → ${join(said, lang)}` : ''}`);
    } else if (e.kind === 'band') {
      const said = assignedText(e.assigned ?? {}, names, lang);
      if (said.length) out.push(`${stepLabel ?? step.id}${lang === 'zh' ? '：' : ': '}${join(said, lang)}`);
    } else if (e.kind === 'select' && stepLabel) {
      const said = assignedText(e.assigned ?? {}, names, lang);
      if (said.length) out.push(`${stepLabel}${lang === 'zh' ? '：' : ': '}${join(said, lang)}`);
    }
  }
  return out;
}

/**
 * The trace in sentences: for each forEach position (in the order met) a heading and its steps'
 * sentences indented, then the top level's sentences and the labelled scalar outputs.
 */
export function narrateTrace(input: NarrateInput): string[] {
  const { document, trace, lang } = input;
  const names = declarations(document);
  const positions: string[] = [];
  const byAt = new Map<string, TraceEntry[]>();
  const top: TraceEntry[] = [];
  for (const e of trace) {
    if (e.at === undefined) { top.push(e); continue; }
    if (!byAt.has(e.at)) { byAt.set(e.at, []); positions.push(e.at); }
    byAt.get(e.at)!.push(e);
  }
  const out: string[] = [];
  for (const at of positions) {
    const said = sentencesOf(byAt.get(at)!, document, names, lang);
    if (!said.length) continue;
    const m = /^(.*)\[(\d+)\]$/.exec(at.split('/').at(-1) ?? at);
    const fallback = m ? `${names.get(m[1])?.label?.[lang] ?? m[1]} ${Number(m[2]) + 1}` : at;
    out.push(input.itemTitle?.(at, lang) ?? fallback, ...said.map((s) => `  · ${s}`));
  }
  const topSaid = sentencesOf(top.filter((e) => e.kind !== 'output'), document, names, lang);
  out.push(...topSaid);
  for (const e of top.filter((x) => x.kind === 'output')) {
    const d = names.get(e.variable ?? '');
    const v = e.assigned?.[e.variable ?? ''];
    if (!d?.label || (typeof v === 'object' && v !== null)) continue;
    // an output a top-level formula already told is not told twice
    if (topSaid.some((s) => s.startsWith(`${d.label![lang]} = `) || s.includes(`${lang === 'zh' ? '：' : ': '}${d.label![lang]} = `))) continue;
    out.push(`${d.label[lang]} = ${valueText(v, d, lang)}`);
  }
  return out;
}
