import { strToU8, zipSync } from 'fflate';
import type { IntentDefinition, SlotDefinition } from '#definitions/bot/schema';

/**
 * Destek's bot definition in Amazon Lex V2's import format (the JSON files of a bot export), so the
 * bot reaches Lex as a file in S3 rather than inline in the CloudFormation template: the template
 * stays the same size however many utterances a shop adds.
 */

/** The Destek intent that Lex answers with its built-in fallback instead of a trained intent. */
export const FALLBACK_INTENT = 'out_of_scope';
const LEX_FALLBACK_INTENT = 'FallbackIntent';
/** Lex V2 quota "characters per sample utterance" (counted in UTF-16 code units, as JS does). */
export const LEX_MAX_UTTERANCE_LENGTH = 500;
const LEX_MAX_DESCRIPTION_LENGTH = 200;
const SLOT_MAX_RETRIES = 2;

/** Which built-in Lex slot type reads what each Destek entity extractor reads. */
const slotTypes: Record<SlotDefinition['entity'], string> = {
  orderNumber: 'AMAZON.AlphaNumeric',
  trackingNumber: 'AMAZON.AlphaNumeric',
  email: 'AMAZON.EmailAddress',
  phone: 'AMAZON.PhoneNumber',
  amount: 'AMAZON.Number',
};

/**
 * The Lex name of a Destek intent or slot name. Lex allows letters and digits separated by single
 * underscores or hyphens; Destek names are already close, so only repeated underscores collapse.
 * The runtime adapter uses the same function to map Lex's answer back.
 */
export function lexName(name: string): string {
  const mapped = name.replace(/_{2,}/g, '_');
  if (!/^([0-9a-zA-Z][_-]?){1,100}$/.test(mapped)) throw new Error(`"${name}" cannot be a Lex V2 name`);
  return mapped;
}

/** A slot's name and what its values look like in a sample utterance. */
export interface SlotReference {
  readonly slotName: string;
  readonly value: RegExp;
}

/**
 * Sample utterances Lex accepts: braces and brackets are Lex syntax (slot references) or rejected
 * when unmatched, so they become spaces, as do control characters; then whitespace is collapsed,
 * the text trimmed to Lex's maximum length (at a word boundary where possible), and duplicates
 * dropped case-insensitively with the locale's own case rules (Turkish İ/ı). A value a slot reads
 * (an order number) becomes that slot's reference, `{orderNumber}`, so Lex fills the slot from the
 * message instead of asking for a number the customer already gave.
 */
export function lexSampleUtterances(utterances: readonly string[], locale: string, slotRefs: readonly SlotReference[] = []): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of utterances) {
    let cleaned = raw
      .normalize('NFC')
      .replace(/[{}[\]()<>\p{C}]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    // Lex allows one reference per slot in an utterance: the first value becomes it.
    for (const ref of slotRefs) cleaned = cleaned.replace(ref.value, `{${ref.slotName}}`);
    const text = truncate(cleaned);
    const key = text.toLocaleLowerCase(locale);
    if (!text || seen.has(key)) continue;
    seen.add(key);
    result.push(text);
  }
  return result;
}

function truncate(text: string): string {
  if (text.length <= LEX_MAX_UTTERANCE_LENGTH) return text;
  let cut = text.slice(0, LEX_MAX_UTTERANCE_LENGTH);
  // Never leave half of a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  // Cut before a word the limit splits, unless that would drop most of the text.
  const lastSpace = cut.lastIndexOf(' ');
  if (text[cut.length] !== ' ' && lastSpace > LEX_MAX_UTTERANCE_LENGTH / 2) cut = cut.slice(0, lastSpace);
  return cut.trimEnd();
}

export interface LexBotDefinitionProps {
  /** The bot's name; the import file's folder carries it. */
  readonly botName: string;
  readonly description: string;
  readonly idleSessionTtlInSeconds: number;
  readonly intents: readonly IntentDefinition[];
  /** Destek locale → Lex locale id, only for locales Lex answers, e.g. { en: 'en_US' }. */
  readonly lexLocales: Readonly<Record<string, string>>;
  /** Below this NLU confidence Lex falls back (AMAZON.FallbackIntent). */
  readonly nluConfidenceThreshold: number;
  /** Regular expressions of entity values (from the configuration), turned into slot references. */
  readonly slotPatterns?: Partial<Record<SlotDefinition['entity'], string>>;
}

/** The files of the import archive: path inside the zip → JSON document. */
export type LexBotFiles = Record<string, unknown>;

/**
 * The bot as Lex's import archive lays it out: Manifest.json, then under the bot's folder Bot.json
 * and per locale BotLocale.json, Intents/<name>/Intent.json and Intents/<name>/Slots/<slot>/Slot.json.
 * Only built-in slot types are used, so there are no SlotTypes.
 */
