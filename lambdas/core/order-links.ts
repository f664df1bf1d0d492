import type { InboundMessage } from './messages';
import type { Identity, Order } from './model';

/** A way to reach the customer that an order names: an identity to link when nobody holds it yet. */
export interface OrderContact {
  readonly channel: 'email' | 'phone';
  readonly address: string;
}

/** An order contact with the identity the store already has for it, when any. */
export interface OrderContactIdentity extends OrderContact {
  readonly identity?: Identity;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * The order's e-mail address and phone number in the forms identities are keyed by (lower-case
 * address, E.164). A phone written without its country code is left out: we cannot know whose it is.
 */
export function orderContacts(order: Pick<Order, 'customerEmail' | 'customerPhone'>): OrderContact[] {
  const out: OrderContact[] = [];
  const email = order.customerEmail?.trim().toLowerCase();
  if (email && /^[^\s@]+@[^\s@]+$/.test(email)) out.push({ channel: 'email', address: email });
  const phone = order.customerPhone?.replace(/[\s().-]/g, '');
  if (phone && E164.test(phone)) out.push({ channel: 'phone', address: phone });
  return out;
}

/** The contacts the message's own identities do not cover already (the pipeline reads those anyway). */
export function contactsToLink(msg: InboundMessage, contacts: readonly OrderContact[]): OrderContact[] {
  // A typed (unverified) address is not the sender's: an order contact with it may still be linked.
  const email = msg.from.emailVerified ? msg.from.email?.trim().toLowerCase() : undefined;
  const own = new Set([`${msg.channel}#${msg.from.address}`, email ? `email#${email}` : '', msg.from.phone ? `phone#${msg.from.phone}` : '']);
  return contacts.filter((c) => !own.has(`${c.channel}#${c.address}`));
}
