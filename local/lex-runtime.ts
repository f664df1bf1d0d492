import { createServer as createHttp1Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Entity, TextClassification } from '#brain/types';
import type { IntentDefinition, SlotDefinition } from '#definitions/bot/schema';
import { LocalStackError } from './errors';

export interface LexRuntimeServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly intents: readonly IntentDefinition[];
  /** The built-in recognizer (or a test double of it); locale is Destek's ("en"). */
  readonly classify: (text: string, locale: string) => TextClassification | Promise<TextClassification>;
}

export interface LexRuntimeServer {
  /** http://127.0.0.1:PORT — what AWS_ENDPOINT_URL_LEX_RUNTIME_V2 is set to. */
  readonly endpoint: string;
  close(): Promise<void>;
}

/** A Lex V2 bot's fallback intent, as RecognizeText names it. */
const FALLBACK_INTENT = 'FallbackIntent';
const OUT_OF_SCOPE = 'out_of_scope';
/** Lex V2's default NLU confidence threshold: below it the fallback intent wins. */
const NLU_CONFIDENCE_THRESHOLD = 0.4;
const MAX_INTERPRETATIONS = 5;
const MAX_TEXT_CHARS = 1024;
const MAX_BODY_BYTES = 64 * 1024;
/** Sessions kept in memory; the oldest is dropped beyond this (Lex itself expires idle sessions). */
const MAX_SESSIONS = 10_000;
const SESSION_ID = /^[0-9a-zA-Z._:-]{2,100}$/;
const RECOGNIZE_TEXT_PATH = /^\/bots\/([^/]+)\/botAliases\/([^/]+)\/botLocales\/([^/]+)\/sessions\/([^/]+)\/text$/;

/** RecognizeText's JSON shapes (the subset the stand-in produces). */
interface LexSlot {
  value: { originalValue: string; interpretedValue: string; resolvedValues: string[] };
}
interface LexIntent {
  name: string;
  slots: Record<string, LexSlot | null>;
  state: 'InProgress' | 'ReadyForFulfillment';
  confirmationState: 'None';
}
interface LexInterpretation {
  intent: { name: string; slots: Record<string, LexSlot | null>; state?: LexIntent['state']; confirmationState?: 'None' };
  nluConfidence?: { score: number };
  interpretationSource: 'Lex';
}

/** What a session remembers between turns: the intent whose slot it is asking for. */
interface Dialog {
  readonly intent: IntentDefinition;
  readonly slots: Readonly<Record<string, Entity>>;
  readonly slotToElicit: string;
}

interface Session {
  dialog?: Dialog;
  sessionAttributes: Record<string, string>;
}

class LexError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** Lex locale id → Destek locale: "en_US" → "en". */
function destekLocale(localeId: string): string {
  return localeId.split('_')[0]!.toLowerCase();
}

function lexSlot(entity: Entity): LexSlot {
  return { value: { originalValue: entity.text, interpretedValue: entity.value, resolvedValues: [entity.value] } };
}

/** Every defined slot, null when unfilled, as Lex shows them. */
function lexSlots(intent: IntentDefinition, filled: Readonly<Record<string, Entity>>): Record<string, LexSlot | null> {
  return Object.fromEntries(intent.slots.map((s) => [s.name, filled[s.name] ? lexSlot(filled[s.name]!) : null]));
}

/** Fills the intent's slots from the entities found in the text, keeping those filled before. */
function fillSlots(intent: IntentDefinition, entities: readonly Entity[], before: Readonly<Record<string, Entity>> = {}): Record<string, Entity> {
  const slots: Record<string, Entity> = { ...before };
  for (const slot of intent.slots) {
    const entity = entities.find((e) => e.type === slot.entity);
    if (!slots[slot.name] && entity) slots[slot.name] = entity;
  }
  return slots;
}

function missingRequired(intent: IntentDefinition, slots: Readonly<Record<string, Entity>>): SlotDefinition | undefined {
  return intent.slots.find((s) => s.required && !slots[s.name]);
}

