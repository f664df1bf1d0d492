import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { signMetaBody } from '#channels/social/meta-signature';
import type { SocialSecrets } from '#definitions/social';
import type { SocialProvider } from '#channels/social/webhook';
import {
  metaMessagingPayload,
  metaWatermarkPayload,
  newId,
  telegramUpdatePayload,
  whatsAppMessagePayload,
  whatsAppStatusPayload,
  type SimulatedMessage,
} from './social-payloads';

/** The Graph API version in the fake provider's paths, as in https://graph.facebook.com/v21.0. */
export const GRAPH_VERSION = 'v21.0';

/** One request the sender made to a provider's send API. */
export interface SentRecord {
  readonly at: string;
  readonly provider: SocialProvider;
  readonly path: string;
  readonly body: any;
  /** The provider's id for it, as answered. */
  readonly id: string;
}

interface Failure {
  remaining: number;
  status: number;
  retryAfter?: string;
  pathIncludes?: string;
}

interface MediaFile {
  readonly bytes: Buffer;
  readonly mimeType: string;
}

/**
 * The social providers, locally, over real HTTP: it signs and posts webhooks as Meta and Telegram do
 * (to the local gateway), serves the media APIs and the send APIs with the same paths and answers,
 * and records what the sender posts (GET /sent). Failures can be injected (POST /fail) to exercise
 * the sender's retries.
 */
export class SocialProviderServer {
  private server?: Server;
  private webhookBase?: string;
  private readonly sent: SentRecord[] = [];
  private readonly failures: Failure[] = [];
  private readonly media = new Map<string, MediaFile>();
  private telegramSeq = 1000;
  url = '';

  constructor(private readonly secrets: SocialSecrets) {}

  /** Where webhooks go: the API's base URL (its /webhooks/{provider} routes). */
  setWebhookTarget(apiBase: string): void {
    this.webhookBase = apiBase;
  }

  get graphBaseUrl(): string {
    return `${this.url}/${GRAPH_VERSION}`;
  }

