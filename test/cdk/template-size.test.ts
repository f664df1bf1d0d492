import { App } from 'aws-cdk-lib';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '#config/config';
import { loadIntents } from '#definitions/bot/load';
import type { IntentDefinition } from '#definitions/bot/schema';
import { DestekStack } from '#lib/destek-stack';
import { TEMPLATE_MAX_BYTES, TEMPLATE_MAX_RESOURCES } from './template-bounds';

const projectRoot = resolve(import.meta.dirname, '../..');
const config = loadConfig();

/** The default configuration's stack with this bot definition: its template's bytes as written, and resources. */
function synthesise(intents: readonly IntentDefinition[]) {
  // Bundling changes no template byte (functions are assets), so it is skipped here; path metadata and
  // version reporting are on, as the CDK CLI turns them on, so the bytes are those `cdk synth` writes.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], 'aws:cdk:enable-path-metadata': true, 'aws:cdk:version-reporting': true } });
  const stack = new DestekStack(app, config.stackName, { config, projectRoot, intents, env: { account: '123456789012', region: 'eu-central-1' } });
  const assembly = app.synth();
  const file = join(assembly.directory, assembly.getStackArtifact(stack.artifactId).templateFile);
  return { bytes: statSync(file).size, resources: Object.keys(JSON.parse(readFileSync(file, 'utf8')).Resources).length };
}

/** The definition with `count` more utterances, spread over the intents, in every locale they have. */
function withMoreUtterances(intents: readonly IntentDefinition[], count: number): IntentDefinition[] {
  const perIntent = Math.ceil(count / intents.length);
  return intents.map((intent, i) => ({
    ...intent,
    utterances: Object.fromEntries(
      Object.entries(intent.utterances).map(([locale, utterances]) => [
        locale,
        [...utterances, ...Array.from({ length: perIntent }, (_, n) => `shop specific question ${n} of kind ${i} about my basket and the delivery`)],
      ]),
    ),
  }));
}

describe('template size', () => {
  it(`stays within ${TEMPLATE_MAX_BYTES} bytes and ${TEMPLATE_MAX_RESOURCES} resources when the bot definition grows by 2,000 utterances`, () => {
    const intents = loadIntents();
    const grown = withMoreUtterances(intents, 2_000);
    const added = grown.reduce((n, i) => n + (i.utterances.en?.length ?? 0), 0) - intents.reduce((n, i) => n + (i.utterances.en?.length ?? 0), 0);
    expect(added).toBeGreaterThanOrEqual(2_000);

    const before = synthesise(intents);
    const after = synthesise(grown);
    console.info(
      `template: ${before.bytes} bytes, ${before.resources} resources; with ${added} more utterances per locale: ${after.bytes} bytes, ${after.resources} resources`,
    );
    expect(after.bytes).toBeLessThanOrEqual(TEMPLATE_MAX_BYTES);
    expect(after.resources).toBeLessThanOrEqual(TEMPLATE_MAX_RESOURCES);
    // The utterances live in the bot's import archive: the template only sees a new archive and version name.
    expect(Math.abs(after.bytes - before.bytes)).toBeLessThan(200);
  });
});
