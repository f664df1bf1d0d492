import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildConsole, CONSOLE_MAX_INITIAL_JS_GZIP_BYTES, initialModules } from '#definitions/console';

const root = resolve(import.meta.dirname, '../..');
const out = mkdtempSync(join(tmpdir(), 'destek-console-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the agent console build', () => {
  it(`loads at most ${CONSOLE_MAX_INITIAL_JS_GZIP_BYTES / 1024} kB of JavaScript, gzipped, before the first page runs; sign-in code for AWS is loaded only there`, async () => {
    await buildConsole(root, out);
    const modules = initialModules(out, 'app.js');
    const gzipped = [...modules].reduce((sum, file) => sum + gzipSync(readFileSync(join(out, file))).length, 0);
    expect(gzipped).toBeGreaterThan(5_000);
    expect(gzipped).toBeLessThanOrEqual(CONSOLE_MAX_INITIAL_JS_GZIP_BYTES);
    // The OIDC library is in a chunk of its own that the entry imports lazily.
    const initial = [...modules].map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
    expect(initial).not.toMatch(/signinRedirect|oidc-client/i);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toMatch(/<script type="module" src="\.\/app\.js">/);
  });

  it("leaves the admin page's code to a chunk loaded when an admin opens it, its styles in app.css (esbuild loads no lazy chunk's CSS)", () => {
    const first = initialModules(out, 'app.js');
    const initial = [...first].map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
    const all = readdirSync(out, { recursive: true }) as string[];
    const lazy = all.filter((f) => f.endsWith('.js') && !first.has(f));
    // Routes only the admin sections call.
    for (const adminRoute of ['/rules/order', '/help-center/publish', '/exports/tickets', '/teams/{id}']) {
      expect(initial, adminRoute).not.toContain(adminRoute);
      expect(
        lazy.some((f) => readFileSync(join(out, f), 'utf8').includes(adminRoute)),
        adminRoute,
      ).toBe(true);
    }
    expect(all.filter((f) => f.endsWith('.css'))).toEqual(['app.css']);
    expect(readFileSync(join(out, 'app.css'), 'utf8')).toMatch(/\.teams-[\w-]+\{/);
  });
});
