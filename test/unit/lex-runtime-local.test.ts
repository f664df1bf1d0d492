import { connect } from 'node:http2';
import { LexRuntimeV2Client as SdkLexRuntimeV2Client, RecognizeTextCommand } from '@aws-sdk/client-lex-runtime-v2';
import type { LexRuntimeV2Client } from '#adapters/aws/lex-runtime';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLexClient } from '#adapters/lex-client';
import { LexRecognizer } from '#adapters/lex-recognizer';
import type { Entity, TextClassification } from '#brain/types';
import { loadIntents } from '#definitions/bot/load';
import { startLexRuntimeServer } from '#local/lex-runtime';

/** A keyword test double of the built-in recognizer: enough to drive the dialog deterministically. */
function classify(text: string): TextClassification {
  const entities: Entity[] = [...text.matchAll(/\b\d{6}\b/g)].map((m) => ({
    type: 'orderNumber',
    value: m[0],
    text: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
  const lower = text.toLowerCase();
  const [intent, confidence] = /order|package|parcel/.test(lower)
    ? ['track_order', 0.92]
    : /hello|hi\b/.test(lower)
      ? ['greeting', 0.85]
      : /refund/.test(lower)
        ? ['get_refund', 0.3] // known intent, but below Lex's confidence threshold
        : ['out_of_scope', 0.8];
  const top = [
    { intent, confidence },
    { intent: 'get_invoice', confidence: 0.05 },
  ];
  return { lang: 'en', intent, confidence, top, entities };
}

const bot = { botId: 'DESTEKBOT1', botAliasId: 'TSTALIASID', localeIds: { en: 'en_US' } };
let server: Awaited<ReturnType<typeof startLexRuntimeServer>>;
let client: LexRuntimeV2Client;
let lex: LexRecognizer;

beforeAll(async () => {
  server = await startLexRuntimeServer({ port: 0, intents: loadIntents(), classify });
  // Exactly how the local stack points production code at the stand-in: the SDK's own variable.
  vi.stubEnv('AWS_ENDPOINT_URL_LEX_RUNTIME_V2', server.endpoint);
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  client = createLexClient();
  lex = new LexRecognizer(client, bot);
});

afterAll(async () => {
  await server?.close();
  vi.unstubAllEnvs();
});

describe('the local Lex V2 runtime', () => {
  it('asks for the order number when a track_order question has none, in English', async () => {
    const r = await lex.recognize('where is my order?', { locale: 'en', sessionId: 'chat#visitor-1' });
    expect(r).toMatchObject({
      engine: 'lex',
      lang: 'en',
      intent: 'track_order',
      confidence: 0.92,
      slots: {},
      dialog: { state: 'elicit', slotToElicit: 'orderNumber', prompt: 'I can check that for you. What is your order number?' },
    });
  });

  it('the next message with the number continues track_order with the slot filled', async () => {
    // "100234" alone classifies as out_of_scope: only the session's dialog makes it an order number.
    expect(classify('100234').intent).toBe('out_of_scope');
    const r = await lex.recognize('100234', { locale: 'en', sessionId: 'chat#visitor-1' });
    expect(r).toMatchObject({ intent: 'track_order', slots: { orderNumber: '100234' }, dialog: { state: 'ready' } });
    expect(r.top[0]).toEqual({ intent: 'track_order', confidence: r.confidence });
  });

  it('a finished dialog does not capture the next message', async () => {
    const r = await lex.recognize('100999', { locale: 'en', sessionId: 'chat#visitor-1' });
    expect(r.intent).toBe('out_of_scope');
  });

  it('a number in another session does not continue this one', async () => {
    await lex.recognize('where is my package', { locale: 'en', sessionId: 'chat#visitor-2' });
    const r = await lex.recognize('100234', { locale: 'en', sessionId: 'chat#visitor-3' });
    expect(r.intent).toBe('out_of_scope');
  });

  it('a track_order question with its number is ready at once', async () => {
    const r = await lex.recognize('where is order 104552', { locale: 'en', sessionId: 'chat#visitor-4' });
    expect(r).toMatchObject({ intent: 'track_order', slots: { orderNumber: '104552' }, dialog: { state: 'ready' } });
  });

  it('an out-of-scope text is out_of_scope', async () => {
    const r = await lex.recognize('what is the meaning of life', { locale: 'en', sessionId: 'chat#visitor-5' });
    expect(r).toMatchObject({ intent: 'out_of_scope', confidence: 0, slots: {}, dialog: { state: 'none' } });
    expect(r.top[0]).toEqual({ intent: 'get_invoice', confidence: 0.05 });
  });

  it('a known intent below the confidence threshold falls back to out_of_scope', async () => {
    const r = await lex.recognize('refund?', { locale: 'en', sessionId: 'chat#visitor-6' });
    expect(r.intent).toBe('out_of_scope');
  });

  it('an intent without slots has no dialog', async () => {
    const r = await lex.recognize('hello', { locale: 'en', sessionId: 'chat#visitor-7' });
    expect(r).toMatchObject({ intent: 'greeting', confidence: 0.85, dialog: { state: 'none' } });
  });

  it('a Lex locale the bot does not define is ResourceNotFoundException', async () => {
    const german = new LexRecognizer(client, { ...bot, localeIds: { de: 'de_DE' } });
    await expect(german.recognize('wo ist meine Bestellung', { locale: 'de', sessionId: 'chat-v8' })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it("answers Destek's client over HTTP/1.1 and the SDK over HTTP/2 on the same port, as Lex does", async () => {
    await lex.recognize('hello', { locale: 'en', sessionId: 'chat#visitor-9' });
    const sdk = new SdkLexRuntimeV2Client({ region: 'eu-west-1', endpoint: server.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    let body: unknown;
    sdk.middlewareStack.add(
      (next) => async (args) => {
        const out = await next(args);
        body = (out.response as { body?: unknown }).body;
        return out;
      },
      { step: 'deserialize', name: 'captureResponseBody' },
    );
    try {
      const out = await sdk.send(
        new RecognizeTextCommand({ botId: bot.botId, botAliasId: bot.botAliasId, localeId: 'en_US', sessionId: 'chat-visitor-10', text: 'hello' }),
      );
      expect(out.sessionState?.intent?.name).toBe('greeting');
      // The SDK's NodeHttp2Handler hands back the HTTP/2 stream as the body; HTTP/1.1 would be an IncomingMessage.
      expect((body as object).constructor.name).toBe('ClientHttp2Stream');
    } finally {
      sdk.destroy();
    }
  });
});

/** One raw HTTP/2 request, for what the SDK never sends. */
async function rawRequest(path: string, body: string): Promise<{ status: number; errorType: unknown; json: unknown }> {
  const session = connect(server.endpoint);
  try {
    return await new Promise((resolve, reject) => {
      const req = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/json' });
      let status = 0;
      let errorType: unknown;
      let data = '';
      req.on('response', (headers) => {
        status = Number(headers[':status']);
        errorType = headers['x-amzn-errortype'];
      });
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (data += chunk));
      req.on('end', () => resolve({ status, errorType, json: JSON.parse(data) }));
      req.on('error', reject);
      req.end(body);
    });
  } finally {
    session.close();
  }
}

describe('the local Lex V2 runtime, in Lex error format', () => {
  const textPath = '/bots/DESTEKBOT1/botAliases/TSTALIASID/botLocales/en_US/sessions/raw-1/text';

  it('an unknown path is 404 ResourceNotFoundException', async () => {
    const r = await rawRequest('/bots/DESTEKBOT1/somewhere-else', '{}');
    expect(r.status).toBe(404);
    expect(r.errorType).toBe('ResourceNotFoundException');
    expect(r.json).toEqual({ message: expect.stringContaining('/bots/DESTEKBOT1/somewhere-else') });
  });

  it('a body that is not JSON is 400 ValidationException', async () => {
    const r = await rawRequest(textPath, '{"text": ');
    expect(r).toEqual({ status: 400, errorType: 'ValidationException', json: { message: 'Request body is not valid JSON' } });
  });

  it('a session id Lex would refuse is 400 ValidationException', async () => {
    const r = await rawRequest(textPath.replace('raw-1', 'a'), '{"text":"hello"}');
    expect(r.status).toBe(400);
    expect(r.errorType).toBe('ValidationException');
  });

  it('a well-formed raw request gets the RecognizeText shape', async () => {
    const r = await rawRequest(textPath, JSON.stringify({ text: 'where is my order', requestAttributes: { channel: 'chat' } }));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      sessionId: 'raw-1',
      messages: [{ content: 'I can check that for you. What is your order number?', contentType: 'PlainText' }],
      sessionState: {
        dialogAction: { type: 'ElicitSlot', slotToElicit: 'orderNumber' },
        intent: { name: 'track_order', slots: { orderNumber: null }, state: 'InProgress' },
      },
      interpretations: [{ intent: { name: 'track_order' }, nluConfidence: { score: 0.92 } }, {}, {}],
      requestAttributes: { channel: 'chat' },
    });
  });

  it('the SDK maps the error type to its exception class', async () => {
    await expect(lex.recognize('', { locale: 'en', sessionId: 'chat-v10' })).rejects.toMatchObject({ name: 'ValidationException' });
  });
});
