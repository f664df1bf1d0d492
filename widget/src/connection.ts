import { TOKEN_KEY } from './profile';
import type { ChatMessage, ServerFrame, TokenResponse } from './protocol';

export interface ConnectionEvents {
  /** New messages: pushed live, or a page of history (`fromHistory`) on every connect and poll. */
  onMessages(messages: ChatMessage[], fromHistory: boolean): void;
  onAck(messageId: string): void;
  onError(code: string, message: string, messageId?: string): void;
  onStatus(status: 'connecting' | 'online' | 'offline' | 'fallback'): void;
  /** An agent started or stopped writing. */
  onTyping(on: boolean): void;
}

interface Outgoing {
  messageId: string;
  text: string;
  name?: string;
  email?: string;
}

const MAX_BACKOFF_MS = 30_000;
/** After this many failed connects in a row the widget goes on over HTTP. */
const FALLBACK_AFTER = 4;
const POLL_MS = 3000;

/**
 * The widget's link to Destek: a visitor token (kept in localStorage, renewed with the old one, so a
 * reload is the same visitor), the WebSocket with reconnect and back-off, history on every connect,
 * and the HTTP fallback (POST + polling) when WebSocket is unavailable. Unacknowledged messages are
 * resent with the same id after a reconnect; the server stores each id once.
 */
export class Connection {
  private session?: TokenResponse;
  private socket?: WebSocket;
  private failures = 0;
  private lastId: string | undefined;
  private readonly unacked = new Map<string, Outgoing>();
  private pollTimer?: ReturnType<typeof setTimeout>;
  private mode: 'socket' | 'http' = typeof WebSocket === 'function' ? 'socket' : 'http';
  private stopped = false;

  constructor(
    private readonly baseUrl: string,
    private readonly customerRef: string | undefined,
    private readonly events: ConnectionEvents,
  ) {}

  get visitorId(): string | undefined {
    return this.session?.visitorId;
  }

  /** The visitor token and the server's limits, for requests beside the socket (a file). */
  get current(): Pick<TokenResponse, 'token' | 'limits'> | undefined {
    return this.session;
  }

  async start(): Promise<void> {
    if (this.stopped) return;
    this.events.onStatus('connecting');
    try {
      await this.renewToken();
    } catch {
      return this.retry();
    }
    // Stopped while the token was on its way (Destek.reset(), setCustomer()): a newer connection took over.
    if (this.stopped) return;
    if (this.mode === 'socket') this.openSocket();
    else this.startPolling();
  }

  send(out: Outgoing): void {
    this.unacked.set(out.messageId, out);
    this.transmit(out);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.pollTimer);
    this.socket?.close();
  }

  private async renewToken(): Promise<void> {
    let previous: string | null = null;
    try {
      previous = localStorage.getItem(TOKEN_KEY);
    } catch {
      // Storage blocked: a new visitor each page.
    }
    const res = await fetch(`${this.baseUrl}/chat/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...(previous ? { previousToken: previous } : {}), ...(this.customerRef ? { customerRef: this.customerRef } : {}) }),
    });
    if (!res.ok) throw new Error(`token ${res.status}`);
    const session = (await res.json()) as TokenResponse;
    if (this.stopped) return;
    this.session = session;
    try {
      localStorage.setItem(TOKEN_KEY, this.session.token);
    } catch {
      // See above.
    }
  }

  private openSocket(): void {
    const s = this.session!;
    const socket = new WebSocket(`${s.websocketUrl}?token=${encodeURIComponent(s.token)}`);
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.failures = 0;
      this.events.onStatus('online');
      void this.loadHistory();
      for (const out of this.unacked.values()) this.transmit(out);
    };
    socket.onmessage = (e) => this.onFrame(String(e.data));
    socket.onclose = () => {
      if (this.socket !== socket || this.stopped) return;
      this.socket = undefined;
      if (!opened) this.failures++;
      if (this.failures >= FALLBACK_AFTER) {
        this.mode = 'http';
        return this.startPolling();
      }
      this.events.onStatus('offline');
      this.retry();
    };
  }

  private retry(): void {
    if (this.stopped) return;
    const wait = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.failures) * (0.75 + Math.random() / 2);
    this.failures++;
    // The token may have expired while away: renew before connecting again.
    setTimeout(() => void this.start(), wait);
  }

  private onFrame(data: string): void {
    if (this.stopped) return;
    let f: ServerFrame;
    try {
      f = JSON.parse(data) as ServerFrame;
    } catch {
      return;
    }
    if (f.type === 'ack') {
      this.unacked.delete(f.messageId);
      this.events.onAck(f.messageId);
    } else if (f.type === 'error') {
      if (f.messageId) this.unacked.delete(f.messageId);
      this.events.onError(f.code, f.message, f.messageId);
    } else if (f.type === 'message') {
      this.remember(f.id);
      this.events.onMessages([{ id: f.id, direction: 'out', kind: f.kind, text: f.text, at: f.at, ...(f.actions ? { actions: f.actions } : {}) }], false);
    } else if (f.type === 'typing') {
      this.events.onTyping(f.on);
    }
  }

  private remember(id: string): void {
    if (!this.lastId || id > this.lastId) this.lastId = id;
  }

  private transmit(out: Outgoing): void {
    if (this.mode === 'socket') {
      if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ action: 'sendMessage', ...out }));
      return; // Sent on the next open.
    }
    void this.post(out);
  }

  private async post(out: Outgoing): Promise<void> {
    const s = this.session;
    if (!s) return;
    try {
      const res = await fetch(`${this.baseUrl}/chat/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
        body: JSON.stringify({ visitorId: s.visitorId, ...out }),
      });
      if (res.ok) {
        this.unacked.delete(out.messageId);
        this.events.onAck(out.messageId);
      } else if (res.status < 500) {
        this.unacked.delete(out.messageId);
        const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
        this.events.onError(body.error?.code ?? 'invalid_message', body.error?.message ?? String(res.status), out.messageId);
      }
    } catch {
      // Kept in unacked: the next poll resends it with the same id.
    }
  }

  private startPolling(): void {
    this.events.onStatus('fallback');
    const tick = async () => {
      if (this.stopped) return;
      for (const out of this.unacked.values()) await this.post(out);
      await this.loadHistory(this.lastId).catch(() => undefined);
      this.pollTimer = setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
  }

  /** The newest page of the conversation on (re)connect, or what came after the last message seen. */
  async loadHistory(after?: string): Promise<void> {
    const s = this.session;
    if (!s) return;
    const q = after ? `?after=${encodeURIComponent(after)}` : '';
    const res = await fetch(`${this.baseUrl}/chat/conversations/${encodeURIComponent(s.visitorId)}/messages${q}`, {
      headers: { authorization: `Bearer ${s.token}` },
    });
    if (!res.ok || this.stopped) return;
    const page = (await res.json()) as { items: ChatMessage[] };
    if (this.stopped) return;
    for (const m of page.items) this.remember(m.id);
    this.events.onMessages(page.items, true);
  }
}
