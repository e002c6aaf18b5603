import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { setMessages } from '../api/client.ts';
import { CATALOGUES, type Locale, type Messages } from './messages.ts';

interface I18n {
  readonly locale: Locale;
  readonly m: Messages;
  setLocale(locale: Locale): void;
}

const I18nContext = createContext<I18n | null>(null);
const STORAGE_KEY = 'chengxin.locale';

const initialLocale = (): Locale => {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en-US' ? 'en-US' : 'zh-CN';
};

export const I18nProvider = ({ children }: { children: ReactNode }) => {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const value = useMemo<I18n>(() => {
    // Set during render, not in an effect: children's effects (the session check) run first
    // and may already fail. Idempotent, so a repeated render does no harm.
    setMessages(CATALOGUES[locale]);
    dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
    document.documentElement.lang = locale;
    return {
      locale,
      m: CATALOGUES[locale],
      setLocale: (next) => {
        localStorage.setItem(STORAGE_KEY, next);
        setLocaleState(next);
      },
    };
  }, [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
};

/** The current catalogue: `const { m } = useI18n(); m.nav.ledger`. */
export const useI18n = (): I18n => {
  const context = useContext(I18nContext);
  if (context === null) throw new Error('useI18n outside I18nProvider');
  return context;
};
