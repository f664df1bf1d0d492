import { ArnFormat, Names, Stack } from 'aws-cdk-lib';
import { Grant, Role, ServicePrincipal, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { CfnBot, CfnBotAlias, CfnBotVersion } from 'aws-cdk-lib/aws-lex';
import { Construct } from 'constructs';
import { createHash } from 'node:crypto';
import type { IntentDefinition, SlotDefinition } from '../../lambdas/definitions/bot/schema';

/** The Destek intent that Lex answers with its built-in fallback instead of a trained intent. */
export const FALLBACK_INTENT = 'out_of_scope';
const LEX_FALLBACK_INTENT = 'FallbackIntent';
/** Lex V2 quota "characters per sample utterance" (counted in UTF-16 code units, as JS does). */
export const LEX_MAX_UTTERANCE_LENGTH = 500;
const LEX_MAX_DESCRIPTION_LENGTH = 200;
const SLOT_MAX_RETRIES = 2;
const IDLE_SESSION_TTL_SECONDS = 600;
const ALIAS_NAME = 'live';

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

/** A slot's name and what its values look like in a sample utterance. */
export interface SlotReference {
  readonly slotName: string;
  readonly value: RegExp;
}

/** The slot references of an intent whose slots' entities have a pattern (the order-number pattern). */
function slotReferences(intent: IntentDefinition, patterns: SupportBotProps['slotPatterns']): SlotReference[] {
  return intent.slots.flatMap((s) => {
    const pattern = patterns?.[s.entity];
    // Whole tokens only: an order number inside a longer code is not one.
    return pattern ? [{ slotName: lexName(s.name), value: new RegExp(`(?<![\\p{L}\\p{N}])(?:${pattern})(?![\\p{L}\\p{N}])`, 'u') }] : [];
  });
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

export interface SupportBotProps {
  readonly intents: readonly IntentDefinition[];
  /** Destek locale → Lex locale id, only for locales Lex answers, e.g. { en: 'en_US' }. Must be non-empty. */
  readonly lexLocales: Readonly<Record<string, string>>;
  /** Below this NLU confidence Lex falls back (AMAZON.FallbackIntent). */
  readonly nluConfidenceThreshold: number;
  /** Regular expressions of entity values (from the configuration), turned into slot references. */
  readonly slotPatterns?: Partial<Record<SlotDefinition['entity'], string>>;
}

/**
 * The Amazon Lex V2 bot built from Destek's bot definition: one locale per Lex-supported Destek
 * locale, every intent with that locale's sample utterances and slot prompts, out_of_scope as Lex's
 * fallback, a version of the draft and a "live" alias the pipeline calls RecognizeText on.
 */
export class SupportBot extends Construct {
  readonly bot: CfnBot;
  readonly version: CfnBotVersion;
  readonly alias: CfnBotAlias;
  readonly role: Role;
  readonly botId: string;
  readonly botAliasId: string;
  readonly aliasArn: string;

  constructor(scope: Construct, id: string, props: SupportBotProps) {
    super(scope, id);
    const locales = Object.entries(props.lexLocales);
    if (locales.length === 0) {
      throw new Error('SupportBot: lexLocales is empty; give at least one Destek locale → Lex locale, e.g. { en: "en_US" }');
    }
    const threshold = props.nluConfidenceThreshold;
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new Error(`SupportBot: nluConfidenceThreshold must be between 0 and 1, got ${threshold}`);
    }
    assertDistinctLexNames(props.intents);

    // A text bot calls no other service (no Polly speech, no sentiment analysis), so the role Lex
    // assumes has no permissions at all; being empty, it needs no confused-deputy conditions either.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lexv2.amazonaws.com'),
      description: 'Runtime role of the Destek support bot (text only: no permissions needed)',
    });

    const botLocales = locales.map(([locale, localeId]) => botLocale(props.intents, locale, localeId, threshold, props.slotPatterns));
    this.bot = new CfnBot(this, 'Bot', {
      name: Names.uniqueResourceName(this, { maxLength: 100 }),
      description: 'Destek customer support bot, built from the bot definition',
      roleArn: this.role.roleArn,
      // Typed `any` in aws-cdk-lib, so passed through as is: it needs CloudFormation's own casing.
      dataPrivacy: { ChildDirected: false },
      idleSessionTtlInSeconds: IDLE_SESSION_TTL_SECONDS,
      autoBuildBotLocales: true,
      botLocales,
    });

    // A version is immutable and CloudFormation only makes a new one when the resource is new: the
    // definition's hash in the id gives every changed bot a new version (the old one is deleted after
    // the alias has moved), so the alias never keeps serving a stale model.
    const definitionHash = createHash('sha256').update(JSON.stringify(botLocales)).digest('hex').slice(0, 12);
    this.version = new CfnBotVersion(this, `Version${definitionHash}`, {
      botId: this.bot.attrId,
      description: `Destek bot definition ${definitionHash}`,
      botVersionLocaleSpecification: locales.map(([, localeId]) => ({
        localeId,
        botVersionLocaleDetails: { sourceBotVersion: 'DRAFT' },
      })),
    });
    this.alias = new CfnBotAlias(this, 'Alias', {
      botId: this.bot.attrId,
      botAliasName: ALIAS_NAME,
      botVersion: this.version.attrBotVersion,
      botAliasLocaleSettings: locales.map(([, localeId]) => ({ localeId, botAliasLocaleSetting: { enabled: true } })),
    });

    this.botId = this.bot.attrId;
    this.botAliasId = this.alias.attrBotAliasId;
    this.aliasArn = Stack.of(this).formatArn({
      service: 'lex',
      resource: 'bot-alias',
      resourceName: `${this.botId}/${this.botAliasId}`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }

  /** Lets a function call RecognizeText on this bot's alias (and only that). */
  grantRecognizeText(grantee: IGrantable): void {
    Grant.addToPrincipal({ grantee, actions: ['lex:RecognizeText'], resourceArns: [this.aliasArn] });
  }
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

function botLocale(
  intents: readonly IntentDefinition[],
  locale: string,
  localeId: string,
  nluConfidenceThreshold: number,
  slotPatterns: SupportBotProps['slotPatterns'],
): CfnBot.BotLocaleProperty {
  return {
    localeId,
    nluConfidenceThreshold,
    intents: [
      ...intents.filter((i) => i.name !== FALLBACK_INTENT).map((i) => lexIntent(i, locale, slotPatterns)),
      // Lex requires its fallback intent in every locale; it has no sample utterances of its own.
      { name: LEX_FALLBACK_INTENT, parentIntentSignature: 'AMAZON.FallbackIntent', description: 'out_of_scope' },
    ],
  };
}

function lexIntent(intent: IntentDefinition, locale: string, slotPatterns: SupportBotProps['slotPatterns']): CfnBot.IntentProperty {
  const utterances = lexSampleUtterances(intent.utterances[locale] ?? [], locale, slotReferences(intent, slotPatterns));
  if (utterances.length === 0) {
    throw new Error(`SupportBot: intent ${intent.name} has no sample utterances for locale "${locale}"`);
  }
  const slots = intent.slots.map((s) => lexSlot(intent.name, s, locale));
  return {
    name: lexName(intent.name),
    description: intent.description.slice(0, LEX_MAX_DESCRIPTION_LENGTH),
    sampleUtterances: utterances.map((utterance) => ({ utterance })),
    ...(slots.length > 0
      ? {
          slots,
          // Lex elicits slots in this order and rejects an intent with slots but no priorities.
          slotPriorities: slots.map((s, i) => ({ priority: i + 1, slotName: s.name })),
        }
      : {}),
  };
}

function lexSlot(intentName: string, slot: SlotDefinition, locale: string): CfnBot.SlotProperty {
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
