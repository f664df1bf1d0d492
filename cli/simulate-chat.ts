import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { UsageError } from './command';

interface ChatSession {
  readonly token: string;
  readonly visitorId: string;
}

interface HistoryItem {
  readonly id: string;
  readonly direction: 'in' | 'out';
  readonly text: string;
  readonly clientMessageId?: string;
  readonly actions?: readonly { readonly label: string }[];
}

export interface SimulateChatOptions {
  readonly api: string;
  readonly infoFile: string;
  readonly text: string;
  readonly fresh: boolean;
  readonly name?: string;
  readonly email?: string;
  readonly waitSeconds: number;
}

/**
 * One visitor message through the HTTP fallback, as the widget sends it without WebSocket: a visitor
 * token from POST /chat/token (kept beside the info file, so the next call continues the same
 * conversation), the message, then the conversation's history until an answer follows it.
 */
export async function simulateChat(o: SimulateChatOptions): Promise<number> {
  const sessionFile = join(dirname(o.infoFile), 'chat-visitor.json');
  const previous = !o.fresh && existsSync(sessionFile) ? (JSON.parse(readFileSync(sessionFile, 'utf8')) as ChatSession) : undefined;
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    let res: Response;
    try {
      res = await fetch(`${o.api}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new UsageError(`the API at ${o.api} does not answer: is the local stack (npm start) running?`);
    }
    const json = (await res.json().catch(() => ({}))) as any;
    if (!res.ok) throw new UsageError(`${method} ${path} answered ${res.status}: ${json?.error?.message ?? 'no reason given'}`);
    return json;
  };

  // Renewing keeps the visitor id (and so the conversation) of the previous run.
  const session = (await call('POST', '/chat/token', previous ? { previousToken: previous.token } : {})) as ChatSession;
  writeFileSync(sessionFile, JSON.stringify({ token: session.token, visitorId: session.visitorId }));
  const messageId = `cli-${randomUUID().slice(0, 12)}`;
  await call('POST', '/chat/messages', { messageId, text: o.text, ...(o.name ? { name: o.name } : {}), ...(o.email ? { email: o.email } : {}) }, session.token);
  console.log(
    `chat: message ${messageId} from visitor ${session.visitorId} accepted${previous?.visitorId === session.visitorId ? ' (same conversation as before)' : ''}`,
  );
  if (!o.waitSeconds) return 0;

  const until = Date.now() + o.waitSeconds * 1000;
  while (Date.now() < until) {
    const page = (await call('GET', `/chat/conversations/${session.visitorId}/messages?limit=20`, undefined, session.token)) as { items: HistoryItem[] };
    const mine = page.items.findIndex((i) => i.clientMessageId === messageId);
    const answer = mine >= 0 ? page.items.slice(mine + 1).find((i) => i.direction === 'out') : undefined;
    if (answer) {
      console.log(`reply:\n${answer.text}`);
      if (answer.actions?.length) console.log(`buttons: ${answer.actions.map((a) => `[${a.label}]`).join(' ')}`);
      return 0;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new UsageError(`no reply within ${o.waitSeconds} s (the ticket may be waiting for an agent: GET /tickets)`);
}
