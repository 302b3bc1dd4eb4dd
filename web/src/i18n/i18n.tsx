import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { setErrorLanguage } from '../api/error-messages';
import { en, type Messages } from './en';
import { formatDate, formatDateTime, formatMoney, formatNumber, formatSigned } from './format';
import { fr } from './fr';

export const LANGUAGES = ['en', 'fr'] as const;
export type Lang = (typeof LANGUAGES)[number];

const DICTIONARIES: Record<Lang, Messages> = { en, fr };
/** The Intl locale of each language: dates day-first and 24-hour in both. */
const LOCALES: Record<Lang, string> = { en: 'en-GB', fr: 'fr-FR' };

interface Plural {
  one: string;
  other: string;
}
type TextPaths<T> = {
  [K in keyof T & string]: T[K] extends string ? K : T[K] extends Plural ? never : `${K}.${TextPaths<T[K]>}`;
}[keyof T & string];
type PluralPaths<T> = {
  [K in keyof T & string]: T[K] extends string
    ? never
    : T[K] extends Plural
      ? K
      : `${K}.${PluralPaths<T[K]>}`;
}[keyof T & string];

export type TextKey = TextPaths<Messages>;
export type PluralKey = PluralPaths<Messages>;
/** Groups of labels for values the server sends (statuses, reasons, roles …). */
export type LabelGroup = 'status' | 'payment' | 'event' | 'moveType' | 'reason' | 'role';
type Vars = Readonly<Record<string, string | number>>;

const GLOBAL_KEY = 'coulisse.lang';
const userKey = (userId: string) => `coulisse.lang.${userId}`;

function lookup(messages: Messages, path: string): unknown {
  let node: unknown = messages;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function interpolate(template: string, vars: Vars | undefined, number: (n: number) => string): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? number(value) : value;
  });
}

function readStored(key: string): Lang | null {
  try {
    const value = window.localStorage.getItem(key);
    return value === 'en' || value === 'fr' ? value : null;
  } catch {
    return null;
  }
}

function store(key: string, lang: Lang): void {
  try {
    window.localStorage.setItem(key, lang);
  } catch {
    // Private browsing may refuse storage; the choice then lasts for this page only.
  }
}

function initialLanguage(): Lang {
  return readStored(GLOBAL_KEY) ?? (navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en');
}

export interface I18n {
  lang: Lang;
  locale: string;
  setLang(lang: Lang): void;
  /** Whose choice is remembered: each user keeps their own language on this browser. */
  setUser(userId: string | null): void;
  t(key: TextKey, vars?: Vars): string;
  plural(key: PluralKey, count: number, vars?: Vars): string;
  /** The label of a server value, or the value itself when it is new to this UI. */
  label(group: LabelGroup, value: string): string;
  money(minor: number | null | undefined, currency: string): string;
  number(value: number): string;
  signed(value: number): string;
  dateTime(iso: string | null | undefined): string;
  date(iso: string | null | undefined): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLanguage);
  const [userId, setUserId] = useState<string | null>(null);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setUser = useCallback((id: string | null) => {
    setUserId(id);
    if (id !== null) {
      const chosen = readStored(userKey(id));
      if (chosen) setLangState(chosen);
    }
  }, []);

  const setLang = useCallback(
    (next: Lang) => {
      setLangState(next);
      store(GLOBAL_KEY, next);
      if (userId !== null) store(userKey(userId), next);
    },
    [userId],
  );

  const value = useMemo<I18n>(() => {
    setErrorLanguage(lang);
    const messages = DICTIONARIES[lang];
    const locale = LOCALES[lang];
    const number = (n: number) => formatNumber(locale, n);
    const rules = new Intl.PluralRules(locale);
    return {
      lang,
      locale,
      setLang,
      setUser,
      t: (key, vars) => {
        const text = lookup(messages, key);
        return typeof text === 'string' ? interpolate(text, vars, number) : key;
      },
      plural: (key, count, vars) => {
        const forms = lookup(messages, key) as Plural | undefined;
        if (!forms) return key;
        const form = rules.select(count) === 'one' ? forms.one : forms.other;
        return interpolate(form, { count, ...vars }, number);
      },
      label: (group, raw) => {
        const text = (messages[group] as Record<string, string>)[raw];
        return text ?? raw;
      },
      money: (minor, currency) => formatMoney(locale, minor, currency),
      number,
      signed: (n) => formatSigned(locale, n),
      dateTime: (iso) => formatDateTime(locale, iso),
      date: (iso) => formatDate(locale, iso),
    };
  }, [lang, setLang, setUser]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
