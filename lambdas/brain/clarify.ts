import type { IntentScore } from './types';

/** Intents a clarifying question never offers: small talk and "not ours" are no request to choose. */
const NOT_A_CHOICE = new Set(['out_of_scope', 'greeting', 'thanks']);

/**
 * How close the best two intents must be for the bot to ask rather than guess. Chosen on the blind
 * and held-out sets (bench/brain.ts reports the share asked): about 2–5% of messages are asked, and
 * about a fifth of the recognizer's mistakes become the customer's own choice.
 */
export const CLARIFY_MARGIN = 0.3;
export const CLARIFY_FLOOR = 0.15;

/** The two intents to offer when the best two are too close to call; undefined when one clearly wins. */
export function closeCall(top: readonly IntentScore[], alwaysHuman: (intent: string) => boolean = () => false): readonly [string, string] | undefined {
  const [first, second] = top;
  if (!first || !second) return undefined;
  if ([first, second].some((s) => NOT_A_CHOICE.has(s.intent) || alwaysHuman(s.intent))) return undefined;
  return first.confidence - second.confidence < CLARIFY_MARGIN && second.confidence >= CLARIFY_FLOOR ? [first.intent, second.intent] : undefined;
}

/** The clarification a ticket waits on: `awaiting.intent` is this, `awaiting.slot` the two intents. */
export const CLARIFY = '@clarify';
