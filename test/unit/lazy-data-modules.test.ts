import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lazyDataModules } from '#definitions/lazy-data-modules';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'destek-lazy-data-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bundles an entry that requires `table.js` (CommonJS, as libmime does) with the plugin applied to it. */
async function bundle(table: string): Promise<{ code: string; path: string }> {
  writeFileSync(join(dir, 'table.js'), table);
  writeFileSync(join(dir, 'entry.js'), "const t = require('./table.js'); export const read = () => ({ list: t.list, ext: t.extensions });");
  const path = join(dir, `out-${Math.random().toString(36).slice(2)}.mjs`);
  const out = await build({
    entryPoints: [join(dir, 'entry.js')],
    outfile: path,
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: true,
    logLevel: 'silent',
    plugins: [lazyDataModules(/table\.js$/)],
  });
  expect(out.errors).toEqual([]);
  return { code: (await import('node:fs')).readFileSync(path, 'utf8'), path };
}

describe('data-only modules built on first use', () => {
  it('keeps the exports as one JSON text and gives back the same data', async () => {
    const { code, path } = await bundle(
      'exports.list = { "application/pdf": "pdf", "image/jpeg": ["jpg", "jpeg"] };\nexports.extensions = { pdf: "application/pdf" };',
    );
    expect(code).toContain('JSON.parse(');
    expect(code).not.toMatch(/exports\.list\s*=/);
    const { read } = (await import(pathToFileURL(path).href)) as { read: () => unknown };
    expect(read()).toEqual({ list: { 'application/pdf': 'pdf', 'image/jpeg': ['jpg', 'jpeg'] }, ext: { pdf: 'application/pdf' } });
  });

  it('fails the build for a module whose exports JSON cannot carry', async () => {
    await expect(bundle('exports.list = { at: new Date(0) }; exports.extensions = () => 1;')).rejects.toThrow(/not plain JSON data/);
  });
});