type LexRequest = Http2ServerRequest | IncomingMessage;
type LexResponse = Pick<ServerResponse, 'writeHead' | 'end' | 'headersSent' | 'destroy'>;

function readBody(req: LexRequest): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new LexError(400, 'ValidationException', `Request body exceeds ${MAX_BODY_BYTES} bytes`));
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: LexResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  res.end(payload);
}

/**
 * Lex V2's RecognizeText, locally, over HTTP/1.1 (Destek's client) and cleartext HTTP/2 (the SDK's
 * NodeHttp2Handler speaks h2 with prior knowledge to an http:// endpoint) on one port, as Lex answers both. Intents and slot prompts come from the bot definition, the
 * classification from the built-in recognizer; the dialog (asking for a missing required slot, then
 * continuing the intent when the answer holds it) is kept per session in memory, as Lex keeps it.
 */
export async function startLexRuntimeServer(options: LexRuntimeServerOptions): Promise<LexRuntimeServer> {
  const intents = new Map(options.intents.map((i) => [i.name, i]));
  const locales = new Set(options.intents.flatMap((i) => Object.keys(i.utterances)));
  const sessions = new Map<string, Session>();
  const connections = new Set<Socket>();

  function sessionFor(key: string): Session {
    let session = sessions.get(key);
    if (session) {
      sessions.delete(key); // re-insert: Map order doubles as least-recently-used order
    } else {
      session = { sessionAttributes: {} };
      if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
    }
    sessions.set(key, session);
    return session;
  }

  async function recognizeText(params: { botId: string; botAliasId: string; localeId: string; sessionId: string }, body: unknown): Promise<unknown> {
    const locale = destekLocale(params.localeId);
    if (!locales.has(locale)) {
      throw new LexError(404, 'ResourceNotFoundException', `Locale ${params.localeId} is not defined for bot ${params.botId}`);
    }
    if (!SESSION_ID.test(params.sessionId)) {
      throw new LexError(400, 'ValidationException', `sessionId must match [0-9a-zA-Z._:-]{2,100}`);
    }
    const request = (body ?? {}) as { text?: unknown; sessionState?: { sessionAttributes?: unknown }; requestAttributes?: unknown };
    if (typeof request.text !== 'string' || request.text.length < 1 || request.text.length > MAX_TEXT_CHARS) {
      throw new LexError(400, 'ValidationException', `text must be a string of 1 to ${MAX_TEXT_CHARS} characters`);
    }

    const session = sessionFor(`${params.botId}/${params.botAliasId}/${params.localeId}/${params.sessionId}`);
    const attributes = request.sessionState?.sessionAttributes;
    if (attributes && typeof attributes === 'object') session.sessionAttributes = { ...(attributes as Record<string, string>) };

    const classification = await options.classify(request.text, locale);
    const eliciting = session.dialog;
    const elicitedSlot = eliciting?.intent.slots.find((s) => s.name === eliciting.slotToElicit);
    const answer = elicitedSlot && classification.entities.find((e) => e.type === elicitedSlot.entity);

    let intent: IntentDefinition | undefined;
    let slots: Record<string, Entity> = {};
    let confidence: number;
    if (eliciting && answer) {
      // The customer answered the question: the previous intent goes on, whatever the text alone means.
      intent = eliciting.intent;
      slots = fillSlots(intent, classification.entities, { ...eliciting.slots, [eliciting.slotToElicit]: answer });
      confidence = 1;
    } else {
      const candidate = intents.get(classification.intent);
      const fallback = !candidate || classification.intent === OUT_OF_SCOPE || classification.confidence < NLU_CONFIDENCE_THRESHOLD;
      intent = fallback ? undefined : candidate;
      if (intent) slots = fillSlots(intent, classification.entities);
      confidence = classification.confidence;
    }

    const missing = intent && missingRequired(intent, slots);
    const prompt = missing?.prompts[locale];
    session.dialog = intent && missing ? { intent, slots, slotToElicit: missing.name } : undefined;

    const lexIntent: LexIntent = intent
      ? { name: intent.name, slots: lexSlots(intent, slots), state: missing ? 'InProgress' : 'ReadyForFulfillment', confirmationState: 'None' }
      : { name: FALLBACK_INTENT, slots: {}, state: 'ReadyForFulfillment', confirmationState: 'None' };

    // The recognised intent first, then the classifier's other candidates; Lex gives the fallback no score.
    const others: LexInterpretation[] = classification.top
      .filter((t) => t.intent !== lexIntent.name && t.intent !== OUT_OF_SCOPE && intents.has(t.intent))
      .map((t) => ({
        intent: { name: t.intent, slots: {} },
        nluConfidence: { score: t.confidence },
        interpretationSource: 'Lex',
      }));
    const first: LexInterpretation = {
      intent: lexIntent,
      ...(intent && { nluConfidence: { score: confidence } }),
      interpretationSource: 'Lex',
    };
    const fallbackLast: LexInterpretation[] = intent ? [{ intent: { name: FALLBACK_INTENT, slots: {} }, interpretationSource: 'Lex' }] : [];
    const interpretations = [first, ...others, ...fallbackLast].slice(0, MAX_INTERPRETATIONS);

    return {
      ...(prompt !== undefined && { messages: [{ content: prompt, contentType: 'PlainText' }] }),
      sessionState: {
        dialogAction: missing ? { type: 'ElicitSlot', slotToElicit: missing.name } : { type: 'Close' },
        intent: lexIntent,
        sessionAttributes: session.sessionAttributes,
        originatingRequestId: randomUUID(),
      },
      interpretations,
      ...(request.requestAttributes !== undefined && { requestAttributes: request.requestAttributes }),
      sessionId: params.sessionId,
    };
  }

  async function handle(req: LexRequest, res: LexResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const match = req.method === 'POST' ? RECOGNIZE_TEXT_PATH.exec(path) : null;
    if (!match) {
      throw new LexError(404, 'ResourceNotFoundException', `No RecognizeText operation at ${req.method} ${path}`);
    }
    const [botId, botAliasId, localeId, sessionId] = match.slice(1).map((s) => decodeURIComponent(s!)) as [string, string, string, string];
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw === '' ? {} : JSON.parse(raw);
    } catch {
      throw new LexError(400, 'ValidationException', 'Request body is not valid JSON');
    }
    sendJson(res, 200, await recognizeText({ botId, botAliasId, localeId, sessionId }, body));
  }

  const onRequest = (req: LexRequest, res: LexResponse) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) return void res.destroy();
      // Lex's error shape: the type in x-amzn-errortype, the text in the JSON body.
      const error = e instanceof LexError ? e : new LexError(500, 'InternalServerException', 'Internal server error');
      sendJson(res, error.status, { message: error.message }, { 'x-amzn-errortype': error.type });
    });
  };
  const http1 = createHttp1Server(onRequest);
  const http2 = createServer((req, res) => onRequest(req, res as Http2ServerResponse & LexResponse));
  // One port for both: an HTTP/2 connection opens with its preface ("PRI * HTTP/2.0"), HTTP/1.1 with a method.
  const server = createTcpServer((socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
    socket.once('readable', () => {
      const first = (socket.read(3) ?? socket.read()) as Buffer | null;
      if (!first) return void socket.destroy();
      socket.unshift(first);
      (first.toString('latin1') === 'PRI' ? http2 : http1).emit('connection', socket);
    });
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new LocalStackError(
          e.code === 'EADDRINUSE'
            ? `port ${options.port} (lex runtime) is in use: stop what uses it or choose another port`
            : `cannot listen on port ${options.port} (lex runtime): ${e.message}`,
        ),
      ),
    );
    server.listen(options.port, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });

  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        // Clients keep connections open (HTTP/2 sessions, keep-alive); close() alone would wait for them.
        for (const s of connections) s.destroy();
        server.close(() => resolve());
      }),
  };
}
