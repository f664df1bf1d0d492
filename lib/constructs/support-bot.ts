import { ArnFormat, Names, Stack } from 'aws-cdk-lib';
import { Grant, Role, ServicePrincipal, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { CfnBot, CfnBotAlias, CfnBotVersion } from 'aws-cdk-lib/aws-lex';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IntentDefinition, SlotDefinition } from '#definitions/bot/schema';
import { lexBotFiles, lexImportZip, type LexBotFiles } from './lex-import';

const IDLE_SESSION_TTL_SECONDS = 600;
const ALIAS_NAME = 'live';
const DESCRIPTION = 'Destek customer support bot, built from the bot definition';

export { FALLBACK_INTENT, LEX_MAX_UTTERANCE_LENGTH, lexName, lexSampleUtterances, type SlotReference } from './lex-import';

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
  /** The import archive's files (path → JSON), as packaged in the definition asset. */
  readonly definition: LexBotFiles;
  /** The import archive in the asset bucket, which CloudFormation hands to Lex. */
  readonly definitionAsset: Asset;

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

    // A text bot calls no other service (no Polly speech, no sentiment analysis), so the role Lex
    // assumes has no permissions at all; being empty, it needs no confused-deputy conditions either.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lexv2.amazonaws.com'),
      description: 'Runtime role of the Destek support bot (text only: no permissions needed)',
    });

    const botName = Names.uniqueResourceName(this, { maxLength: 100 });
    this.definition = lexBotFiles({
      botName,
      description: DESCRIPTION,
      idleSessionTtlInSeconds: IDLE_SESSION_TTL_SECONDS,
      intents: props.intents,
      lexLocales: props.lexLocales,
      nluConfidenceThreshold: threshold,
      ...(props.slotPatterns ? { slotPatterns: props.slotPatterns } : {}),
    });
    // The locales, intents and utterances travel as an import archive in the asset bucket: inline they
    // took most of the template, and CloudFormation caps a template at 1 MB.
    const archive = join(mkdtempSync(join(tmpdir(), 'destek-bot-')), 'bot.zip');
    writeFileSync(archive, lexImportZip(this.definition));
    this.definitionAsset = new Asset(this, 'Definition', { path: archive });
    this.bot = new CfnBot(this, 'Bot', {
      name: botName,
      description: DESCRIPTION,
      roleArn: this.role.roleArn,
      // Typed `any` in aws-cdk-lib, so passed through as is: it needs CloudFormation's own casing.
      dataPrivacy: { ChildDirected: false },
      idleSessionTtlInSeconds: IDLE_SESSION_TTL_SECONDS,
      autoBuildBotLocales: true,
      botFileS3Location: { s3Bucket: this.definitionAsset.s3BucketName, s3ObjectKey: this.definitionAsset.s3ObjectKey },
    });

    // A version is immutable and CloudFormation only makes a new one when the resource is new: the
    // definition's hash in the id gives every changed bot a new version (the old one is deleted after
    // the alias has moved), so the alias never keeps serving a stale model.
    const definitionHash = createHash('sha256').update(JSON.stringify(this.definition)).digest('hex').slice(0, 12);
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
