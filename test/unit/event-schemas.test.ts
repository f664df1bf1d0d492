import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventTypes } from '#core/events';
import { eventSchemaFiles, eventSchemasDir } from '#scripts/event-schemas';

describe('event JSON Schemas in docs/events', () => {
  it('are exactly what npm run event-schemas writes from the zod definitions now (run it after changing an event)', () => {
    const want = eventSchemaFiles();
    const have = readdirSync(eventSchemasDir).filter((f) => f.endsWith('.json'));
    expect(have.sort()).toEqual([...want.keys()].sort());
    for (const [name, text] of want) expect(readFileSync(join(eventSchemasDir, name), 'utf8'), name).toBe(text);
  });

  it('name every event type once, with its source and detail-type fixed', () => {
    const schemas = [...eventSchemaFiles().values()].map((t) => JSON.parse(t));
    expect(schemas.map((s) => s.properties['detail-type'].const).sort()).toEqual([...eventTypes].sort());
    for (const s of schemas) {
      expect(s.properties.source.const).toBe('destek');
      expect(s.properties.detail.required).toEqual(expect.arrayContaining(['version', 'eventId', 'occurredAt']));
    }
  });
});
