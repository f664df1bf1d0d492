import { beforeEach, describe, expect, it } from 'vitest';
import type { RecognizeTextInput, RecognizeTextOutput } from '#adapters/aws/lex-runtime';
import { LexRecognizer, lexSessionId } from '#adapters/lex-recognizer';

// Lex's cloud behaviour, as RecognizeText answers it, played back (the bot's NLU is Lex's own); the
// local stand-in and the wire format are tested in lex-runtime-local.
const lex = {
  calls: [] as RecognizeTextInput[],
  next: (): Promise<RecognizeTextOutput> => Promise.reject(new Error('no answer set')),
  resolves(output: RecognizeTextOutput) {
    this.next = async () => output;
  },
  rejects(error: Error) {
    this.next = async () => {
      throw error;
    };
  },
  reset() {
    this.calls = [];
    this.next = () => Promise.reject(new Error('no answer set'));
  },
  recognizeText(input: RecognizeTextInput) {
    this.calls.push(input);
    return this.next();
  },
};
const options = { botId: 'BOT1234567', botAliasId: 'ALIAS12345', localeIds: { en: 'en_US' } };

function recognizer(): LexRecognizer {
  return new LexRecognizer(lex, options);
}

const answer = (output: RecognizeTextOutput): RecognizeTextOutput => output;

const elicitOrderNumber = answer({
  messages: [{ content: 'I can check that for you. What is your order number?', contentType: 'PlainText' }],
  sessionState: {
    dialogAction: { type: 'ElicitSlot', slotToElicit: 'orderNumber' },
    intent: { name: 'track_order', slots: {}, state: 'InProgress', confirmationState: 'None' },
  },
  interpretations: [
    { intent: { name: 'FallbackIntent', slots: {} } },
    { intent: { name: 'get_refund', slots: {} }, nluConfidence: { score: 0.12 } },
    { intent: { name: 'track_order', slots: {} }, nluConfidence: { score: 0.91 } },
  ],
  sessionId: 'chat-v1',
});

const orderNumberFilled = answer({
  sessionState: {
    dialogAction: { type: 'Close' },
    intent: {
      name: 'track_order',
      slots: { orderNumber: { value: { originalValue: '#100234', interpretedValue: '100234', resolvedValues: ['100234'] } } },
      state: 'ReadyForFulfillment',
      confirmationState: 'None',
    },
  },
  interpretations: [{ intent: { name: 'track_order', slots: {} }, nluConfidence: { score: 1 } }, { intent: { name: 'FallbackIntent', slots: {} } }],
  sessionId: 'chat-v1',
});

function fallback(name: string): RecognizeTextOutput {
  return answer({
    sessionState: {
      dialogAction: { type: 'Close' },
      intent: { name, slots: {}, state: 'ReadyForFulfillment', confirmationState: 'None' },
    },
    interpretations: [{ intent: { name, slots: {} } }, { intent: { name: 'greeting', slots: {} }, nluConfidence: { score: 0.31 } }],
    sessionId: 'chat-v1',
  });
}