  async listen(port: number): Promise<number> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: Error) => reply(res, 500, { error: { message: e.message } }));
    });
    const actual = await new Promise<number>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve((this.server!.address() as { port: number }).port));
    });
    this.url = `http://127.0.0.1:${actual}`;
    return actual;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  /** Holds a file as the provider would (a WhatsApp media id, a Telegram file id, a CDN URL). */
  addMedia(bytes: Buffer, mimeType: string): { id: string; url: string } {
    const id = newId('media');
    this.media.set(id, { bytes, mimeType });
    return { id, url: `${this.url}/cdn/${id}` };
  }

  /** Builds the provider's webhook for one customer message, signs it and posts it to the gateway. */
  async simulate(provider: SocialProvider, m: SimulatedMessage): Promise<{ status: number; body: string; messageId: string; payload: unknown }> {
    let payload: unknown;
    let messageId: string;
    if (provider === 'telegram') {
      const messageNumber = ++this.telegramSeq;
      messageId = `${m.from}/${messageNumber}`;
      payload = telegramUpdatePayload(m, Date.now() % 1e9, messageNumber);
    } else if (provider === 'whatsapp') {
      messageId = m.id ?? newId('wamid.');
      payload = whatsAppMessagePayload(m, messageId);
    } else {
      messageId = m.id ?? (m.comment ? newId('') : newId('m_'));
      payload = metaMessagingPayload(provider === 'messenger' ? 'page' : 'instagram', m, messageId);
    }
    return { ...(await this.postWebhook(provider, JSON.stringify(payload))), messageId, payload };
  }

  /** A WhatsApp delivery receipt for a message the sender sent. */
  simulateStatus(messageId: string, recipient: string, status: 'delivered' | 'read' | 'failed') {
    // As WhatsApp does: the callback data the message was sent with comes back with its statuses.
    const tracking = this.sent.find((s) => s.provider === 'whatsapp' && s.id === messageId)?.body?.biz_opaque_callback_data;
    return this.postWebhook('whatsapp', JSON.stringify(whatsAppStatusPayload(messageId, recipient, status, tracking)));
  }

  /** Posts a body exactly as given, signed as the provider signs (Meta: X-Hub-Signature-256; Telegram: secret token). */
  async postWebhook(provider: SocialProvider, body: string, sign = true): Promise<{ status: number; body: string }> {
    if (!this.webhookBase) throw new Error('the fake provider does not know where to post webhooks yet');
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': provider === 'telegram' ? 'TelegramBot' : 'facebookexternalua',
    };
    if (sign && provider === 'telegram') headers['x-telegram-bot-api-secret-token'] = this.secrets.telegramSecretToken;
    else if (sign) headers['x-hub-signature-256'] = signMetaBody(body, this.secrets.appSecret);
    const res = await fetch(`${this.webhookBase}/webhooks/${provider}`, { method: 'POST', headers, body });
    return { status: res.status, body: await res.text() };
  }

  sentMessages(): readonly SentRecord[] {
    return this.sent;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const bytes = Buffer.concat(chunks);
    const contentType = String(req.headers['content-type'] ?? '');
    const raw = bytes.toString('utf8');
    const body = contentType.startsWith('multipart/form-data') ? await formBody(bytes, contentType) : raw ? safeJson(raw) : {};
    const auth = req.headers.authorization ?? '';

    // Control routes for people and tests.
    if (path === '/sent' && method === 'GET') return reply(res, 200, { sent: this.sent });
    if (path === '/fail' && method === 'POST') {
      this.failures.push({
        remaining: Number(body.count ?? 1),
        status: Number(body.status ?? 500),
        ...(body.retryAfter !== undefined ? { retryAfter: String(body.retryAfter) } : {}),
        ...(body.pathIncludes ? { pathIncludes: String(body.pathIncludes) } : {}),
      });
      return reply(res, 200, { ok: true });
    }
    if (path === '/media' && method === 'POST') {
      return reply(res, 200, this.addMedia(Buffer.from(String(body.base64 ?? ''), 'base64'), String(body.mimeType ?? 'application/octet-stream')));
    }
    const sim = /^\/simulate\/(whatsapp|messenger|instagram|telegram)$/.exec(path);
    if (sim && method === 'POST') {
      if (!body.from) return reply(res, 400, { error: 'from is required' });
      if (body.status) return reply(res, 200, await this.simulateStatus(String(body.messageId), String(body.from), body.status));
      if (body.watermark && (sim[1] === 'messenger' || sim[1] === 'instagram')) {
        const payload = metaWatermarkPayload(
          sim[1] === 'messenger' ? 'page' : 'instagram',
          String(body.from),
          body.receipt === 'delivery' ? 'delivery' : 'read',
          Number(body.watermark),
        );
        return reply(res, 200, { ...(await this.postWebhook(sim[1], JSON.stringify(payload))), payload });
      }
      return reply(res, 200, await this.simulate(sim[1] as SocialProvider, body as SimulatedMessage));
    }
    // Files: the CDN (Messenger/Instagram attachment URLs) and WhatsApp's download URL (token needed).
    const cdn = /^\/(cdn|whatsapp-media)\/([\w.-]+)$/.exec(path);
    if (cdn) {
      if (cdn[1] === 'whatsapp-media' && auth !== `Bearer ${this.secrets.whatsappAccessToken}`) return graphError(res, 401, 'Invalid OAuth access token.', 190);
      return this.file(res, cdn[2]!);
    }

    const tg = /^\/(file\/)?bot([^/]+)\/(.+)$/.exec(path);
    if (tg) return this.telegram(res, tg[2]!, tg[3]!, Boolean(tg[1]), method === 'GET' ? Object.fromEntries(url.searchParams) : body);

    const graph = new RegExp(`^/${GRAPH_VERSION.replace('.', '\\.')}/([^/]+)(?:/(messages|comments|replies))?$`).exec(path);
    if (graph) return this.graph(res, method, path, graph[1]!, graph[2], body, auth);
    return reply(res, 404, { error: { message: `no such path ${path}` } });
  }

  private file(res: ServerResponse, id: string) {
    const f = this.media.get(id);
    if (!f) return reply(res, 404, { error: { message: 'media not found' } });
    res.writeHead(200, { 'content-type': f.mimeType, 'content-length': String(f.bytes.length) });
    res.end(f.bytes);
  }

  /** An injected failure for this request, if one is waiting. */
  private injected(res: ServerResponse, path: string): boolean {
    const f = this.failures.find((x) => x.remaining > 0 && (!x.pathIncludes || path.includes(x.pathIncludes)));
    if (!f) return false;
    f.remaining--;
    res.writeHead(f.status, { 'content-type': 'application/json', ...(f.retryAfter !== undefined ? { 'retry-after': f.retryAfter } : {}) });
    res.end(JSON.stringify({ error: { message: `injected ${f.status}`, code: f.status === 429 ? 4 : 2 } }));
    return true;
  }

  private graph(res: ServerResponse, method: string, path: string, node: string, edge: string | undefined, body: any, auth: string) {
    const tokens = [this.secrets.whatsappAccessToken, this.secrets.messengerAccessToken, this.secrets.instagramAccessToken];
    if (!tokens.some((t) => auth === `Bearer ${t}`)) return graphError(res, 401, 'Invalid OAuth access token.', 190);
    if (method === 'GET' && !edge) {
      // WhatsApp media metadata: a short-lived URL that needs the token to download.
      const f = this.media.get(node);
      if (!f) return graphError(res, 404, `Unsupported get request. Object with ID '${node}' does not exist`, 100);
      return reply(res, 200, {
        messaging_product: 'whatsapp',
        url: `${this.url}/whatsapp-media/${node}`,
        mime_type: f.mimeType,
        file_size: f.bytes.length,
        id: node,
      });
    }
    if (method !== 'POST' || !edge) return graphError(res, 400, 'Unsupported request', 100);
    if (this.injected(res, path)) return;
    let provider: SocialProvider;
    let id: string;
    let answer: Record<string, unknown>;
    if (edge === 'messages' && node !== 'me') {
      if (auth !== `Bearer ${this.secrets.whatsappAccessToken}`) return graphError(res, 401, 'Invalid OAuth access token.', 190);
      // A phone number goes in `to`; a business-scoped user id (no phone shared) in `recipient`.
      const to = body.to ?? body.recipient;
      if (body.messaging_product !== 'whatsapp' || !to || !body.type) return graphError(res, 400, '(#100) Invalid parameter', 100);
      provider = 'whatsapp';
      id = newId('wamid.');
      answer = {
        messaging_product: 'whatsapp',
        contacts: [{ input: to, ...(body.to ? { wa_id: body.to } : { user_id: body.recipient }) }],
        messages: [{ id }],
      };
    } else if (edge === 'messages') {
      if (!body.recipient || !body.message) return graphError(res, 400, '(#100) The parameter recipient is required', 100);
      provider = auth === `Bearer ${this.secrets.instagramAccessToken}` ? 'instagram' : 'messenger';
      id = newId('m_');
      answer = { recipient_id: body.recipient.id ?? body.recipient.comment_id ?? body.recipient.user_ref, message_id: id };
    } else {
      if (!body.message) return graphError(res, 400, '(#100) The parameter message is required', 100);
      provider = edge === 'replies' ? 'instagram' : 'messenger';
      id = newId('');
      answer = { id };
    }
    this.sent.push({ at: new Date().toISOString(), provider, path, body, id });
    return reply(res, 200, answer);
  }

  private telegram(res: ServerResponse, token: string, rest: string, isFile: boolean, body: any) {
    if (token !== this.secrets.telegramBotToken) return reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    if (isFile) return this.file(res, rest.replace(/^files\//, ''));
    if (rest === 'getFile') {
      const fileId = String(body.file_id ?? '');
      if (!this.media.has(fileId)) return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
      return reply(res, 200, {
        ok: true,
        result: { file_id: fileId, file_unique_id: fileId.slice(-8), file_size: this.media.get(fileId)!.bytes.length, file_path: `files/${fileId}` },
      });
    }
    if (rest === 'sendMessage' || rest === 'sendPhoto' || rest === 'sendDocument') {
      if (this.injected(res, `/bot/${rest}`)) return;
      const content = { sendMessage: body.text, sendPhoto: body.photo, sendDocument: body.document }[rest];
      if (!body.chat_id || !content) {
        return reply(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${body.chat_id ? 'message text is empty' : 'chat not found'}` });
      }
      const messageId = ++this.telegramSeq;
      this.sent.push({ at: new Date().toISOString(), provider: 'telegram', path: `/bot<token>/${rest}`, body, id: `${body.chat_id}/${messageId}` });
      return reply(res, 200, {
        ok: true,
        result: { message_id: messageId, chat: { id: Number(body.chat_id), type: 'private' }, date: Math.floor(Date.now() / 1000), text: body.text },
      });
    }
    return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
  }
}

/** A multipart upload (Telegram's sendPhoto/sendDocument) as fields, files as name, type, size and sha256. */
async function formBody(bytes: Buffer, contentType: string): Promise<Record<string, unknown>> {
  const form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  const out: Record<string, unknown> = {};
  for (const [name, value] of form) {
    if (typeof value === 'string') out[name] = value;
    else {
      const content = Buffer.from(await value.arrayBuffer());
      out[name] = { filename: value.name, contentType: value.type, size: content.length, sha256: createHash('sha256').update(content).digest('hex') };
    }
  }
  return out;
}

function safeJson(raw: string): any {
  try {
    return JSON.parse(raw);
  } catch {
    return {};
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function graphError(res: ServerResponse, status: number, message: string, code: number): void {
  reply(res, status, { error: { message, type: code === 190 ? 'OAuthException' : 'GraphMethodException', code, fbtrace_id: newId('') } });
}
