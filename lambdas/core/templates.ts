/** Texts the system writes by itself, per locale. Unknown locales fall back to English. */
const acknowledgements: Record<string, (v: { ticket: string; hours: number; name?: string }) => string> = {
  tr: ({ ticket, hours, name }) =>
    `Merhaba${name ? ` ${name}` : ''}, mesajınızı aldık. Talep numaranız ${ticket}. ` + `Ekibimiz en geç ${hours} saat içinde size dönüş yapacak.`,
  en: ({ ticket, hours, name }) =>
    `Hello${name ? ` ${name}` : ''}, we have received your message. Your ticket number is ${ticket}. ` + `Our team will get back to you within ${hours} hours.`,
};

export function acknowledgementText(locale: string, v: { ticket: string; hours: number; name?: string }): string {
  return (acknowledgements[locale] ?? acknowledgements.en!)(v);
}

/** "tr-TR" → "tr" when supported, else the default locale. */
export function pickLocale(hint: string | undefined, supported: readonly string[], fallback: string): string {
  const base = hint
    ?.split(/[-_,;]/)[0]
    ?.trim()
    .toLowerCase();
  return base && supported.includes(base) ? base : fallback;
}
