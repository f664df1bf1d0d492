/** Subjects of a conversation: the ticket number in them, and the form two subjects are compared in. */

const TICKET_TAG = /\[#(\d{1,12})\]/;
// Reply and forward prefixes of English, Turkish and common European clients ("Re:", "Fwd:", "YNT:",
// "İLT:", "AW:", "SV:", "Re[2]:"), repeated in any mix.
const PREFIX = /^\s*(?:re|fwd?|fw|ynt|yan[ıi]t|[iİı]lt|[iİı]let|aw|sv|wg|tr|vs)\s*(?:\[\d+\])?\s*[:：]\s*/iu;

export function ticketNumberInSubject(subject: string | undefined): string | undefined {
  return subject?.match(TICKET_TAG)?.[1];
}

/** Without reply/forward prefixes and ticket tags; the rest as the customer wrote it. */
export function baseSubject(subject: string | undefined): string {
  let s = (subject ?? '').replace(/\[#\d{1,12}\]/g, ' ');
  for (let previous = ''; previous !== s; ) {
    previous = s;
    s = s.replace(PREFIX, '');
  }
  return s.replace(/\s+/g, ' ').trim();
}

/** The key two subjects are compared by: base subject, case-folded the Turkish way. */
export function normaliseSubject(subject: string | undefined): string {
  return baseSubject(subject).toLocaleLowerCase('tr-TR');
}

/** "Re: <the customer's subject> [#N]": the number stays in every mail of the ticket. */
export function replySubject(customerSubject: string | undefined, ticketNumber: string): string {
  const base = baseSubject(customerSubject);
  return base ? `Re: ${base} [#${ticketNumber}]` : `[#${ticketNumber}]`;
}
