// Writes the JSON Schema of every event Destek publishes (docs/events/<type>.v<version>.json) from
// the zod definitions in lambdas/core/events.ts, the same ones the publisher's tests hold the events
// to. test/unit/event-schemas.test.ts fails when a file is not what this script writes now.
//
//   npm run event-schemas
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventJsonSchema, eventTypes, schemaFileName } from '#core/events';
import { projectRoot } from './aliases';

export const eventSchemasDir = join(projectRoot, 'docs/events');

/** Each schema file's name and text. */
export function eventSchemaFiles(): Map<string, string> {
  return new Map(eventTypes.map((type) => [schemaFileName(type), `${JSON.stringify(eventJsonSchema(type), null, 2)}\n`]));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  mkdirSync(eventSchemasDir, { recursive: true });
  for (const [name, text] of eventSchemaFiles()) writeFileSync(join(eventSchemasDir, name), text);
  console.log(`wrote ${eventTypes.length} schemas to ${eventSchemasDir}`);
}
