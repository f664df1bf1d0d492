import { signal } from '@preact/signals';

/**
 * Changes other agents and customers make, as they happen: a tick per change (with the ticket it is
 * about) that pages listen to and reload from. Push over the agents' WebSocket when the console has
 * one (config.liveUrl); polling otherwise, and while the socket is down.
 */
export interface Change {
  readonly ticketId?: string;
  readonly at: number;
}

export const lastChange = signal<Change>({ at: 0 });
export const liveMode = signal<'live' | 'polling'>('polling');

const POLL_MS = 10_000;
/**
 * The token is sent again this often: API Gateway closes a socket idle for 10 minutes, and the server
 * stops pushing to a connection once the token it was given expires (ID tokens last an hour).
 */
const RENEW_MS = 9 * 60_000;

export function changed(ticketId?: string): void {
  lastChange.value = { ...(ticketId ? { ticketId } : {}), at: Date.now() };
}

/** Connects (or polls); returns a function that stops it. */
export function startLive(liveUrl: string | undefined, token: () => Promise<string>): () => void {
  let stopped = false;
  let socket: WebSocket | undefined;
  let poll: ReturnType<typeof setInterval> | undefined;
  let retry = 1_000;
  let renew: ReturnType<typeof setInterval> | undefined;
  const startPolling = () => {
    liveMode.value = 'polling';
    poll ??= setInterval(() => changed(), POLL_MS);
  };
  const stopPolling = () => {
    if (poll) clearInterval(poll);
    poll = undefined;
  };
  const connect = () => {
    if (stopped || !liveUrl) return;
    const current = new WebSocket(liveUrl);
    socket = current;
    let ready = false;
    // The token goes in the first message, never in the URL (which servers log); token() gives the renewed one.
    const auth = async () => current.readyState === WebSocket.OPEN && current.send(JSON.stringify({ action: 'auth', token: await token() }));
    current.onopen = () => {
      void auth();
      renew = setInterval(() => void auth(), RENEW_MS);
    };
    current.onmessage = (e) => {
      const message = JSON.parse(String(e.data)) as { type?: string; ticketId?: string };
      if (message.type === 'ready' && !ready) {
        ready = true;
        retry = 1_000;
        liveMode.value = 'live';
        stopPolling();
        changed();
      } else if (message.type === 'error' && ready) {
        // A renewed token was refused: nothing more is pushed here, so poll until a new socket is ready.
        current.close();
      } else if (message.type === 'ticket') changed(message.ticketId);
    };
    current.onclose = () => {
      if (renew) clearInterval(renew);
      renew = undefined;
      socket = undefined;
      if (stopped) return;
      startPolling();
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 30_000);
    };
  };
  startPolling();
  connect();
  return () => {
    stopped = true;
    stopPolling();
    if (renew) clearInterval(renew);
    socket?.close();
  };
}