describe('recognising a message with Lex V2', () => {
  beforeEach(() => lex.reset());

  it('a missing required slot becomes an elicit dialog with the prompt Lex sends', async () => {
    lex.resolves(elicitOrderNumber);
    const r = await recognizer().recognize('where is my order', { locale: 'en', sessionId: 'chat-v1' });
    expect(r).toEqual({
      lang: 'en',
      intent: 'track_order',
      confidence: 0.91,
      top: [
        { intent: 'track_order', confidence: 0.91 },
        { intent: 'get_refund', confidence: 0.12 },
        { intent: 'out_of_scope', confidence: 0 },
      ],
      slots: {},
      dialog: { state: 'elicit', slotToElicit: 'orderNumber', prompt: 'I can check that for you. What is your order number?' },
      engine: 'lex',
    });
  });

  it('sends the configured bot, alias, Lex locale and the text', async () => {
    lex.resolves(elicitOrderNumber);
    await recognizer().recognize('where is my order', { locale: 'en', sessionId: 'chat-v1' });
    expect(lex.calls[0]!).toEqual({
      botId: 'BOT1234567',
      botAliasId: 'ALIAS12345',
      localeId: 'en_US',
      sessionId: 'chat-v1',
      text: 'where is my order',
    });
  });

  it('a filled slot on a ReadyForFulfillment intent is ready, with the interpreted value', async () => {
    lex.resolves(orderNumberFilled);
    const r = await recognizer().recognize('#100234', { locale: 'en', sessionId: 'chat-v1' });
    expect(r.intent).toBe('track_order');
    expect(r.confidence).toBe(1);
    expect(r.slots).toEqual({ orderNumber: '100234' });
    expect(r.dialog).toEqual({ state: 'ready' });
  });

  it('an intent without slots that Lex has fulfilled has no dialog', async () => {
    lex.resolves(
      answer({
        sessionState: { dialogAction: { type: 'Close' }, intent: { name: 'greeting', slots: {}, state: 'Fulfilled' } },
        interpretations: [{ intent: { name: 'greeting' }, nluConfidence: { score: 0.88 } }],
      }),
    );
    const r = await recognizer().recognize('hello there', { locale: 'en', sessionId: 'chat-v1' });
    expect(r).toMatchObject({ intent: 'greeting', confidence: 0.88, slots: {}, dialog: { state: 'none' } });
  });

  it.each(['FallbackIntent', 'AMAZON.FallbackIntent'])('the fallback intent (%s) is out_of_scope with confidence 0', async (name) => {
    lex.resolves(fallback(name));
    const r = await recognizer().recognize('what is the meaning of life', { locale: 'en', sessionId: 'chat-v1' });
    expect(r.intent).toBe('out_of_scope');
    expect(r.confidence).toBe(0);
    expect(r.top).toEqual([
      { intent: 'greeting', confidence: 0.31 },
      { intent: 'out_of_scope', confidence: 0 },
    ]);
    expect(r.dialog).toEqual({ state: 'none' });
  });

  it('an answer without an intent is out_of_scope', async () => {
    lex.resolves(answer({ sessionState: {}, interpretations: [] }));
    const r = await recognizer().recognize('???', { locale: 'en', sessionId: 'chat-v1' });
    expect(r).toMatchObject({ intent: 'out_of_scope', confidence: 0, top: [], slots: {}, dialog: { state: 'none' } });
  });

  it('keeps at most five intents in top, most likely first', async () => {
    const scores = [0.05, 0.4, 0.1, 0.3, 0.02, 0.13];
    lex.resolves(
      answer({
        sessionState: { intent: { name: 'i1', state: 'ReadyForFulfillment' } },
        interpretations: scores.map((score, i) => ({ intent: { name: `i${i}` }, nluConfidence: { score } })),
      }),
    );
    const r = await recognizer().recognize('x', { locale: 'en', sessionId: 'chat-v1' });
    expect(r.top.map((t) => t.confidence)).toEqual([0.4, 0.3, 0.13, 0.1, 0.05]);
  });

  it('a locale the bot has no Lex locale for fails clearly, without calling Lex', async () => {
    lex.resolves(elicitOrderNumber);
    await expect(recognizer().recognize('kargom nerede', { locale: 'tr', sessionId: 'chat-v1' })).rejects.toThrow(
      'Lex has no bot locale for Destek locale "tr" (configured: en)',
    );
    expect(lex.calls).toHaveLength(0);
  });

  it('an error from Lex reaches the caller', async () => {
    lex.rejects(new Error('throttled'));
    await expect(recognizer().recognize('hi', { locale: 'en', sessionId: 'chat-v1' })).rejects.toThrow('throttled');
  });
});

describe('Lex session ids', () => {
  const valid = /^[0-9a-zA-Z._:-]{2,100}$/;

  it('a valid id is sent unchanged', async () => {
    expect(lexSessionId('chat-v1_a.b:c')).toBe('chat-v1_a.b:c');
  });

  it.each([
    ['characters Lex refuses', 'chat#visitor 1/ü'],
    ['too short', 'a'],
    ['too long', 'v'.repeat(101)],
  ])('an id with %s becomes a valid, stable hash', (_, id) => {
    const sanitised = lexSessionId(id);
    expect(sanitised).toMatch(valid);
    expect(lexSessionId(id)).toBe(sanitised);
  });

  it('ids that differ only in refused characters stay distinct', () => {
    expect(lexSessionId('chat#a b')).not.toBe(lexSessionId('chat#a_b'));
  });

  it('the recognizer sends the sanitised id', async () => {
    lex.reset();
    lex.resolves(elicitOrderNumber);
    await recognizer().recognize('where is my order', { locale: 'en', sessionId: 'chat#visitor 1' });
    const sent = lex.calls[0]!.sessionId!;
    expect(sent).toMatch(valid);
    expect(sent).toBe(lexSessionId('chat#visitor 1'));
  });
});
