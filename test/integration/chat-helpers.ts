import { randomUUID } from 'node:crypto';
import { SqsClient } from '#adapters/aws/sqs';
import { PutCommand } from '#adapters/aws/dynamodb';
import WebSocket from 'ws';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { DynamoChatStore } from '#adapters/chat-store';
import { sqsOutboundQueue } from '#adapters/fifo-queue';
import { interactionItem } from '#adapters/table-keys';
import type { OutboundAction, OutboundMessage } from '#core/messages';
import { interactionId, type Interaction } from '#core/model';
import { LOCAL_CREDENTIALS } from '#local/storage';
import { TEST_SHOP_ORIGIN } from './global-setup';
import { eventually, stack, ticketOfVisitor } from './helpers';

export { TEST_SHOP_ORIGIN };

export interface IssuedToken {
  token: string;
  visitorId: string;
  websocketUrl: string;
}

export async function visitorToken(body: Record<string, string> = {}, origin = TEST_SHOP_ORIGIN): Promise<IssuedToken> {
  const res = await fetch(`${stack().info.api}/chat/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
  return (await res.json()) as IssuedToken;
}

/** A WebSocket client that keeps every frame it receives, for assertions. */
export class ChatClient {
  readonly frames: any[] = [];
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      this.frames.push(JSON.parse(d.toString()));
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Opens a connection; rejects with the handshake's HTTP status when $connect refuses it. */
  static open(token: string | undefined, origin = TEST_SHOP_ORIGIN): Promise<ChatClient> {
    const url = `${stack().info.websocket}${token !== undefined ? `?token=${encodeURIComponent(token)}` : ''}`;
    const ws = new WebSocket(url, { headers: { origin, 'accept-language': 'tr-TR' } });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new ChatClient(ws)));
      ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`handshake ${res.statusCode}`), { status: res.statusCode })));
      ws.once('error', reject);
    });
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  say(text: string, messageId: string = randomUUID()): string {
    this.send({ action: 'sendMessage', messageId, text });
    return messageId;
  }

  /** The first frame (from `from` on) that matches, waiting up to timeoutMs. */
  async next(match: (f: any) => boolean, timeoutMs = 8000, from = 0): Promise<any> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(from).find(match);
      if (found) return found;
      const left = until - Date.now();
      if (left <= 0) throw new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((r) => {
        const timer = setTimeout(r, left);
        this.waiters.push(() => (clearTimeout(timer), r()));
      });
    }
  }

  close(): Promise<void> {
    return new Promise((r) => {
      if (this.ws.readyState === WebSocket.CLOSED) return r();
      this.ws.once('close', () => r());
      this.ws.close();
    });
  }
}

const clients = () => {
  const { info } = stack();
  const db = createDocumentClient({ region: info.region, endpoint: info.dynamodb, credentials: LOCAL_CREDENTIALS });
  const sqs = new SqsClient({ region: info.region, endpoint: info.sqs, credentials: LOCAL_CREDENTIALS });
  return { db, sqs };
};

export const chatStore = () => new DynamoChatStore(clients().db, stack().info.tableName);

/**
 * What the agent API's reply does (contracts §2), until it exists on this branch: the outbound
 * interaction on the visitor's ticket, pending, then the message on the outbound queue.
 */
export async function agentReply(visitorId: string, text: string, actions?: OutboundAction[]): Promise<OutboundMessage> {
  const { db, sqs } = clients();
  const ticket = await eventually(() => ticketOfVisitor(visitorId), 8000, `the ticket of ${visitorId}`);
  const at = new Date().toISOString();
  const outboundId = `agent-${randomUUID()}`;
  const key = interactionId(at, outboundId);
  const interaction: Interaction = {
    ticketId: ticket.id,
    key,
    direction: 'out',
    kind: 'agent_reply',
    channel: 'chat',
    customerId: ticket.customerId,
    at,
    to: visitorId,
    text,
    locale: ticket.locale,
    delivery: { status: 'pending', attempts: 0 },
  };
  await db.send(new PutCommand({ TableName: stack().info.tableName, Item: interactionItem(interaction) }));
  const message: OutboundMessage = {
    outboundId,
    ticketId: ticket.id,
    interactionKey: key,
    kind: 'agent_reply',
    channel: 'chat',
    to: visitorId,
    conversationKey: visitorId,
    text,
    locale: ticket.locale,
    createdAt: at,
    ...(actions ? { actions } : {}),
  };
  await sqsOutboundQueue(sqs, stack().info.queues.outbound.url).send(message);
  return message;
}

export async function history(token: IssuedToken, query = '', origin = TEST_SHOP_ORIGIN) {
  const res = await fetch(`${stack().info.api}/chat/conversations/${token.visitorId}/messages${query}`, {
    headers: { authorization: `Bearer ${token.token}`, origin },
  });
  return { status: res.status, json: (await res.json()) as any };
}
