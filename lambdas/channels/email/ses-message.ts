/** SES's side of the mail we send: the ids it gives it, and the tags it publishes with its events. */
import type { SentMessageRef } from './ports';

/** SES sets its own Message-ID (<id@region.amazonses.com>); replies may quote that one. */
export const sesMessageId = (id: string) => `<${id}@amazonses.com>`;

/** An SES Message-ID as quoted (any region), in the form sesMessageId gives; undefined for any other id. */
export function canonicalSesId(quoted: string): string | undefined {
  const m = /^<?\s*([^<>@\s]+)@(?:[a-z0-9-]+\.)*amazonses\.com\s*>?$/i.exec(quoted);
  return m ? sesMessageId(m[1]!) : undefined;
}

const TICKET_TAG = 'destek-ticket';
const INTERACTION_TAG = 'destek-interaction';

/**
 * The message tags a mail goes out with: SES publishes them with its bounce and complaint events, so
 * the events function finds the reply that bounced without a look-up item. Tag values allow only
 * letters, digits, '-' and '_': the interaction id travels base64url-encoded.
 */
export const deliveryTags = (sent: SentMessageRef): Record<string, string> => ({
  [TICKET_TAG]: sent.ticketId,
  [INTERACTION_TAG]: Buffer.from(sent.interactionKey, 'utf8').toString('base64url'),
});

/** The reply a sending event is about, from the tags SES publishes with it (as lists of values). */
export function deliveryOfTags(tags: Readonly<Record<string, readonly string[]>> | undefined): SentMessageRef | undefined {
  const ticketId = tags?.[TICKET_TAG]?.[0];
  const interaction = tags?.[INTERACTION_TAG]?.[0];
  if (!ticketId || !interaction) return undefined;
  return { ticketId, interactionKey: Buffer.from(interaction, 'base64url').toString('utf8') };
}
