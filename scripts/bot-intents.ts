// Writes what the agent API tells of the bot's intents (lambdas/definitions/bot/intent-summaries.json:
// name, description, whether the bot may answer, the built-in answers) from the bot definition, without
// the utterances, so the agent API's bundle carries a few kilobytes, not the training data.
// test/unit/bot-intents.test.ts fails when the file is not what this script writes now.
//
//   npm run bot-intents
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadIntents } from '#definitions/bot/load';
import { projectRoot } from './aliases';

export const intentSummariesPath = join(projectRoot, 'lambdas/definitions/bot/intent-summaries.json');

export function intentSummariesSource(): string {
  const summaries = loadIntents().map((i) => ({
    name: i.name,
    description: i.description,
    answerable: i.answerable,
    alwaysHuman: i.alwaysHuman,
    answers: i.answers,
  }));
  return `${JSON.stringify(summaries, null, 2)}\n`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  writeFileSync(intentSummariesPath, intentSummariesSource());
  console.log(`wrote ${intentSummariesPath}`);
}
