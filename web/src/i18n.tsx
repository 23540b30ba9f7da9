import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { ApiError } from './api';

export type Lang = 'vi' | 'en';

interface I18n {
  lang: Lang;
  setLang(l: Lang): void;
  /** The Vietnamese text, or the English one when the user switched. */
  t(vi: string, en: string): string;
  /** An error in the user's language. */
  err(e: unknown): string;
}

const Ctx = createContext<I18n | null>(null);

const initial = (): Lang => {
  try {
    return localStorage.getItem('lt.lang') === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
};

export function I18nProvider({ children, lang: forced }: { children: ReactNode; lang?: Lang }) {
  const [lang, setLangState] = useState<Lang>(forced ?? initial);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem('lt.lang', l);
    } catch {
      /* private mode */
    }
    document.documentElement.lang = l;
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (vi, en) => (lang === 'vi' ? vi : en),
      err: (e) => {
        const a = e as Partial<ApiError> & { message?: string };
        if (a && typeof a === 'object' && 'messageVi' in a) return lang === 'vi' ? a.messageVi! : a.messageEn!;
        return lang === 'vi' ? 'Đã có lỗi không mong muốn. Vui lòng thử lại.' : 'Something went wrong. Please try again.';
      },
    }),
    [lang, setLang],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('I18nProvider missing');
  return v;
}
