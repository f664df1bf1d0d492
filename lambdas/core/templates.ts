/** Texts the system writes by itself, per locale. Unknown locales fall back to English. */

/** A text's writer in the locale, or English where the locale has none. */
const inLocale = <A extends unknown[]>(texts: Record<string, (...args: A) => string>, locale: string) => texts[locale] ?? texts.en!;

/** When people will answer, as the customer reads it: in the shop's time zone, today / tomorrow / a date. */
export interface DuePromise {
  readonly dueAt: string;
  readonly now: Date;
  readonly timeZone: string;
}

type DueDay = { readonly kind: 'today' | 'tomorrow' } | { readonly kind: 'date'; readonly date: string };

const DUE_WORDS: Record<string, { tag: string; zone: (tz: string) => string; say: (day: DueDay, time: string) => string }> = {
  tr: {
    tag: 'tr-TR',
    zone: (tz) => (tz === 'Europe/Istanbul' ? 'TSİ' : tz),
    say: (day, time) => `${day.kind === 'date' ? day.date : day.kind === 'today' ? 'bugün' : 'yarın'} ${time}`,
  },
  en: {
    tag: 'en-GB',
    zone: (tz) => (tz === 'Europe/Istanbul' ? 'Istanbul time' : tz),
    say: (day, time) => `${time} ${day.kind === 'date' ? `on ${day.date}` : day.kind}`,
  },
};

const dayOf = (d: Date, timeZone: string) => d.toLocaleDateString('en-CA', { timeZone });

/**
 * "bugün 14:30 (TSİ)", "09:00 tomorrow (Istanbul time)", "9 Aralık Çarşamba 09:00 (TSİ)" (TSİ: Türkiye saati ile):
 * a clock time in the shop's time zone the customer can hold us to, never a bare number of hours.
 */
export function dueInWords(locale: string, p: DuePromise): string {
  const words = DUE_WORDS[locale] ?? DUE_WORDS.en!;
  const due = new Date(p.dueAt);
  const time = due.toLocaleTimeString(words.tag, { timeZone: p.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const dueDay = dayOf(due, p.timeZone);
  const day: DueDay =
    dueDay === dayOf(p.now, p.timeZone)
      ? { kind: 'today' }
      : dueDay === dayOf(new Date(p.now.getTime() + 86_400_000), p.timeZone)
        ? { kind: 'tomorrow' }
        : { kind: 'date', date: due.toLocaleDateString(words.tag, { timeZone: p.timeZone, weekday: 'long', day: 'numeric', month: 'long' }) };
  return `${words.say(day, time)} (${words.zone(p.timeZone)})`;
}

interface AcknowledgementVars {
  readonly ticket: string;
  /** The due time in words (dueInWords). */
  readonly due: string;
  readonly name?: string;
}

const acknowledgements: Record<string, (v: AcknowledgementVars) => string> = {
  tr: ({ ticket, due, name }) => `Merhaba${name ? ` ${name}` : ''}, mesajınızı aldık. Talep numaranız ${ticket}. Ekibimiz en geç ${due} size dönüş yapacak.`,
  en: ({ ticket, due, name }) =>
    `Hello${name ? ` ${name}` : ''}, we have received your message. Your ticket number is ${ticket}. Someone from our team will answer you by ${due} at the latest.`,
};

/** A new ticket that people will answer: its number and by when. */
export function acknowledgementText(locale: string, v: AcknowledgementVars): string {
  return inLocale(acknowledgements, locale)(v);
}

const handoffs: Record<string, (v: AcknowledgementVars) => string> = {
  tr: ({ ticket, due }) => `Sizi ekibimize aktarıyorum. Bir temsilcimiz en geç ${due} size yanıt verecek. Talep numaranız ${ticket}.`,
  en: ({ ticket, due }) => `I'm handing you over to our team. A person will answer you by ${due} at the latest. Your ticket number is ${ticket}.`,
};

const restToPeople: Record<string, (v: AcknowledgementVars & { requests: readonly string[] }) => string> = {
  tr: ({ due, requests }) =>
    `${requests.map((r) => `“${r}”`).join(', ')} talebiniz için sizi ekibimize aktardım: bir temsilcimiz en geç ${due} size yanıt verecek.`,
  en: ({ due, requests }) =>
    `For your other request (${requests.map((r) => `“${r}”`).join(', ')}) I've passed you to our team: a person will answer you by ${due} at the latest.`,
};

/** After the bot answered part of a message: the parts people take, and by when. */
export function restToPeopleText(locale: string, v: AcknowledgementVars & { requests: readonly string[] }): string {
  return inLocale(restToPeople, locale)(v);
}

const stillWaiting: Record<string, (v: AcknowledgementVars) => string> = {
  tr: ({ ticket, due }) => `Talebiniz ekibimizde. Bir temsilcimiz en geç ${due} size yanıt verecek. Talep numaranız ${ticket}.`,
  en: ({ ticket, due }) => `Your request is with our team. A person will answer you by ${due} at the latest. Your ticket number is ${ticket}.`,
};

const outOfHours: Record<string, (back: string) => string> = {
  tr: (back) => `Şu an mesai saatlerimiz dışındayız; ekibimiz ${back} itibarıyla yeniden sizinle.`,
  en: (back) => `We are outside our business hours right now; our team is back at ${back}.`,
};

/** Before the promise, when the message came while the team is closed: when it is back (dueInWords). */
export function outOfHoursText(locale: string, back: string): string {
  return inLocale(outOfHours, locale)(back);
}

/** The customer asks for a person again while people have not answered yet: the same promise, not a second handoff. */
export function stillWaitingText(locale: string, v: AcknowledgementVars): string {
  return inLocale(stillWaiting, locale)(v);
}

/** The bot hands an open conversation to people: the customer learns at once that a person will answer, and by when. */
export function handoffText(locale: string, v: AcknowledgementVars): string {
  return inLocale(handoffs, locale)(v);
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
  return configured[locale] ?? inLocale(defaultSignatures, locale)(fromName);
}

const greetings: Record<string, (name?: string) => string> = {
  tr: (name) => (name ? `Merhaba ${name},` : 'Merhaba,'),
  en: (name) => (name ? `Hello ${name},` : 'Hello,'),
};

/** The opening line of a reply: the customer's name when known, a neutral greeting otherwise. */
export function replyGreeting(locale: string, name?: string): string {
  return inLocale(greetings, locale)(name);
}

const ticketLines: Record<string, (ticket: string) => string> = {
  tr: (ticket) => `Talep numaranız: ${ticket}. Bu e-postayı yanıtlayarak bize yazabilirsiniz.`,
  en: (ticket) => `Your ticket number: ${ticket}. Reply to this e-mail to write to us.`,
};

/** The line under a reply's signature that names its ticket (as its subject does). */
export function replyTicketLine(locale: string, ticket: string): string {
  return inLocale(ticketLines, locale)(ticket);
}
