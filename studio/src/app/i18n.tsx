import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export type Locale = 'zh-CN' | 'en';
const STORAGE_KEY = 'cf.locale';

interface LocaleState {
  locale: Locale;
  setLocale(locale: Locale): void;
}

const LocaleContext = createContext<LocaleState>({ locale: 'zh-CN', setLocale: () => {} });

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => (localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN'));
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next;
    setLocaleState(next);
  }, []);
  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export const useLocale = () => useContext(LocaleContext);

/** Text in both languages at the call site: `t('保存', 'Save')`. zh-CN is the default. */
export function useT(): (zh: string, en: string) => string {
  const { locale } = useLocale();
  return useCallback((zh: string, en: string) => (locale === 'en' ? en : zh), [locale]);
}

/** A `{ zh, en }` label of a document (rule set, node type, form) in the current locale. */
export function useLabel(): (label: { zh?: string; en?: string } | string | undefined, fallback?: string) => string {
  const { locale } = useLocale();
  return useCallback((label, fallback = '') => {
    if (label === undefined) return fallback;
    if (typeof label === 'string') return label;
    return (locale === 'en' ? label.en ?? label.zh : label.zh ?? label.en) ?? fallback;
  }, [locale]);
}

/** The locale the API is asked to answer in (error messages). */
export const currentLocale = (): Locale => (localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN');
