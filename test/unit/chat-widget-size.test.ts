import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, expect, it } from 'vitest';
import { buildWidget, WIDGET_MAX_GZIP_BYTES } from '#definitions/widget';

const out = mkdtempSync(join(tmpdir(), 'destek-widget-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it('the widget builds into one script under 30 kB gzipped, with no module syntax', async () => {
  const js = readFileSync(await buildWidget(resolve(import.meta.dirname, '../..'), join(out, 'widget.js')), 'utf8');
  expect(gzipSync(js).length).toBeLessThan(WIDGET_MAX_GZIP_BYTES);
  // A classic script: a shop pastes one tag, no type="module".
  expect(js).not.toMatch(/^\s*(import|export)\s/m);
  expect(js).toContain('attachShadow');
});
