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

/** Signatures of e-mailed answers when the configuration names none for the locale. */
const defaultSignatures: Record<string, (fromName: string) => string> = {
  tr: (fromName) => `Saygılarımızla,\n${fromName}`,
  en: (fromName) => `Kind regards,\n${fromName}`,
};

/** The configured signature of a locale, else the default one in that locale (English for others). */
export function replySignature(locale: string, fromName: string, configured: Readonly<Record<string, string>> = {}): string {
  return configured[locale] ?? (defaultSignatures[locale] ?? defaultSignatures.en!)(fromName);
}

const greetings: Record<string, (name?: string) => string> = {
  tr: (name) => (name ? `Merhaba ${name},` : 'Merhaba,'),
  en: (name) => (name ? `Hello ${name},` : 'Hello,'),
};

/** The opening line of a reply: the customer's name when known, a neutral greeting otherwise. */
export function replyGreeting(locale: string, name?: string): string {
  return (greetings[locale] ?? greetings.en!)(name);
}

const ticketLines: Record<string, (ticket: string) => string> = {
  tr: (ticket) => `Talep numaranız: ${ticket}. Bu e-postayı yanıtlayarak bize yazabilirsiniz.`,
  en: (ticket) => `Your ticket number: ${ticket}. Reply to this e-mail to write to us.`,
};

/** The line under a reply's signature that names its ticket (as its subject does). */
export function replyTicketLine(locale: string, ticket: string): string {
  return (ticketLines[locale] ?? ticketLines.en!)(ticket);
}
