/** The frames and HTTP shapes the widget speaks (lambdas/channels/chat/frames.ts is the server's side). */
export interface Action {
  type: 'quick_reply' | 'csat' | 'handover';
  label: string;
  value: string;
}

export interface ChatMessage {
  id: string;
  direction: 'in' | 'out';
  kind: string;
  text: string;
  at: string;
  actions?: readonly Action[];
  /** The visitor's own messages: the id this widget sent it with. */
  clientMessageId?: string;
  /** Sent by this browser and not yet acknowledged. */
  pending?: boolean;
  /** The files the message carries (a visitor's photo or PDF), by name. */
  files?: readonly ChatFile[];
}

export interface ChatFile {
  filename: string;
  contentType: string;
  size: number;
}

export type ServerFrame =
  | { type: 'ack'; messageId: string }
  | { type: 'error'; code: string; message: string; messageId?: string }
  | { type: 'message'; id: string; kind: string; text: string; at: string; actions?: readonly Action[] }
  | { type: 'typing'; on: boolean };

export interface TokenResponse {
  token: string;
  visitorId: string;
  websocketUrl: string;
  limits: { maxChars: number; messagesPerMinute: number; maxFileBytes?: number; fileTypes?: readonly string[] };
}
