import { App, Stack, Stage, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadIntents } from '#definitions/bot/load';
import type { IntentDefinition } from '#definitions/bot/schema';
import { LEX_MAX_UTTERANCE_LENGTH, lexSampleUtterances, SupportBot, type SupportBotProps } from '#lib/constructs/support-bot';

const intents = loadIntents();
const trackOrder = intents.find((i) => i.name === 'track_order')!;

interface LexSlot {
  name: string;
  slotTypeName: string;
  valueElicitationSetting: Record<string, unknown>;
}
interface LexIntent {
  name: string;
  description: string;
  parentIntentSignature?: string;
  sampleUtterances?: { utterance: string }[];
  slotPriorities?: { priority: number; slotName: string }[];
  /** From the intent's Slots/<name>/Slot.json files. */
  slots?: LexSlot[];
}
interface LexLocale {
  identifier: string;
  nluConfidenceThreshold: number;
  intents: LexIntent[];
}

function build(props: Partial<SupportBotProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'SupportBotTest');
  const bot = new SupportBot(stack, 'SupportBot', { intents, lexLocales: { en: 'en_US' }, nluConfidenceThreshold: 0.4, ...props });
  return { app, stack, bot };
}

function onlyResource(template: Template, type: string) {
  const resources = Object.entries(template.findResources(type));
  expect(resources, type).toHaveLength(1);
  const [logicalId, resource] = resources[0]!;
  return { logicalId, properties: resource.Properties };
}

/** The bot definition archive the synthesised stack's bot imports: its files, path → JSON. */
function archiveOf(stack: Stack): Record<string, any> {
  const assembly = Stage.of(stack)!.synth();
  const template = assembly.getStackArtifact(stack.artifactId).template;
  const bot = Object.values(template.Resources as Record<string, { Type: string; Properties: any }>).find((r) => r.Type === 'AWS::Lex::Bot')!;
  const zip = readFileSync(join(assembly.directory, `asset.${bot.Properties.BotFileS3Location.S3ObjectKey}`));
  return Object.fromEntries(Object.entries(unzipSync(zip)).map(([path, bytes]) => [path, JSON.parse(strFromU8(bytes))]));
}

/** The archive's locales with their intents (and each intent's slots), in the archive's order. */
function localesOf(stack: Stack): LexLocale[] {
  const files = archiveOf(stack);
  return Object.keys(files)
    .filter((path) => path.endsWith('/BotLocale.json'))
    .map((localePath) => {
      const base = localePath.slice(0, -'BotLocale.json'.length);
      const intents = Object.keys(files)
        .filter((path) => path.startsWith(`${base}Intents/`) && path.endsWith('/Intent.json'))
        .map((intentPath) => {
          const dir = intentPath.slice(0, -'Intent.json'.length);
          const slots = Object.keys(files)
            .filter((p) => p.startsWith(`${dir}Slots/`))
            .map((p) => files[p]);
          return { ...files[intentPath], ...(slots.length ? { slots } : {}) };
        });
      return { ...files[localePath], intents };
    });
}

function minimalIntent(name: string, utterances: Record<string, string[]>): IntentDefinition {
  return {
    name,
    description: name,
    answerable: true,
    threshold: 0.5,
    alwaysHuman: false,
    label: {},
    slots: [],
    boundaries: {},
    utterances,
    answers: { en: 'ok' },
  };
}

let template: Template;
let stack: Stack;
let bot: SupportBot;
let caller: Role;
let synthError: unknown;

