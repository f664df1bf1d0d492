import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { issueVisitorToken } from '../../lambdas/channels/chat/visitor-token';

export const stack = () => inject('stack');

export async function http(method: string, path: string, opts: { body?: unknown; raw?: string; token?: string | null; headers?: Record<string, string> } = {}) {
  const { info } = stack();
  const res = await fetch(`${info.api}${path}`, {
    method,
    headers: {
      ...(opts.body !== undefined || opts.raw !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token === null ? {} : { authorization: `Bearer ${opts.token ?? info.agentToken}` }),
      ...opts.headers,
    },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : opts.raw !== undefined ? { body: opts.raw } : {}),
  });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

/**
 * A visitor's chat message over the HTTP fallback, with a visitor token for that id signed with the
 * stack's key (as POST /chat/token would sign it), so tests can choose their visitors' ids.
 */
export async function postChat(visitorId: string, messageId: string, text: string, opts: { extra?: object; headers?: Record<string, string> } = {}) {
  const token = await issueVisitorToken(stack().env.CHAT_TOKEN_SECRET!, { visitorId }, 60);
  return http('POST', '/chat/messages', { body: { visitorId, messageId, text, ...opts.extra }, token, ...(opts.headers ? { headers: opts.headers } : {}) });
}

export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Polls until check returns a value (not undefined), or fails after timeoutMs. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Finds the ticket of a chat visitor by listing tickets of every status (as an agent would). */
export async function ticketOfVisitor(visitorId: string): Promise<any | undefined> {
  for (const status of ['open', 'pending', 'resolved']) {
    let cursor: string | null = null;
    do {
      const r = await http('GET', `/tickets?status=${status}&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      for (const t of r.json.items) {
        if (t.channel === 'chat' && t.conversationId === visitorId) return t;
      }
      cursor = r.json.next;
    } while (cursor);
  }
  return undefined;
}
