import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { intentSchema, type IntentDefinition } from './schema';

export const BOT_DIR = join(import.meta.dirname, 'intents');

/** Reads and validates every intent file; a bad file fails with its name and the field. */
export function loadIntents(dir = BOT_DIR): IntentDefinition[] {
  const intents = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const parsed = intentSchema.safeParse(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      if (!parsed.success) {
        const i = parsed.error.issues[0]!;
        throw new Error(`bot definition ${f}: ${i.path.join('.')}: ${i.message}`);
      }
      if (`${parsed.data.name}.json` !== f) throw new Error(`bot definition ${f}: name is ${parsed.data.name}`);
      return parsed.data;
    });
  const names = new Set(intents.map((i) => i.name));
  for (const i of intents) {
    const unknown = Object.keys(i.boundaries).find((n) => !names.has(n));
    if (unknown) throw new Error(`bot definition ${i.name}.json: boundaries.${unknown}: no such intent`);
  }
  return intents;
}
