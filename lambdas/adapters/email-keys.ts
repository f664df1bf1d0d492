import { keyPart } from '#core/bounds';
import { keys, normaliseAddress } from '#adapters/table-keys';

/**
 * E-mail items of the single table (see lambdas/definitions/table.ts):
 *   THREADMSG#<message-id>              / THREADMSG   Message-ID → conversation: a customer's mail that joined
 *                                                     a conversation (earlier versions also kept our own ids,
 *                                                     SES's ids of our mails, and every customer's)
 *   EMAILFROM#<address>                 / EMAILFROM   an address's latest subjects (→ conversation, last used
 *                                                     at) and its mails counted this hour (TTL)
 *   EMAILSUBJ#<address>#<subject>       / EMAILSUBJ   a subject claimed by an earlier version (read, not written)
 *   EMAILCONV#<conversation>            / EMAILCONV   latest Message-ID, references, first subject; a thread's
 *                                                     first mail is found by it (the key derives from its id);
 *                                                     its ticket (ticketId, the pipeline's thread for e-mail)
 *   RATE#<counter>                      / RATE        distinct messages in an hour (TTL): other counters
 *   SUPPRESS#<address>                  / SUPPRESS    bounced or complained address, and why
 */
export const emailKeys = {
  threadMessage: (id: string) => ({ pk: `THREADMSG#${messageIdKey(id)}`, sk: 'THREADMSG' }),
  sender: (address: string) => ({ pk: `EMAILFROM#${keyPart(normaliseAddress('email', address))}`, sk: 'EMAILFROM' }),
  subject: (address: string, subject: string) => ({
    pk: `EMAILSUBJ#${keyPart(normaliseAddress('email', address), 500)}#${keyPart(subject, 500)}`,
    sk: 'EMAILSUBJ',
  }),
  conversation: keys.emailConversation,
  rate: (counter: string) => ({ pk: `RATE#${keyPart(counter)}`, sk: 'RATE' }),
  suppression: (address: string) => ({ pk: `SUPPRESS#${keyPart(normaliseAddress('email', address))}`, sk: 'SUPPRESS' }),
};

/**
 * Message-IDs compare without their angle brackets and surrounding space; SES replaces the ids of
 * the mail it sends with <ses-id@region.amazonses.com>, stored and looked up without the region.
 * One over 900 bytes is keyed by its hash (keyPart), for the mail that brings it and every reply.
 */
export function messageIdKey(id: string): string {
  const bare = id.trim().replace(/^<|>$/g, '');
  return keyPart(bare.replace(/@(?:[a-z0-9-]+\.)*amazonses\.com$/i, '@amazonses.com'));
}