beforeAll(() => {
  const built = build();
  ({ stack, bot } = built);
  // A plain role stands in for the pipeline function: the grant is what is under test, not Lambda.
  caller = new Role(stack, 'Caller', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
  bot.grantRecognizeText(caller);
  Validations.of(built.app).addPlugins(new AwsSolutionsChecks(built.app));
  try {
    built.app.synth();
  } catch (e) {
    synthError = e;
  }
  template = Template.fromStack(stack);
});

describe('the support bot', () => {
  it('passes cdk-nag AwsSolutions', () => {
    expect(synthError).toBeUndefined();
  });

  it('is a text bot for adults with a 10-minute session that builds its locales on deploy', () => {
    expect(onlyResource(template, 'AWS::Lex::Bot').properties).toMatchObject({
      AutoBuildBotLocales: true,
      DataPrivacy: { ChildDirected: false },
      IdleSessionTTLInSeconds: 600,
    });
  });

  it('keeps the definition out of the template: the bot imports an archive from the asset bucket and has no inline locales', () => {
    const { properties } = onlyResource(template, 'AWS::Lex::Bot');
    expect(properties.BotLocales).toBeUndefined();
    expect(properties.BotFileS3Location).toEqual({
      S3Bucket: stack.resolve(bot.definitionAsset.s3BucketName),
      S3ObjectKey: expect.stringMatching(/^[0-9a-f]{64}\.zip$/),
    });
    expect(JSON.stringify(properties)).not.toContain('where is my order');
  });

  it("lays the archive out as Lex's import format: manifest, bot, locale, one file per intent and per slot", () => {
    const files = archiveOf(stack);
    const botName = onlyResource(template, 'AWS::Lex::Bot').properties.Name;
    expect(files['Manifest.json']).toEqual({ metaData: { schemaVersion: '1', fileFormat: 'LexJson', resourceType: 'BOT' } });
    expect(files[`${botName}/Bot.json`]).toMatchObject({ name: botName, dataPrivacy: { childDirected: false }, idleSessionTTLInSeconds: 600 });
    expect(files[`${botName}/BotLocales/en_US/BotLocale.json`]).toMatchObject({ identifier: 'en_US', nluConfidenceThreshold: 0.4 });
    expect(files[`${botName}/BotLocales/en_US/Intents/track_order/Intent.json`]).toMatchObject({ name: 'track_order' });
    expect(files[`${botName}/BotLocales/en_US/Intents/track_order/Slots/orderNumber/Slot.json`]).toMatchObject({ name: 'orderNumber' });
    expect(Object.keys(files).every((path) => path === 'Manifest.json' || path.startsWith(`${botName}/`))).toBe(true);
    // The definition the construct holds is what the archive carries.
    expect(files).toEqual(bot.definition);
  });

  it('packages the same definition as the same archive bytes, so an unchanged bot is not uploaded or imported again', () => {
    const key = (s: Stack) =>
      Template.fromStack(s).toJSON().Resources[onlyResource(Template.fromStack(s), 'AWS::Lex::Bot').logicalId].Properties.BotFileS3Location.S3ObjectKey;
    expect(key(build().stack)).toBe(key(build().stack));
    const changed = intents.map((i) =>
      i.name === 'greeting' ? { ...i, utterances: { ...i.utterances, en: [...i.utterances.en!, 'a very good evening to the whole shop'] } } : i,
    );
    expect(key(build({ intents: changed }).stack)).not.toBe(key(build().stack));
  });

  it('has the en_US locale with every intent but out_of_scope, plus the fallback, at the given threshold', () => {
    const locales = localesOf(stack);
    expect(locales.map((l) => l.identifier)).toEqual(['en_US']);
    const locale = locales[0]!;
    expect(locale.nluConfidenceThreshold).toBe(0.4);
    const expected = intents.filter((i) => i.name !== 'out_of_scope').map((i) => i.name);
    expect(expected).toHaveLength(33);
    expect(locale.intents).toHaveLength(34);
    expect(locale.intents.map((i) => i.name).sort()).toEqual([...expected, 'FallbackIntent'].sort());
    expect(locale.intents.find((i) => i.name === 'FallbackIntent')).toMatchObject({ parentIntentSignature: 'AMAZON.FallbackIntent' });
    expect(locale.intents.find((i) => i.name === 'FallbackIntent')!.sampleUtterances).toBeUndefined();
  });

  it('gives track_order its English sample utterances, not the Turkish ones', () => {
    const utterances = localesOf(stack)[0]!
      .intents.find((i) => i.name === 'track_order')!
      .sampleUtterances!.map((u) => u.utterance);
    expect(utterances).toContain('where is my order');
    expect(utterances).toContain('track my order please');
    expect(utterances).not.toContain('kargom nerede');
    expect(utterances).toEqual(lexSampleUtterances(trackOrder.utterances.en!, 'en'));
  });

  it('turns an order number in an utterance into the orderNumber slot reference, once per utterance', () => {
    const { stack } = build({ slotPatterns: { orderNumber: '#?\\d{5,12}' } });
    const track = localesOf(stack)[0]!.intents.find((i) => i.name === 'track_order')!;
    const utterances = track.sampleUtterances!.map((u) => u.utterance);
    expect(utterances).toContain('can you tell me where my order {orderNumber} is');
    expect(utterances.some((u) => /\b100234\b/.test(u))).toBe(false);
    expect(utterances.every((u) => (u.match(/\{orderNumber\}/g) ?? []).length <= 1)).toBe(true);
    // An intent without the slot keeps its numbers as words.
    const refund = localesOf(stack)[0]!.intents.find((i) => i.name === 'get_refund')!;
    expect(refund.sampleUtterances!.some((u) => u.utterance.includes('{'))).toBe(false);
    // Part of a longer code is not an order number.
    expect(
      lexSampleUtterances(['order A100234 and 100235x, then 100236'], 'en', [
        { slotName: 'orderNumber', value: /(?<![\p{L}\p{N}])(?:#?\d{5,12})(?![\p{L}\p{N}])/u },
      ]),
    ).toEqual(['order A100234 and 100235x, then {orderNumber}']);
  });

  it('makes orderNumber a required AlphaNumeric slot that asks with the English prompt, first in priority', () => {
    const intent = localesOf(stack)[0]!.intents.find((i) => i.name === 'track_order')!;
    expect(intent.slots).toEqual([
      {
        name: 'orderNumber',
        slotTypeName: 'AMAZON.AlphaNumeric',
        valueElicitationSetting: {
          slotConstraint: 'Required',
          promptSpecification: {
            maxRetries: 2,
            messageGroupsList: [{ message: { plainTextMessage: { value: trackOrder.slots[0]!.prompts.en } } }],
          },
        },
      },
    ]);
    expect(intent.slotPriorities).toEqual([{ priority: 1, slotName: 'orderNumber' }]);
    const withoutSlots = localesOf(stack)[0]!.intents.filter((i) => i.name !== 'track_order');
    expect(withoutSlots.every((i) => i.slots === undefined && i.slotPriorities === undefined)).toBe(true);
  });

  it('publishes a version of the draft locale and points the alias at that version, locale enabled', () => {
    const botId = onlyResource(template, 'AWS::Lex::Bot').logicalId;
    const version = onlyResource(template, 'AWS::Lex::BotVersion');
    expect(version.properties).toMatchObject({
      BotId: { 'Fn::GetAtt': [botId, 'Id'] },
      BotVersionLocaleSpecification: [{ LocaleId: 'en_US', BotVersionLocaleDetails: { SourceBotVersion: 'DRAFT' } }],
    });
    expect(onlyResource(template, 'AWS::Lex::BotAlias').properties).toMatchObject({
      BotId: { 'Fn::GetAtt': [botId, 'Id'] },
      BotVersion: { 'Fn::GetAtt': [version.logicalId, 'BotVersion'] },
      BotAliasLocaleSettings: [{ LocaleId: 'en_US', BotAliasLocaleSetting: { Enabled: true } }],
    });
  });

  it('publishes a new version when the definition changes, and keeps it when it does not', () => {
    const versionId = (b: SupportBot) => b.version.node.id;
    const changed = intents.map((i) =>
      i.name === 'greeting' ? { ...i, utterances: { ...i.utterances, en: [...i.utterances.en!, 'top of the morning to you all'] } } : i,
    );
    expect(versionId(build().bot)).toBe(versionId(bot));
    expect(versionId(build({ intents: changed }).bot)).not.toBe(versionId(bot));
  });

  it('runs as a role only Lex V2 can assume, with no permissions', () => {
    const role = stack.getLogicalId(bot.role.node.defaultChild as never);
    expect(onlyResource(template, 'AWS::Lex::Bot').properties.RoleArn).toEqual({ 'Fn::GetAtt': [role, 'Arn'] });
    const { Properties } = template.findResources('AWS::IAM::Role')[role]!;
    expect(Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lexv2.amazonaws.com' } },
    ]);
    expect(Properties.ManagedPolicyArns).toBeUndefined();
    expect(Properties.Policies).toBeUndefined();
    const policiesOnRole = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes(role));
    expect(policiesOnRole).toEqual([]);
  });

  it('builds the alias ARN from the partition, region, account, bot id and alias id', () => {
    const botId = onlyResource(template, 'AWS::Lex::Bot').logicalId;
    const aliasId = onlyResource(template, 'AWS::Lex::BotAlias').logicalId;
    expect(stack.resolve(bot.aliasArn)).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':lex:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':bot-alias/',
          { 'Fn::GetAtt': [botId, 'Id'] },
          '/',
          { 'Fn::GetAtt': [aliasId, 'BotAliasId'] },
        ],
      ],
    });
    expect(stack.resolve(bot.botAliasId)).toEqual({ 'Fn::GetAtt': [aliasId, 'BotAliasId'] });
  });

  it('grants exactly lex:RecognizeText on the alias ARN and nothing else', () => {
    const callerId = stack.getLogicalId(caller.node.defaultChild as never);
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes(callerId));
    expect(policies).toHaveLength(1);
    expect(policies[0]!.Properties.PolicyDocument.Statement).toEqual([{ Action: 'lex:RecognizeText', Effect: 'Allow', Resource: stack.resolve(bot.aliasArn) }]);
  });
});

