/** What the recognizer finds in a message. Offsets are UTF-16 indices into the original text. */
export const entityTypes = ['orderNumber', 'trackingNumber', 'email', 'phone', 'amount'] as const;
export type EntityType = (typeof entityTypes)[number];

export interface Entity {
  readonly type: EntityType;
  /** Normalised value: digits only for phones (E.164 with +), lower-case e-mail, "123.45" for amounts. */
  readonly value: string;
  /** The text as the customer wrote it. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** For amounts: ISO 4217 currency when written (TRY, USD, EUR, GBP). */
  readonly currency?: string;
  /** For tracking numbers: the carrier the format points to, when it does. */
  readonly carrier?: string;
}

export type Language = 'tr' | 'en' | 'other';

export interface IntentScore {
  readonly intent: string;
  readonly confidence: number;
}

/** A bot's reading of one message, whichever engine (built-in recognizer or Lex V2) made it. */
export interface Recognition {
  readonly lang: Language;
  /** The best intent, or 'out_of_scope' when nothing matches well. */
  readonly intent: string;
  /** Calibrated probability of `intent`, 0..1. */
  readonly confidence: number;
  /** The best intents, most likely first (at most 5). */
  readonly top: readonly IntentScore[];
  /** Slot values the engine filled for `intent` (e.g. { orderNumber: '100234' }). */
  readonly slots: Readonly<Record<string, string>>;
  /**
   * Where the dialog stands: 'elicit' when a required slot is missing (prompt says what to ask),
   * 'ready' when the intent has what it needs, 'none' for intents without slots.
   */
  readonly dialog: { readonly state: 'elicit' | 'ready' | 'none'; readonly slotToElicit?: string; readonly prompt?: string };
  readonly engine: 'builtin' | 'lex';
  /** The customer chose this intent in answer to a clarifying question. */
  readonly chosen?: boolean;
}

/** The built-in recognizer's classification of a text (no dialog): what `destek classify` prints. */
export interface TextClassification {
  readonly lang: Language;
  readonly intent: string;
  readonly confidence: number;
  readonly top: readonly IntentScore[];
  readonly entities: readonly Entity[];
}

export type Priority = 'low' | 'normal' | 'high' | 'urgent';

export const orderStatuses = ['received', 'preparing', 'shipped', 'out_for_delivery', 'delivered', 'cancelled', 'returned'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** An order as the order-lookup port returns it, whichever adapter found it. */
export interface Order {
  readonly orderNumber: string;
  readonly status: OrderStatus;
  /** Who placed it: an answer with order details goes only to a customer with one of these. */
  readonly customerEmail?: string;
  readonly customerPhone?: string;
  readonly carrier?: string;
  readonly trackingNumber?: string;
  readonly trackingUrl?: string;
  /** ISO date (YYYY-MM-DD) of the expected delivery. */
  readonly estimatedDelivery?: string;
  readonly updatedAt: string;
}
