/**
 * The Destek chat widget's page API (widget.js), for a shop's TypeScript: add this file to your
 * project (tsconfig "include", or `/// <reference path="destek.d.ts" />`). widget.js implements it
 * (widget/src/api.ts is type-checked against this file); the README's "The widget's JavaScript API"
 * shows the loader snippet that queues calls made before widget.js has run.
 */

/** The widget's languages. */
type DestekLocale = 'tr' | 'en';

/** A message as the widget shows it. */
interface DestekMessage {
  readonly id: string;
  /** `visitor`: written in this chat; `support`: the bot or an agent (see `kind`). */
  readonly from: 'visitor' | 'support';
  /** `message` (the visitor's), `bot_answer`, `agent_reply`, `acknowledgement`, `csat_request`. */
  readonly kind: string;
  readonly text: string;
  /** ISO 8601. */
  readonly at: string;
}

/** Each event's detail, by name. */
interface DestekEvents {
  /** The widget is on the page and its API is live (also told to listeners added later). */
  ready: { readonly locale: DestekLocale };
  /** The panel opened. */
  open: Record<string, never>;
  /** The panel closed. */
  close: Record<string, never>;
  /** A message appeared while the page was open (history shown at load is not announced). */
  message: DestekMessage;
  /** The number of replies the visitor has not seen changed (0 once the panel is open). */
  unread: { readonly count: number };
}

type DestekEventName = keyof DestekEvents;
type DestekListener<E extends DestekEventName> = (detail: DestekEvents[E]) => void;

/** One call made through the loader snippet before widget.js ran: the method's name and its arguments. */
type DestekQueuedCall = [method: string, args: unknown[]];

interface DestekApi {
  /** Opens the chat panel. */
  open(): void;
  /** Closes the chat panel. */
  close(): void;
  /** Turkish or English from now on: the widget's words and its greeting. */
  setLocale(locale: DestekLocale): void;
  /**
   * The shop's signed reference to the customer who just signed in (the same value as
   * `data-customer-ref`; see the README): the chat joins that customer's history and asks for no
   * name or e-mail. On sign-out call `reset()`.
   */
  setCustomer(customerRef: string): void;
  /** Forgets the visitor in this browser (token, conversation, pre-chat answers): call it on sign-out. */
  reset(): void;
  /** Listens to an event; returns a function that stops listening (the loader snippet's queued `on` returns nothing: use `off`). */
  on<E extends DestekEventName>(event: E, listener: DestekListener<E>): () => void;
  off<E extends DestekEventName>(event: E, listener: DestekListener<E>): void;
  /** Calls queued by the loader snippet; widget.js replays them in order and then empties this. */
  q?: DestekQueuedCall[];
}

interface Window {
  Destek: DestekApi;
}

declare const Destek: DestekApi;
