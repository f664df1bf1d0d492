import type { OutboundAction, OutboundMessage } from '#core/messages';

/** A visitor's live WebSocket connection. */
export interface ChatConnection {
  readonly connectionId: string;
  readonly visitorId: string;
  /** The logged-in customer's e-mail address from the visitor token, when the shop vouched for one. */
  readonly email?: string;
  /** The browser's language at connect (Accept-Language), a hint for the reply language. */
  readonly locale?: string;
  readonly connectedAt: string;
}

/** What the chat counts per minute: a visitor's and an address's messages, an address's tokens, the shop's new visitors. */
export interface RateCounter {
  readonly kind: 'visitor-messages' | 'address-messages' | 'address-tokens' | 'shop-new-visitors';
  readonly id: string;
}

/** Counters are per UTC minute: how long until the current one ends (Retry-After). */
export const secondsLeftInMinute = (now: Date): number => 60 - now.getUTCSeconds();

/**
 * The client address a limit counts against. IPv6 clients usually hold a whole /64, so they are
 * counted by it; IPv4 (and IPv4-mapped) by the address.
 */
export function rateAddress(sourceIp: string | undefined): string {
  const ip = (sourceIp ?? 'unknown').trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** Who reads a history: the token's visitor, and the customer the shop signed for, when it did. */
export interface HistoryReader {
  readonly visitorId: string;
  /** From the shop's signed customer reference only: then the customer's whole chat history. */
  readonly email?: string;
}

/** One message of a visitor's conversation as the widget shows it. */
export interface ChatHistoryItem {
  /** The interaction key: stable, sortable, and the `after` cursor. */
  readonly id: string;
  readonly direction: 'in' | 'out';
  readonly kind: string;
  readonly text: string;
  readonly at: string;
  /** The visitor's own messages: the id the widget sent it with. */
  readonly clientMessageId?: string;
  /** The buttons that came with a reply, so a reloaded widget offers them again. */
  readonly actions?: readonly OutboundAction[];
  /** The files the message carried (a visitor's photo or PDF), by name: the widget shows them, never their keys. */
  readonly files?: readonly ChatHistoryFile[];
}

export interface ChatHistoryFile {
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
}

/** A chat reply going on by e-mail, before the store gives it its interaction. */
export type EmailFallback = Omit<OutboundMessage, 'interactionKey'>;

export interface ChatStore {
  putConnection(c: ChatConnection, expiresAt: Date): Promise<void>;
  getConnection(connectionId: string): Promise<ChatConnection | undefined>;
  /** Removes the connection; nothing happens when it is gone already. */
  deleteConnection(connectionId: string): Promise<void>;
  listConnections(visitorId: string): Promise<readonly string[]>;
  /** Counts one against the counter's current minute (UTC); false when the limit is reached. */
  takeAllowance(counter: RateCounter, now: Date, perMinute: number): Promise<boolean>;
  /**
   * The reader's chat messages, oldest first: the newest `limit`, or those after the cursor (an item's
   * id; anything else is a ValidationError).
   */
  history(reader: HistoryReader, opts: { after?: string; limit: number }): Promise<{ items: ChatHistoryItem[]; next: string | null }>;
  /** Where a reply may go on by e-mail: the visitor's customer's address, or the one they typed. */
  visitorEmail(visitorId: string): Promise<string | undefined>;
  /**
   * Writes the outbound interaction (pending) of a reply that goes on by e-mail, once however often it
   * is called, and returns the e-mail message with that interaction.
   */
  recordEmailFallback(message: EmailFallback, customerId: string | undefined): Promise<OutboundMessage>;
}
