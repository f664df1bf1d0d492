import { processTerm, tokenize } from '#helpcenter/search-text';
import { toE164 } from './phone';
import type { Interaction, Ticket } from './model';

/**
 * What ticket search matches on, the same when a ticket is indexed and when an agent types a query:
 * words folded and stemmed by the help center's search text (İ/ı folding, "siparisim" meets
 * "siparişim", "kargonun" meets "kargo"), and identifiers kept whole (ticket and order numbers,
 * tracking numbers, e-mail addresses, phone numbers in E.164 however they were written).
 */

/** Where a term was found: an identifier weighs most, then the subject or the customer's name, then message text. */
export const TERM_WEIGHT = { identifier: 8, title: 3, text: 1 } as const;

/** Each term once, with the highest weight it was found with. */
export type TermWeights = Map<string, number>;

/** A ticket indexes at most this many terms (identifiers and the subject first): a long e-mail thread's cost stays bounded. */
export const MAX_TERMS_PER_TICKET = 400;
/** A term longer than this is not a word anyone types (a URL, a base64 run): left out. */
const MAX_TERM_CHARS = 64;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
/** A run that may be a phone number as people write it: "+90 532 123 45 67", "0532-123-4567", "(0532) 1234567". */
const PHONE_CANDIDATE = /(?:\+|\b00)?\(?\d[\d\s().-]{7,18}\d/g;

const digitCount = (s: string) => s.replace(/\D/g, '').length;

/** A written phone number in E.164, or undefined (at least ten digits: an order number is not read as a phone). */
export function phoneTerm(written: string): string | undefined {
  if (digitCount(written) < 10) return undefined;
  return toE164(written) ?? (/^\d{11,15}$/.test(written) ? toE164(`+${written}`) : undefined);
}

/** Words of free text as index terms (stop words, one-letter and overlong words left out). */
export function wordTerms(text: string): string[] {
  const out: string[] = [];
  for (const word of tokenize(text, 'tr')) {
    const term = processTerm(word, 'tr');
    // English stop words too: a shop's customers write both languages.
    if (term && term.length > 1 && term.length <= MAX_TERM_CHARS && processTerm(word, 'en') !== null) out.push(term);
  }
  return out;
}

/** E-mail addresses and phone numbers in a text, as identifier terms. */
export function identifierTerms(text: string): string[] {
  const out = (text.match(EMAIL) ?? []).map((e) => e.toLowerCase());
  for (const candidate of text.replace(EMAIL, ' ').match(PHONE_CANDIDATE) ?? []) {
    const phone = phoneTerm(candidate.trim());
    if (phone) out.push(phone);
  }
  return out;
}

/** An identifier as typed or stored ("TR123456789", "#100234"): folded, without punctuation around it. */
const identifier = (value: string): string => wordTerms(value).join('') || value.toLowerCase();

function add(terms: TermWeights, term: string, weight: number): void {
  if (!term || term.length > MAX_TERM_CHARS) return;
  if ((terms.get(term) ?? 0) < weight) terms.set(term, weight);
}

/** The customer's own messages: what they wrote, never agents' replies, notes or events. */
export const isCustomerMessage = (i: Pick<Interaction, 'direction' | 'kind'>) => i.direction === 'in' && i.kind === 'message';

/**
 * A ticket's search terms with their weights, from the ticket and its customer messages (oldest
 * first). Deterministic: the same ticket and messages always give the same terms, so indexing a change
 * twice writes the same entries.
 */
export function ticketTerms(ticket: Ticket, messages: readonly Pick<Interaction, 'text' | 'subject' | 'classification'>[]): TermWeights {
  const terms: TermWeights = new Map();
  const id = (v: string | undefined) => v && add(terms, v.includes('@') ? v.toLowerCase() : identifier(v), TERM_WEIGHT.identifier);
  id(String(ticket.number));
  id(ticket.orderNumber?.replace(/^#/, ''));
  const address = ticket.customerAddress;
  if (address) {
    if (address.includes('@')) id(address);
    else {
      const phone = phoneTerm(address);
      if (phone) id(phone);
    }
  }
  const entities = [...(ticket.classification?.entities ?? []), ...messages.flatMap((m) => m.classification?.entities ?? [])];
  for (const e of entities) {
    if (e.type === 'phone') id(phoneTerm(e.value) ?? e.value);
    else if (e.type === 'email' || e.type === 'orderNumber' || e.type === 'trackingNumber') id(e.value.replace(/^#/, ''));
  }
  for (const m of messages) for (const t of identifierTerms(m.text)) add(terms, t, TERM_WEIGHT.identifier);
  for (const t of wordTerms(`${ticket.subject ?? ''} ${ticket.customerName ?? ''}`)) add(terms, t, TERM_WEIGHT.title);
  for (const m of messages) for (const t of wordTerms(`${m.subject ?? ''} ${m.text}`)) add(terms, t, TERM_WEIGHT.text);
  // Over the bound, the heaviest terms stay (insertion order breaks ties: identifiers and the subject came first).
  if (terms.size <= MAX_TERMS_PER_TICKET) return terms;
  return new Map([...terms].sort((a, b) => b[1] - a[1]).slice(0, MAX_TERMS_PER_TICKET));
}

/** A query has at most this many terms (each one is a list to read). */
export const MAX_QUERY_TERMS = 6;

/**
 * The terms a query asks for, every one of which a ticket must have: e-mail addresses and phone
 * numbers whole (however the number is written), "#10234" as 10234, other words as the index stores them.
 */
export function queryTerms(query: string): string[] {
  const terms: string[] = [];
  let rest = query.replace(EMAIL, (e) => (terms.push(e.toLowerCase()), ' '));
  rest = rest.replace(PHONE_CANDIDATE, (candidate) => {
    const phone = phoneTerm(candidate.trim());
    return phone ? (terms.push(phone), ' ') : candidate;
  });
  terms.push(...wordTerms(rest));
  return [...new Set(terms)].slice(0, MAX_QUERY_TERMS);
}
