import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadIntents } from '#definitions/bot/load';
import { intentSummariesPath, intentSummariesSource } from '#scripts/bot-intents';

describe("the bot's intents as the agent API lists them", () => {
  it('are what `npm run bot-intents` writes from the bot definition now', () => {
    expect(readFileSync(intentSummariesPath, 'utf8') === intentSummariesSource(), 'run `npm run bot-intents` and commit the result').toBe(true);
  });

  it('name every intent of the definition, with its answers and none of its utterances', () => {
    const summaries = JSON.parse(readFileSync(intentSummariesPath, 'utf8')) as { name: string; answers: Record<string, string> }[];
    expect(summaries.map((s) => s.name)).toEqual(loadIntents().map((i) => i.name));
    expect(summaries.find((s) => s.name === 'track_order')!.answers.tr).toContain('{{order.number}}');
    expect(JSON.stringify(summaries)).not.toContain('utterances');
  });
});
