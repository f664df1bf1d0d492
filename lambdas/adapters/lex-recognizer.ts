import { createHash } from 'node:crypto';
import type { Interpretation, LexRuntimeV2Client, RecognizeTextOutput } from '#adapters/aws/lex-runtime';
import type { IntentScore, Language, Recognition } from '#brain/types';

export interface LexRecognizerOptions {
  readonly botId: string;
  readonly botAliasId: string;
  /** Destek locale → Lex locale id, e.g. { en: 'en_US' }. Lex V2 has no Turkish locale. */
  readonly localeIds: Readonly<Record<string, string>>;
}

export interface LexContext {
  /** Destek locale of the message ("en"). */
  readonly locale: string;
  /** The conversation the dialog belongs to; Lex keeps slot-elicitation state per session. */
  readonly sessionId: string;
}

const OUT_OF_SCOPE = 'out_of_scope';
/**
 * A Lex V2 bot's fallback intent is named "FallbackIntent" (signature AMAZON.FallbackIntent); both
 * names mean "nothing matched".
 */
const FALLBACK_INTENTS: ReadonlySet<string> = new Set(['FallbackIntent', 'AMAZON.FallbackIntent']);
const MAX_TOP = 5;
/** What Lex accepts as a session id. */
const LEX_SESSION_ID = /^[0-9a-zA-Z._:-]{2,100}$/;

/**
 * A session id Lex accepts. Valid ids pass unchanged (readable in Lex's logs); anything else (Destek's
 * "chat#visitor" keys, long or one-character ids) becomes a hash, so distinct ids stay distinct.
 */
export function lexSessionId(sessionId: string): string {
  if (LEX_SESSION_ID.test(sessionId)) return sessionId;
  return `sha256:${createHash('sha256').update(sessionId, 'utf8').digest('hex')}`;
}

function destekIntent(lexName: string | undefined): string {
  return lexName === undefined || FALLBACK_INTENTS.has(lexName) ? OUT_OF_SCOPE : lexName;
}

function languageOf(locale: string): Language {
  return locale === 'en' || locale === 'tr' ? locale : 'other';
}

function topIntents(interpretations: readonly Interpretation[]): IntentScore[] {
  return interpretations
    .filter((i) => i.intent?.name !== undefined)
    .map((i) => ({ intent: destekIntent(i.intent!.name), confidence: i.nluConfidence?.score ?? 0 }))
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, MAX_TOP);
}

/** Maps one RecognizeText answer to Destek's engine-neutral Recognition. */
export function recognitionFromLex(response: RecognizeTextOutput, locale: string): Recognition {
  const lexIntent = response.sessionState?.intent;
  const intent = destekIntent(lexIntent?.name);
  const interpretations = response.interpretations ?? [];
  const fallback = intent === OUT_OF_SCOPE;
  // Lex gives the fallback no confidence; for other intents the score is on the matching interpretation.
  const confidence = fallback ? 0 : (interpretations.find((i) => i.intent?.name === lexIntent?.name)?.nluConfidence?.score ?? 0);

  const slots: Record<string, string> = {};
  if (!fallback) {
    for (const [name, slot] of Object.entries(lexIntent?.slots ?? {})) {
      const value = slot?.value?.interpretedValue;
      if (value !== undefined && value !== null) slots[name] = value;
    }
  }

  const action = response.sessionState?.dialogAction;
  let dialog: Recognition['dialog'];
  if (!fallback && action?.type === 'ElicitSlot') {
    const prompt = response.messages?.[0]?.content;
    dialog = {
      state: 'elicit',
      ...(action.slotToElicit !== undefined && { slotToElicit: action.slotToElicit }),
      ...(prompt !== undefined && { prompt }),
    };
  } else if (!fallback && (lexIntent?.state === 'ReadyForFulfillment' || lexIntent?.state === 'Fulfilled') && Object.keys(slots).length > 0) {
    dialog = { state: 'ready' };
  } else {
    dialog = { state: 'none' };
  }

  return { lang: languageOf(locale), intent, confidence, top: topIntents(interpretations), slots, dialog, engine: 'lex' };
}

/** Recognises a message with a Lex V2 bot, which also runs the dialog (asks for missing slots). */
export class LexRecognizer {
  constructor(
    private readonly client: Pick<LexRuntimeV2Client, 'recognizeText'>,
    private readonly options: LexRecognizerOptions,
  ) {}

  async recognize(text: string, context: LexContext): Promise<Recognition> {
    const localeId = this.options.localeIds[context.locale];
    if (localeId === undefined) {
      const known = Object.keys(this.options.localeIds).join(', ') || 'none';
      throw new Error(`Lex has no bot locale for Destek locale "${context.locale}" (configured: ${known})`);
    }
    const response = await this.client.recognizeText({
      botId: this.options.botId,
      botAliasId: this.options.botAliasId,
      localeId,
      sessionId: lexSessionId(context.sessionId),
      text,
    });
    return recognitionFromLex(response, context.locale);
  }
}
