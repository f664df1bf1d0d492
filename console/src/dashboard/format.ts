import { locale } from '../i18n';

/** A count in the agent's language (1.234 in Turkish, 1,234 in English). */
export const formatCount = (n: number) => new Intl.NumberFormat(locale.value).format(n);

/** A rate 0..1 as a percentage; a dash when there was nothing to divide. */
export const formatRate = (r: number | null) =>
  r === null ? '—' : new Intl.NumberFormat(locale.value, { style: 'percent', maximumFractionDigits: 1 }).format(r);

/** Minutes as minutes, hours or days, whichever reads best. */
export function formatMinutes(m: number | null): string {
  if (m === null) return '—';
  const f = (value: number, unit: 'minute' | 'hour' | 'day') =>
    new Intl.NumberFormat(locale.value, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
  if (m < 90) return f(Math.round(m), 'minute');
  if (m < 48 * 60) return f(m / 60, 'hour');
  return f(m / 1440, 'day');
}

export const formatAverage = (a: number | null) => (a === null ? '—' : new Intl.NumberFormat(locale.value, { maximumFractionDigits: 2 }).format(a));

/** A UTC day (YYYY-MM-DD) as the agent reads a date. */
export const formatDay = (day: string, style: 'short' | 'medium' = 'short') =>
  new Intl.DateTimeFormat(locale.value, { dateStyle: style, timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