describe('sample utterances and names for Lex', () => {
  function utterancesFor(utterances: Record<string, string[]>, name = 'ask_thing') {
    const { stack } = build({ intents: [minimalIntent(name, utterances)] });
    const locale = localesOf(stack)[0]!;
    return locale.intents.find((i) => i.name !== 'FallbackIntent')!;
  }

  it('strips braces and brackets, collapses spaces and drops case-insensitive duplicates', () => {
    const intent = utterancesFor({
      en: ['where is {order}?', 'Where is  order ?', 'WHERE IS ORDER?', 'see [this (link', '{}', 'tabs\tand\nnewlines'],
    });
    expect(intent.sampleUtterances).toEqual([
      { utterance: 'where is order ?' },
      { utterance: 'WHERE IS ORDER?' },
      { utterance: 'see this link' },
      { utterance: 'tabs and newlines' },
    ]);
  });

  it("trims an utterance longer than Lex's maximum at a word boundary", () => {
    const long = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    const [utterance] = utterancesFor({ en: [long] }).sampleUtterances!;
    expect(long.length).toBeGreaterThan(LEX_MAX_UTTERANCE_LENGTH);
    expect(utterance!.utterance.length).toBeLessThanOrEqual(LEX_MAX_UTTERANCE_LENGTH);
    expect(long.startsWith(utterance!.utterance)).toBe(true);
    expect(long[utterance!.utterance.length]).toBe(' ');
  });

  it('dedupes Turkish utterances with Turkish case rules', () => {
    const { stack } = build({ intents: [minimalIntent('ask_thing', { tr: ['İADE', 'iade', 'IRMAK', 'ırmak'] })], lexLocales: { tr: 'tr_TR' } });
    const intent = localesOf(stack)[0]!.intents.find((i) => i.name === 'ask_thing')!;
    expect(intent.sampleUtterances).toEqual([{ utterance: 'İADE' }, { utterance: 'IRMAK' }]);
  });

  it('collapses repeated underscores in intent names, as Lex names allow only single ones', () => {
    expect(utterancesFor({ en: ['hello'] }, 'say__hello').name).toBe('say_hello');
  });
});

describe('invalid bot settings', () => {
  it('rejects an empty lexLocales with a clear error', () => {
    expect(() => build({ lexLocales: {} })).toThrow(/lexLocales is empty/);
  });

  it('rejects a locale in which an intent has no sample utterances', () => {
    expect(() => build({ intents: [minimalIntent('ask_thing', { tr: ['merhaba'] })] })).toThrow(/ask_thing has no sample utterances for locale "en"/);
  });

  it('rejects two intents that would get the same Lex name', () => {
    const twins = [minimalIntent('say__hi', { en: ['hi'] }), minimalIntent('say_hi', { en: ['hey'] })];
    expect(() => build({ intents: twins })).toThrow(/both become Lex intent "say_hi"/);
  });

  it('rejects a confidence threshold outside 0..1', () => {
    expect(() => build({ nluConfidenceThreshold: 1.5 })).toThrow(/between 0 and 1/);
  });
});
