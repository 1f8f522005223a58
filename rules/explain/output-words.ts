import type { FieldDecl, ItemDecl, LocalizedText } from '../rule-set.types.js';
import { valueText, type Lang } from './narrate.js';

/**
 * A rule set's results in the tenant's words, from its declared outputs only: each output's label,
 * enum values by their `valueLabels`, role codes by the manifest's role names and regions by the
 * region tree's names. Nothing here knows an output's name. Pure: the server's order timeline and
 * the studio's inbox both use it.
 */
export interface Named { code: string; name: string; nameEn?: string | null }
export interface OutputWordsContext { roles?: readonly Named[]; regions?: readonly Named[] }
export interface OutputWords { name: string; label: string; text: string }

/** A code's words: the label the result gives itself, else the `valueLabels` of its declared enum, else the code. */
export function codeWords(code: string, decl: ItemDecl | undefined, own?: LocalizedText): LocalizedText {
  return own ?? decl?.valueLabels?.[code] ?? { zh: code, en: code };
}

const sep = { zh: '；', en: '; ' } as const;
const listSep = { zh: '、', en: ', ' } as const;

function nameOf(list: readonly Named[] | undefined, code: string, lang: Lang): string | undefined {
  const hit = list?.find((x) => x.code === code);
  return hit ? (lang === 'en' ? hit.nameEn ?? hit.name : hit.name) : undefined;
}

/** One value by its declaration; a string that is a role code reads as the role's name, a region as the region's. */
function scalarText(v: unknown, d: ItemDecl | undefined, lang: Lang, ctx: OutputWordsContext): string {
  if (typeof v === 'string' && !d?.valueLabels?.[v]) {
    const region = d?.type === 'region' || d === undefined || d.type === 'string' ? nameOf(ctx.regions, v, lang) : undefined;
    const role = nameOf(ctx.roles, v, lang);
    if (role) return role;
    if (region) return region;
  }
  return valueText(v, d ? { type: d.type, valueLabels: d.valueLabels, items: d.items } : undefined, lang);
}

const empty = (v: unknown) => v === null || v === undefined || v === '';

/** An object in words: its first field's value, the others after it in brackets ("大区经理（华东大区）"). */
function objectText(o: Record<string, unknown>, fields: readonly FieldDecl[] | undefined, lang: Lang, ctx: OutputWordsContext): string {
  const decl = new Map((fields ?? []).map((f) => [f.name, f]));
  const names = [...(fields ?? []).map((f) => f.name), ...Object.keys(o).filter((k) => !decl.has(k))];
  const parts = names.filter((n) => !empty(o[n])).map((n) => valueInWords(o[n], decl.get(n), lang, ctx));
  if (parts.length <= 1) return parts[0] ?? '—';
  const rest = parts.slice(1).join(listSep[lang]);
  return lang === 'zh' ? `${parts[0]}（${rest}）` : `${parts[0]} (${rest})`;
}

/** Any output value in words; a list of objects that name roles is a chain (A → B), other lists are enumerations. */
export function valueInWords(v: unknown, d: ItemDecl | undefined, lang: Lang, ctx: OutputWordsContext = {}): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return lang === 'zh' ? '无' : 'none';
    const items = v.map((x) => valueInWords(x, d?.items, lang, ctx));
    const chain = v.some((x) => x && typeof x === 'object' && Object.values(x).some((y) => typeof y === 'string' && ctx.roles?.some((r) => r.code === y)));
    return items.join(chain ? ' → ' : v.some((x) => x && typeof x === 'object') ? sep[lang] : listSep[lang]);
  }
  if (v && typeof v === 'object') return objectText(v as Record<string, unknown>, d?.fields, lang, ctx);
  return scalarText(v, d, lang, ctx);
}

/** Every output that has a value, declared ones first in their order, as "label: value" parts. */
export function outputsInWords(declared: readonly FieldDecl[] | undefined, outputs: Record<string, unknown>, lang: Lang, ctx: OutputWordsContext = {}): OutputWords[] {
  const decl = new Map((declared ?? []).map((f) => [f.name, f]));
  const names = [...(declared ?? []).map((f) => f.name), ...Object.keys(outputs).filter((k) => !decl.has(k))];
  return names.filter((n) => outputs[n] !== undefined && outputs[n] !== null).map((n) => {
    const d = decl.get(n);
    const label = (d?.label as LocalizedText | undefined)?.[lang] ?? n;
    return { name: n, label, text: valueInWords(outputs[n], d, lang, ctx) };
  });
}

/** The parts as one sentence: "审批结论：需要审批；审批步骤：…". */
export function outputsSentence(parts: readonly OutputWords[], lang: Lang): string {
  return parts.map((p) => `${p.label}${lang === 'zh' ? '：' : ': '}${p.text}`).join(sep[lang]);
}
