/**
 * A server select's options come from a GET on this server's API, sent with the user's own token
 * (so a dealer sees only what the API shows a dealer). A form definition cannot point anywhere else.
 */
export function isAllowedSourceUrl(url: unknown): url is string {
  return typeof url === 'string' && /^\/api\/[A-Za-z0-9_\-/]*(\?[A-Za-z0-9_\-.=&%]*)?$/.test(url) && !url.includes('..') && !url.includes('//');
}

export interface SourceItemKeys {
  valueKey: string;
  labelKey: string;
  labelEnKey?: string;
}

export interface SelectOption {
  value: string;
  label: string;
}

/** Options from the items an endpoint answered (an array, or `{ items: [...] }`). */
export function toSelectOptions(answer: unknown, keys: SourceItemKeys, locale: 'zh-CN' | 'en'): SelectOption[] {
  const items = Array.isArray(answer) ? answer : Array.isArray((answer as { items?: unknown })?.items) ? (answer as { items: unknown[] }).items : [];
  const out: SelectOption[] = [];
  for (const item of items) {
    if (typeof item !== 'object' || item === null) continue;
    const row = item as Record<string, unknown>;
    const value = row[keys.valueKey];
    if (value === undefined || value === null) continue;
    const en = keys.labelEnKey ? row[keys.labelEnKey] : undefined;
    const label = locale === 'en' && typeof en === 'string' && en ? en : row[keys.labelKey];
    out.push({ value: String(value), label: `${label ?? value}` });
  }
  return out;
}
