import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sanitiseCustomerHtml } from '#agent/representation';
import { esbuildOptions } from '#local/bundle';

/**
 * The agent API's bundle replaces postcss, which sanitize-html loads for style attributes, with a
 * stand-in (lambdas/definitions/bundling.ts): customer HTML keeps no style attribute. Bundled that
 * way, the sanitiser gives what it gives with the real package, styles and all.
 */
const root = resolve(import.meta.dirname, '../..');
let dir: string;
let bundledSanitise: typeof sanitiseCustomerHtml;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'destek-sanitise-bundle-'));
  const outfile = join(dir, 'representation.mjs');
  await build(esbuildOptions(join(root, 'lambdas/agent/representation.ts'), outfile, { sourceMaps: false }, root));
  bundledSanitise = ((await import(pathToFileURL(outfile).href)) as { sanitiseCustomerHtml: typeof sanitiseCustomerHtml }).sanitiseCustomerHtml;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the bundled customer-HTML sanitiser', () => {
  it.each([
    '<p style="color:red;font-size:0">Hidden <span style="display:none">preheader</span> text</p>',
    '<div style="background:url(javascript:alert(1))"><a href="https://example.com" style="x">link</a></div>',
    '<table style="width:100%"><tr><td style="padding:4px">Sipariş 10234</td></tr></table><script>alert(1)</script>',
    '<style>p{color:red}</style><p>Merhaba</p><img src="https://track.example/p.gif">',
  ])('sanitises %s as with the real packages', async (html) => {
    expect(await bundledSanitise(html)).toBe(await sanitiseCustomerHtml(html));
    expect(await bundledSanitise(html)).not.toContain('style');
  });
});
