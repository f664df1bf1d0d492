import { build, buildSync, type BuildOptions } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The agent console's build: console/src → app.js (+ lazily loaded chunks) and app.css for browsers,
 * with index.html beside them. Built the same way for CloudFront and for the local web server; the
 * page reads where it runs from config.json, written beside it by each. Not committed.
 */
export const CONSOLE_ENTRY = 'console/src/main.tsx';
/** The budget for the JavaScript the first page loads, gzipped. */
export const CONSOLE_MAX_INITIAL_JS_GZIP_BYTES = 150 * 1024;

const options = (projectRoot: string, outDir: string): BuildOptions => ({
  entryPoints: { app: join(projectRoot, CONSOLE_ENTRY) },
  outdir: outDir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'error',
  tsconfig: join(projectRoot, 'console', 'tsconfig.json'),
});

export async function buildConsole(projectRoot: string, outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  await build(options(projectRoot, outDir));
  copyFileSync(join(projectRoot, 'console', 'index.html'), join(outDir, 'index.html'));
  return outDir;
}

/** The same build, synchronously, for CDK's synthesis. */
export function buildConsoleSync(projectRoot: string, outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  buildSync(options(projectRoot, outDir));
  copyFileSync(join(projectRoot, 'console', 'index.html'), join(outDir, 'index.html'));
  return outDir;
}

/**
 * The files a built page loads before it can run, relative to `dir`: the entry and what it imports
 * statically, transitively (an `import("…")` is loaded later, when called). The budget above counts these.
 */
export function initialModules(dir: string, entry = 'app.js', seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(join(dir, entry), 'utf8');
  // esbuild writes static imports as `import…from"./chunks/x.js"` or `import"./chunks/x.js"`.
  for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[^'"();]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) {
    initialModules(dir, join(dirname(entry), m[1]!), seen);
  }
  return seen;
}

/**
 * The console's Content-Security-Policy, the same from CloudFront and from the local web server: its
 * own scripts and styles only, no inline code, API and live socket as the only connections, images
 * from itself and the signed file links. A customer's mail shown in the page inherits it.
 */
export function consoleContentSecurityPolicy(o: { readonly connect: readonly string[]; readonly images: readonly string[] }): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob: ${o.images.join(' ')}`.trim(),
    `connect-src 'self' ${o.connect.join(' ')}`.trim(),
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * The attachments bucket's CORS: the console posts an agent's upload straight to storage with the
 * signed form the API gives (POST). Any origin: naming the console's would make a cycle (its CSP names
 * the bucket), and a signed form is a plain multipart POST any page could send anyway; the signature
 * and its conditions guard the bucket, CORS only lets the page read the answer. AWS and local alike.
 */
export const attachmentsCorsRule = {
  allowedOrigins: ['*'],
  allowedMethods: ['POST'],
  allowedHeaders: ['*'],
  maxAgeSeconds: 3600,
} as const;
