import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, expect, it } from 'vitest';
import { buildWidget, WIDGET_MAX_GZIP_BYTES } from '#definitions/widget';

const root = resolve(import.meta.dirname, '../..');
const out = mkdtempSync(join(tmpdir(), 'destek-widget-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it('the widget builds into one script under 30 kB gzipped, with no module syntax', async () => {
  const js = readFileSync(await buildWidget(root, join(out, 'widget.js')), 'utf8');
  expect(gzipSync(js).length).toBeLessThan(WIDGET_MAX_GZIP_BYTES);
  // A classic script: a shop pastes one tag, no type="module".
  expect(js).not.toMatch(/^\s*(import|export)\s/m);
  expect(js).toContain('attachShadow');
});

it("the configuration's greeting is built into widget.js, and without one the widget's own is there", async () => {
  const configured = readFileSync(await buildWidget(root, join(out, 'configured.js'), { welcome: { en: 'Hello from Demo Shop, ask us anything' } }), 'utf8');
  expect(configured).toContain('Hello from Demo Shop, ask us anything');
  const plain = readFileSync(await buildWidget(root, join(out, 'plain.js')), 'utf8');
  expect(plain).not.toContain('Demo Shop, ask us');
  expect(plain).toContain('Hello! How can we help?');
  expect(plain).not.toContain('__DESTEK_WIDGET__');
});
