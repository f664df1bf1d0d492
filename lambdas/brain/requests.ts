import type { BuiltinRecognizer } from './recognizer';

/** Intents that are no request of their own: a greeting or thanks beside a request is not a second one. */
const NO_REQUEST = new Set(['greeting', 'thanks', 'out_of_scope']);

/**
 * Where one request ends and another begins: "ve", "ayrıca", "bir de", "and (also)". Not at every
 * sentence: the sentences of a long message are mostly context around one request (cutting there
 * found a "second request" in 10–15% of the test messages; cutting at these words, 1–2%).
 */
const JOINS = /[;,.!?]?\s+(?:ve|ayrıca|ayrica|bir de|hem de|and also|and|also|plus)\s+/giu;

/** How sure the recognizer must be of each part, and how long a part must be, to count it as a request. */
const PART_CONFIDENCE = 0.8;
const MIN_PART_WORDS = 2;

export interface RequestPart {
  readonly intent: string;
  readonly confidence: number;
  readonly text: string;
}

/**
 * The separate requests of a message ("siparişimi iptal etmek ve faturamı almak istiyorum": cancel
 * and invoice): the message cut where requests join, each part read on its own; two or more parts the
 * recognizer is sure of, with different intents, are separate requests. One request (or none sure
 * enough) gives an empty list: the message is read whole.
 */
export function separateRequests(text: string, recognizer: Pick<BuiltinRecognizer, 'classify'>): RequestPart[] {
  const parts = text
    .split(JOINS)
    .map((p) => p?.trim() ?? '')
    .filter((p) => p.split(/\s+/).length >= MIN_PART_WORDS);
  if (parts.length < 2 || parts.length > 6) return [];
  const found: RequestPart[] = [];
  for (const part of parts) {
    const c = recognizer.classify(part);
    if (c.confidence < PART_CONFIDENCE || NO_REQUEST.has(c.intent) || found.some((f) => f.intent === c.intent)) continue;
    found.push({ intent: c.intent, confidence: c.confidence, text: part });
  }
  return found.length >= 2 ? found : [];
}
