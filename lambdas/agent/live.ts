/**
 * The agents' live updates. An agent's console opens the agents' socket and sends its ID token in the
 * first frame; once the token is verified the connection is kept (until the token expires) and every
 * ticket change the table's stream reports is pushed to it as `{"type":"ticket","ticketId":...}`.
 * Pushes are hints: the console reloads what changed, so a push sent twice costs one reload more.
 */

/** Who a good token belongs to, and until when it is good. */
export interface VerifiedAgent {
  readonly agentId: string;
  /** The token's expiry (seconds since the epoch): nothing is pushed to the connection after it. */
  readonly expiresAt: number;
}

/** Why a token was refused (the console shows nothing of it; the reason is for logs and tests). */
export type TokenRefusal = 'malformed' | 'invalid' | 'expired' | 'wrong_audience' | 'wrong_issuer' | 'not_an_id_token' | 'not_an_agent';

export type TokenCheck = { readonly ok: true; readonly agent: VerifiedAgent } | { readonly ok: false; readonly refusal: TokenRefusal };

/** The authorised agent connections (adapters/agent-connections.ts). */
export interface AgentConnections {
  save(connectionId: string, agent: VerifiedAgent): Promise<void>;
  remove(connectionId: string): Promise<void>;
  /** Every kept connection with its token's expiry (seconds); expired ones too, until the push closes them. */
  list(): Promise<{ connectionId: string; expiresAt: number }[]>;
}

/** Posts to one connection; 'gone' when API Gateway no longer has it (410). */
export interface LivePusher {
  post(connectionId: string, data: string): Promise<'sent' | 'gone'>;
  /** Closes the connection (the console reconnects and authenticates with its current token). */
  close(connectionId: string): Promise<void>;
}

export interface AgentSocketEvent {
  readonly requestContext: { readonly routeKey?: string; readonly connectionId?: string };
  readonly body?: string | null;
}

export interface AgentSocketResult {
  readonly statusCode: number;
  readonly body?: string;
}

export interface AgentSocketDeps {
  readonly verify: (token: string) => Promise<TokenCheck>;
  readonly connections: Pick<AgentConnections, 'save' | 'remove'>;
}

/** Bounds a frame before it is parsed: an ID token is a few kB. */
const MAX_AUTH_FRAME_CHARS = 16_384;

const frame = (body: Record<string, unknown>): AgentSocketResult => ({ statusCode: 200, body: JSON.stringify(body) });
const error = (message: string) => frame({ type: 'error', message });

/**
 * $connect accepts (the token comes in the first frame, never in the URL); `auth` verifies the token
 * and keeps the connection, or forgets it (a renewed token that fails stops the pushes); anything else
 * is answered with an error frame. A closed connection is forgotten by the push (410) or its TTL.
 */
export function makeAgentSocket(deps: AgentSocketDeps) {
  return async (event: AgentSocketEvent): Promise<AgentSocketResult> => {
    const { routeKey, connectionId } = event.requestContext;
    if (!connectionId) return { statusCode: 400 };
    switch (routeKey) {
      case '$connect':
        return { statusCode: 200 };
      case 'auth': {
        const token = tokenOf(event.body);
        const check: TokenCheck = token ? await deps.verify(token) : { ok: false, refusal: 'malformed' };
        if (!check.ok) {
          await deps.connections.remove(connectionId);
          return error(check.refusal === 'expired' ? 'token expired: sign in again' : 'not an agent token');
        }
        await deps.connections.save(connectionId, check.agent);
        return frame({ type: 'ready' });
      }
      default:
        return error('unknown action: send {"action":"auth","token":...}');
    }
  };
}

function tokenOf(body: string | null | undefined): string | undefined {
  if (!body || body.length > MAX_AUTH_FRAME_CHARS) return undefined;
  try {
    const token = (JSON.parse(body) as { token?: unknown }).token;
    return typeof token === 'string' && token.length > 0 ? token : undefined;
  } catch {
    return undefined;
  }
}

/** One stream record as the push reads it: its place in the stream and the ticket it is about. */
export interface ChangeRecord {
  readonly sequenceNumber: string;
  readonly ticketId: string | undefined;
}

export interface AgentPushDeps {
  readonly connections: Pick<AgentConnections, 'list' | 'remove'>;
  readonly pusher: LivePusher;
  readonly now?: () => number;
  /** How many posts are in flight at once. */
  readonly concurrency?: number;
  /** A batch about more tickets than this sends one frame without a ticket id: the console reloads its view. */
  readonly maxTicketFrames?: number;
  readonly onPostFailure?: (connectionId: string, error: unknown) => void;
}

export interface PushResult {
  /** The records to retry (Lambda's partial batch response: it retries from the lowest). */
  readonly failedSequenceNumbers: string[];
  readonly sent: number;
  readonly gone: number;
  /** Connections whose token had expired: closed and forgotten, never pushed to. */
  readonly expired: number;
}

/**
 * Tells every live agent connection which tickets a batch of stream records changed: one frame per
 * ticket (records of one ticket coalesce), posted to all connections concurrently. A connection API
 * Gateway reports gone is deleted; a post that fails otherwise fails the records of its ticket, and the
 * retry posts them again to everyone (a duplicate push only reloads a ticket once more). A connection
 * whose token has expired gets nothing: it is closed, so the console reconnects with its renewed token.
 */
export function makeAgentPush(deps: AgentPushDeps) {
  const now = deps.now ?? (() => Math.floor(Date.now() / 1000));
  const concurrency = deps.concurrency ?? 32;
  const maxTicketFrames = deps.maxTicketFrames ?? 10;
  return async (records: readonly ChangeRecord[]): Promise<PushResult> => {
    const byTicket = new Map<string, string[]>();
    for (const r of records) if (r.ticketId) byTicket.set(r.ticketId, [...(byTicket.get(r.ticketId) ?? []), r.sequenceNumber]);
    if (!byTicket.size) return { failedSequenceNumbers: [], sent: 0, gone: 0, expired: 0 };
    const frames: { data: string; sequenceNumbers: string[] }[] =
      byTicket.size > maxTicketFrames
        ? [{ data: JSON.stringify({ type: 'ticket' }), sequenceNumbers: [...byTicket.values()].flat() }]
        : [...byTicket].map(([ticketId, sequenceNumbers]) => ({ data: JSON.stringify({ type: 'ticket', ticketId }), sequenceNumbers }));
    const at = now();
    const failed = new Set<string>();
    let sent = 0;
    let gone = 0;
    let expired = 0;
    const perConnection = async ({ connectionId, expiresAt }: { connectionId: string; expiresAt: number }) => {
      if (expiresAt <= at) {
        expired++;
        // Forgotten first: a close that fails (already gone) must not keep it on the list.
        await deps.connections.remove(connectionId);
        await deps.pusher.close(connectionId).catch((e: unknown) => deps.onPostFailure?.(connectionId, e));
        return;
      }
      for (const f of frames) {
        try {
          if ((await deps.pusher.post(connectionId, f.data)) === 'gone') {
            gone++;
            await deps.connections.remove(connectionId);
            return;
          }
          sent++;
        } catch (e) {
          deps.onPostFailure?.(connectionId, e);
          for (const s of f.sequenceNumbers) failed.add(s);
        }
      }
    };
    await inParallel(await deps.connections.list(), concurrency, perConnection);
    return { failedSequenceNumbers: records.map((r) => r.sequenceNumber).filter((s) => failed.has(s)), sent, gone, expired };
  };
}

async function inParallel<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
