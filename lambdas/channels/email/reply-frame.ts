import { replyGreeting, replySignature, replyTicketLine } from '#core/templates';

export interface ReplyFrame {
  readonly locale: string;
  /** The From display name of the customer's mail, as written. */
  readonly customerName?: string | undefined;
  readonly ticketNumber: string;
  readonly fromName: string;
  /** Per-locale signatures from the configuration. */
  readonly signatures?: Readonly<Record<string, string>> | undefined;
}

// Names that are a mailbox, not a person: greeting "Hello Info," reads worse than "Hello,".
const notAPerson =
  /^(info|admin|support|destek|müşteri hizmetleri|customer service|sales|satış|iletişim|contact|office|ofis|noreply|no-reply|user|kullanıcı|me|ben)$/iu;
// The answer's own greeting ("Merhaba, …", "Hi, …"): the reply greets once, by name.
const leadingGreeting = /^(?:merhabalar|merhaba|selam|hi|hello|hey)(?:\s+there)?\s*[,!.]\s*/iu;

/**
 * The name to greet a customer by: "Yılmaz, Ayşe" is "Ayşe Yılmaz", an all-capitals name gets its
 * capitals back the locale's way (AYŞE → Ayşe, İ/ı in Turkish), an address or a mailbox name is no name.
 */
export function greetingName(raw: string | undefined, locale: string): string | undefined {
  let name = (raw ?? '')
    .replace(/["'“”‘’<>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!name || name.includes('@') || !/\p{L}/u.test(name) || notAPerson.test(name) || [...name].length > 60) return undefined;
  const comma = /^([^,]+),\s*([^,]+)$/.exec(name);
  if (comma) name = `${comma[2]} ${comma[1]}`;
  const tag = locale === 'tr' ? 'tr-TR' : locale;
  if (name === name.toLocaleUpperCase(tag) && /\p{Lu}{2}/u.test(name)) {
    name = name
      .toLocaleLowerCase(tag)
      .split(' ')
      .map((w) => (w ? w[0]!.toLocaleUpperCase(tag) + w.slice(1) : w))
      .join(' ');
  }
  return name;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const paragraphs = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');

/** The answer without a greeting of its own, its first letter capitalised the locale's way. */
function answerBody(answer: string, locale: string): string {
  const rest = answer.trim().replace(leadingGreeting, '');
  if (!rest) return answer.trim();
  const tag = locale === 'tr' ? 'tr-TR' : locale;
  return rest[0]!.toLocaleUpperCase(tag) + rest.slice(1);
}

/**
 * An automatic answer by e-mail as a person would write it: a greeting (by name when the customer
 * signs with one), the answer, the signature, and the ticket number (unless the answer names it).
 * Text and HTML say the same.
 */
export function frameReply(answer: string, f: ReplyFrame): { text: string; html: string } {
  const greeting = replyGreeting(f.locale, greetingName(f.customerName, f.locale));
  const body = answerBody(answer, f.locale);
  const signature = replySignature(f.locale, f.fromName, f.signatures);
  const ticket = `#${f.ticketNumber}`;
  const ticketLine = body.includes(ticket) ? undefined : replyTicketLine(f.locale, ticket);
  const text = [greeting, body, signature, ...(ticketLine ? [ticketLine] : [])].join('\n\n');
  const html = [
    `<p>${escapeHtml(greeting)}</p>`,
    paragraphs(body),
    `<p>${escapeHtml(signature).replace(/\n/g, '<br>')}</p>`,
    ...(ticketLine ? [`<p style="color:#6b7280;font-size:12px">${escapeHtml(ticketLine)}</p>`] : []),
  ].join('\n');
  return { text, html };
}
