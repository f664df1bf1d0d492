import { extractEntities } from './entities';
import type { Model, RuntimeIntent } from './model';
import type { Entity, TextClassification } from './types';

export interface RecognizerOptions {
  readonly orderNumberPattern: string;
  /** Below this calibrated confidence the best intent is not trusted: the message is out of scope. */
  readonly outOfScopeBelow: number;
}

export const OUT_OF_SCOPE = 'out_of_scope';

/**
 * The built-in recognizer: language, intent with calibrated confidence, and entities, from the
 * trained model. Runs in the pipeline Lambda, behind `destek classify`, and behind the local Lex
 * runtime stand-in.
 */
export class BuiltinRecognizer {
  readonly definitions: ReadonlyMap<string, RuntimeIntent>;

  constructor(
    readonly model: Model,
    readonly options: RecognizerOptions,
    intents: readonly RuntimeIntent[] = model.file.bot,
  ) {
    this.definitions = new Map(intents.map((i) => [i.name, i]));
    const missing = model.intents.filter((c) => !this.definitions.has(c));
    if (missing.length) throw new Error(`the model knows intents the bot definition lacks: ${missing.join(', ')}; run npm run train`);
  }

  classify(text: string): TextClassification {
    const { lang } = this.model.language(text);
    const { scores, knownFeatures } = this.model.intentProbabilities(text);
    const best = scores[0]!;
    const top = scores.slice(0, 5).map((s) => ({ intent: s.intent, confidence: round(s.confidence) }));
    const entities: Entity[] = extractEntities(text, { orderNumberPattern: this.options.orderNumberPattern });
    if (knownFeatures === 0 || best.confidence < this.options.outOfScopeBelow) {
      // Nothing we know well: say so, with how unsure the best guess was.
      return { lang, intent: OUT_OF_SCOPE, confidence: round(1 - best.confidence), top, entities };
    }
    return { lang, intent: best.intent, confidence: round(best.confidence), top, entities };
  }
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;
