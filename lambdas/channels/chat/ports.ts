import type { OutboundAction, OutboundMessage } from '../../core/messages';

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

/** A history cursor: the interaction key of the last message the widget has. */
export const HISTORY_CURSOR = /^INTERACTION#[0-9TZ:.+-]{10,40}#[A-Za-z0-9_.-]{1,64}$/;

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
}

export interface ChatStore {
  putConnection(c: ChatConnection, expiresAt: Date): Promise<void>;
  getConnection(connectionId: string): Promise<ChatConnection | undefined>;
  /** Removes the connection; nothing happens when it is gone already. */
  deleteConnection(connectionId: string): Promise<void>;
  listConnections(visitorId: string): Promise<readonly string[]>;
  /** Counts one message against the visitor's minute; false when the limit is reached. */
  takeMessageAllowance(visitorId: string, now: Date, perMinute: number): Promise<boolean>;
  /** The visitor's chat messages, oldest first: the newest `limit`, or those after the cursor. */
  history(visitorId: string, opts: { after?: string; limit: number }): Promise<{ items: ChatHistoryItem[]; next: string | null }>;
  /** The e-mail address the visitor's customer is known by, when any. */
  visitorEmail(visitorId: string): Promise<string | undefined>;
  /** Writes the outbound interaction for a message that goes on by e-mail (pending); false when it exists. */
  recordEmailFallback(message: OutboundMessage, customerId: string | undefined): Promise<boolean>;
}