export function lexBotFiles(props: LexBotDefinitionProps): LexBotFiles {
  assertDistinctLexNames(props.intents);
  const root = props.botName;
  const files: LexBotFiles = {
    'Manifest.json': { metaData: { schemaVersion: '1', fileFormat: 'LexJson', resourceType: 'BOT' } },
    [`${root}/Bot.json`]: {
      name: props.botName,
      version: 'DRAFT',
      description: props.description,
      dataPrivacy: { childDirected: false },
      idleSessionTTLInSeconds: props.idleSessionTtlInSeconds,
    },
  };
  for (const [locale, localeId] of Object.entries(props.lexLocales)) {
    const base = `${root}/BotLocales/${localeId}`;
    files[`${base}/BotLocale.json`] = { identifier: localeId, version: 'DRAFT', nluConfidenceThreshold: props.nluConfidenceThreshold };
    for (const intent of props.intents.filter((i) => i.name !== FALLBACK_INTENT)) {
      const { json, slots } = lexIntent(intent, locale, props.slotPatterns);
      files[`${base}/Intents/${json.name}/Intent.json`] = json;
      for (const slot of slots) files[`${base}/Intents/${json.name}/Slots/${slot.name}/Slot.json`] = slot;
    }
    // Lex requires its fallback intent in every locale; it has no sample utterances of its own.
    files[`${base}/Intents/${LEX_FALLBACK_INTENT}/Intent.json`] = {
      name: LEX_FALLBACK_INTENT,
      description: FALLBACK_INTENT,
      parentIntentSignature: 'AMAZON.FallbackIntent',
    };
  }
  return files;
}

/**
 * The archive's bytes. Fixed timestamps and file order make the same definition the same bytes, so
 * the asset (and with it the deployment) only changes when the definition does.
 */
export function lexImportZip(files: LexBotFiles): Uint8Array {
  // fflate writes DOS times from local-time fields, so a local date gives the same bytes in every time zone.
  const mtime = new Date(1980, 0, 1);
  return zipSync(Object.fromEntries(Object.entries(files).map(([path, json]) => [path, strToU8(JSON.stringify(json))])), { level: 9, mtime });
}

function assertDistinctLexNames(intents: readonly IntentDefinition[]): void {
  const byLexName = new Map<string, string>();
  for (const intent of intents) {
    const name = lexName(intent.name);
    const other = byLexName.get(name);
    if (other) throw new Error(`SupportBot: intents "${other}" and "${intent.name}" both become Lex intent "${name}"`);
    byLexName.set(name, intent.name);
  }
}

/** The slot references of an intent whose slots' entities have a pattern (the order-number pattern). */
function slotReferences(intent: IntentDefinition, patterns: LexBotDefinitionProps['slotPatterns']): SlotReference[] {
  return intent.slots.flatMap((s) => {
    const pattern = patterns?.[s.entity];
    // Whole tokens only: an order number inside a longer code is not one.
    return pattern ? [{ slotName: lexName(s.name), value: new RegExp(`(?<![\\p{L}\\p{N}])(?:${pattern})(?![\\p{L}\\p{N}])`, 'u') }] : [];
  });
}

interface LexSlot {
  readonly name: string;
  readonly [key: string]: unknown;
}

function lexIntent(intent: IntentDefinition, locale: string, slotPatterns: LexBotDefinitionProps['slotPatterns']) {
  const utterances = lexSampleUtterances(intent.utterances[locale] ?? [], locale, slotReferences(intent, slotPatterns));
  if (utterances.length === 0) {
    throw new Error(`SupportBot: intent ${intent.name} has no sample utterances for locale "${locale}"`);
  }
  const slots = intent.slots.map((s) => lexSlot(intent.name, s, locale));
  const json = {
    name: lexName(intent.name),
    description: intent.description.slice(0, LEX_MAX_DESCRIPTION_LENGTH),
    sampleUtterances: utterances.map((utterance) => ({ utterance })),
    // Lex elicits slots in this order and rejects an intent with slots but no priorities.
    ...(slots.length > 0 ? { slotPriorities: slots.map((s, i) => ({ priority: i + 1, slotName: s.name })) } : {}),
  };
  return { json, slots };
}

function lexSlot(intentName: string, slot: SlotDefinition, locale: string): LexSlot {
  const prompt = slot.prompts[locale];
  if (slot.required && !prompt) {
    throw new Error(`SupportBot: required slot ${intentName}.${slot.name} has no prompt for locale "${locale}"`);
  }
  return {
    name: lexName(slot.name),
    slotTypeName: slotTypes[slot.entity],
    valueElicitationSetting: {
      slotConstraint: slot.required ? 'Required' : 'Optional',
      ...(prompt
        ? {
            promptSpecification: {
              maxRetries: SLOT_MAX_RETRIES,
              messageGroupsList: [{ message: { plainTextMessage: { value: prompt } } }],
            },
          }
        : {}),
    },
  };
}
