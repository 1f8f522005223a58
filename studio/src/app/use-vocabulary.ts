import type { FromSchema } from 'json-schema-to-ts';
import { useEffect, useState } from 'react';
import type { TenantVocabulary } from '../../../schemas/api/vocabulary.schema';
import { useAuth } from '../api/auth';
import { apiGet } from '../api/client';

/** The tenant's words (GET /api/tenant/vocabulary): tiers best first, roles, dictionaries, custom fields, bindings, targets. */
export type Vocabulary = FromSchema<typeof TenantVocabulary>;
export type Lang = 'zh' | 'en';
type Words = { zh?: string; en?: string };

/** What a screen may use before the vocabulary has loaded (or when it cannot): codes stand for themselves. */
export const emptyVocabulary: Vocabulary = {
  tenant: { code: '', name: '', nameEn: null, locale: 'zh-CN', currency: 'CNY' },
  tiers: [], roles: [], dictionaries: {}, customFields: {}, extensionPoints: {}, startForms: {}, targets: {}, ruleSets: [],
};

const pick = (w: Words | undefined, lang: Lang, fallback: string) => (lang === 'en' ? w?.en ?? w?.zh : w?.zh ?? w?.en) ?? fallback;

/** A tier's label in the tenant's words; an unknown code stands for itself. */
export function tierLabel(v: Pick<Vocabulary, 'tiers'>, code: string | null | undefined, lang: Lang): string {
  if (!code) return '';
  return pick(v.tiers.find((t) => t.code === code)?.label, lang, code);
}

/** Tiers sort as the dictionary lists them (best first); a tier outside it goes last, by code. */
export function compareTiers(v: Pick<Vocabulary, 'tiers'>): (a: string, b: string) => number {
  const rank = new Map(v.tiers.map((t, i) => [t.code, i]));
  const n = v.tiers.length;
  return (a, b) => (rank.get(a) ?? n) - (rank.get(b) ?? n) || a.localeCompare(b);
}

/** A role's name as the manifest gives it; an unknown code stands for itself. */
export function roleName(v: Pick<Vocabulary, 'roles'>, code: string, lang: Lang): string {
  const r = v.roles.find((x) => x.code === code);
  if (!r) return code;
  return lang === 'en' ? r.nameEn ?? r.name : r.name;
}

/** An item of a tenant dictionary (product categories, tiers…) in the caller's language. */
export function dictionaryLabel(v: Pick<Vocabulary, 'dictionaries'>, dictionary: string, code: string, lang: Lang): string {
  const items = (v.dictionaries[dictionary] as { items?: { code: string; label?: Words }[] } | undefined)?.items ?? [];
  return pick(items.find((i) => i.code === code)?.label, lang, code);
}

/** The key bound to an extension point (dealerOnboarding → the tenant's onboarding flow), or null when unbound. */
export function boundKey(v: Pick<Vocabulary, 'extensionPoints'>, point: string): string | null {
  const key = v.extensionPoints[point];
  return typeof key === 'string' && key ? key : null;
}

let cached: { user: string; promise: Promise<Vocabulary> } | null = null;

/** One request per signed-in user, shared by every page; a failed load is retried on the next use. */
export function loadVocabulary(userId: string): Promise<Vocabulary> {
  if (cached?.user !== userId) {
    const promise = apiGet<Vocabulary>('/api/tenant/vocabulary');
    cached = { user: userId, promise };
    promise.catch(() => { if (cached?.promise === promise) cached = null; });
  }
  return cached.promise;
}

/**
 * The signed-in user's tenant vocabulary. `loaded` is false until it arrives; until then (and if it
 * cannot be read) `vocabulary` is empty and every code stands for itself.
 */
export function useVocabulary(): { vocabulary: Vocabulary; loaded: boolean; error: unknown } {
  const { user } = useAuth();
  const [state, setState] = useState<{ user: string; vocabulary: Vocabulary } | null>(null);
  const [error, setError] = useState<unknown>();
  const userId = user?.id ?? null;
  useEffect(() => {
    if (!userId) return;
    let live = true;
    loadVocabulary(userId).then((vocabulary) => { if (live) setState({ user: userId, vocabulary }); }, (err) => { if (live) setError(err); });
    return () => { live = false; };
  }, [userId]);
  const ready = state !== null && state.user === userId;
  return { vocabulary: ready ? state.vocabulary : emptyVocabulary, loaded: ready, error };
}
