import { signal } from '@preact/signals';
import { en } from './locales/en';
import { tr, type Messages } from './locales/tr';

/** The console's languages, which are also the locales content (canned responses, answers, articles) is written in. */
export const LOCALES = ['tr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type MessageKey = keyof Messages;

const dictionaries: Record<Locale, Messages> = { tr, en };

function initialLocale(): Locale {
  const saved = localStorage.getItem('destek.locale');
  if (saved === 'tr' || saved === 'en') return saved;
  return navigator.languages.some((l) => l.toLowerCase().startsWith('tr')) ? 'tr' : 'en';
}

export const locale = signal<Locale>(initialLocale());

export function setLocale(l: Locale): void {
  locale.value = l;
  localStorage.setItem('destek.locale', l);
  document.documentElement.lang = l;
}

/** A message in the agent's language; `{name}` placeholders are filled from `values`. */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  const text = dictionaries[locale.value][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** Turkish-aware comparison and folding: İ/ı sort and match as Turkish readers expect. */
export const collator = () => new Intl.Collator(locale.value, { sensitivity: 'base', numeric: true });
export const fold = (s: string) =>
  s
    .toLocaleLowerCase('tr')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i');

export const formatDateTime = (iso: string) => new Intl.DateTimeFormat(locale.value, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));

/** "in 42 min", "3 h ago": the SLA and update times of the list. */
export function relative(iso: string, now = Date.now()): string {
  const minutes = Math.round((new Date(iso).getTime() - now) / 60_000);
  const rtf = new Intl.RelativeTimeFormat(locale.value, { numeric: 'auto', style: 'short' });
  if (Math.abs(minutes) < 60) return rtf.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 48) return rtf.format(hours, 'hour');
  return rtf.format(Math.round(hours / 24), 'day');
}
