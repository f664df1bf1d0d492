import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { lazyDataModules } from './lazy-data-modules';
import { modelSidecars } from './model-sidecars';

/**
 * How every function is bundled, by the CDK app (lib/constructs/destek-function.ts) and the local
 * stack (local/bundle.ts) alike, both through functionBuildOptions, so both run the same code. Node 20
 * syntax runs on the nodejs22.x runtime and on this Node.
 */
export const bundling = {
  target: 'node20',
  format: 'esm',
  platform: 'node',
  minify: true,
  /** ESM packages first (middy is ESM-only), then CommonJS. */
  mainFields: ['module', 'main'],
  /** Some bundled CommonJS dependencies call require(); ESM output needs it defined. */
  banner: "import { createRequire as __destekCreateRequire } from 'node:module'; const require = __destekCreateRequire(import.meta.url);",
  /**
   * Packages replaced in the bundles, by path from the project root. The SDK's default credential
   * chain becomes the environment's credentials, which is all Lambda uses (lambda-credentials.ts);
   * semver, which only the X-Ray SDK's AWS SDK v2 patcher calls, a stub (xray-semver.ts). The MIME
   * parser's charset packages (iconv-lite, encoding-japanese: 580 kB of tables) decode through Node's
   * TextDecoder instead (channels/email/charsets.ts); of `he` it needs only escaping, and its link
   * finder (linkify-it with tlds), built at import, never runs: our parser skips text links; nor
   * does html-to-text's HTML rendering (dom-serializer), nor sanitize-html's CSS parser (postcss):
   * customer HTML keeps no style attribute. mailparser's html-to-text never runs either (we parse
   * with skipHtmlToText); our own HTML-only mail conversion loads the package on first use through
   * `#html-to-text` (package.json's imports), a name the alias does not catch, so it is a chunk
   * of its own, read only when a mail has no text part.
   */
  alias: {
    '@aws-sdk/credential-provider-node': './lambdas/adapters/lambda-credentials.ts',
    semver: './lambdas/adapters/xray-semver.ts',
    'iconv-lite': './lambdas/channels/email/iconv-lite-stand-in.ts',
    'encoding-japanese': './lambdas/channels/email/encoding-japanese-stand-in.ts',
    he: './lambdas/channels/email/he-stand-in.ts',
    'html-to-text': './lambdas/channels/email/mailparser-html-to-text-stand-in.ts',
    'linkify-it': './lambdas/channels/email/linkify-stand-in.ts',
    tlds: './lambdas/channels/email/linkify-stand-in.ts',
    'dom-serializer': './lambdas/channels/email/dom-serializer-stand-in.ts',
    postcss: './lambdas/agent/postcss-stand-in.ts',
    // mailparser imports libmime's ES module build, mailsplit requires its CommonJS build: one copy.
    libmime: './node_modules/libmime/dist/cjs/libmime.js',
  } as Record<string, string>,
  /** Everything is bundled, the AWS SDK too: versions are ours, not the runtime's. */
  external: [] as string[],
  /**
   * Data-only modules whose tables are built on first use (lazy-data-modules.ts): libmime's MIME type
   * tables (70 kB of object literals that every e-mail cold start built, read only to name an
   * attachment's type from its file name).
   */
  lazyData: /[\\/]libmime[\\/]dist[\\/]cjs[\\/]mimetypes\.js$/,
  /** The intent model, its large parts in files beside the bundle (model-sidecars.ts). */
  model: /[\\/]lambdas[\\/]brain[\\/]model\.json$/,
} as const;

/**
 * Values fixed at bundling from the configuration. Without observability.traceCalls the tracer
 * (Powertools, aws-xray-sdk-core) is left out of the bundles: lambdas/observability.ts loads it only
 * where DESTEK_BUNDLE_TRACER is not "false", and esbuild drops the branch it can never take.
 */
export function bundlingDefines(o: { readonly traceCalls: boolean }): Record<string, string> {
  return { 'process.env.DESTEK_BUNDLE_TRACER': JSON.stringify(String(o.traceCalls)) };
}

export interface FunctionBundleOptions {
  /** Source maps beside the bundles (observability.sourceMaps); off unless configured. */
  readonly sourceMaps: boolean;
  /** The tracer in the bundles (observability.traceCalls); left out unless configured. */
  readonly traceCalls?: boolean;
}

/**
 * esbuild's options for one function: `outfile` is the entry's bundle; what it imports dynamically
 * (the agent API's routes, the wiring of its dependencies) goes into chunks beside it, read only when
 * a call needs them, so a cold start parses what its import needs and no more. (Code splitting needs
 * an output folder, which CDK's NodejsFunction cannot give esbuild: hence our own bundling step.)
 */
export function functionBuildOptions(entry: string, outfile: string, o: FunctionBundleOptions, projectRoot = process.cwd()): BuildOptions {
  const extension = extname(outfile);
  return {
    entryPoints: [entry],
    outdir: dirname(outfile),
    entryNames: basename(outfile, extension),
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': extension || '.js' },
    splitting: true,
    bundle: true,
    platform: bundling.platform,
    target: bundling.target,
    format: bundling.format,
    minify: bundling.minify,
    sourcemap: o.sourceMaps,
    define: bundlingDefines({ traceCalls: o.traceCalls ?? false }),
    mainFields: [...bundling.mainFields],
    alias: Object.fromEntries(Object.entries(bundling.alias).map(([name, path]) => [name, resolve(projectRoot, path)])),
    banner: { js: bundling.banner },
    external: [...bundling.external],
    plugins: [lazyDataModules(bundling.lazyData), modelSidecars(bundling.model)],
    logLevel: 'error',
  };
}

/** Bundles one function with functionBuildOptions. */
export async function bundleFunction(entry: string, outfile: string, o: FunctionBundleOptions, projectRoot = process.cwd()): Promise<void> {
  await build(functionBuildOptions(entry, outfile, o, projectRoot));
}

/**
 * bundleFunction for a caller that must wait (CDK's local bundling step is synchronous, and esbuild's
 * synchronous API takes no plugins): the same build in a child process, its errors on stderr.
 */
export function bundleFunctionSync(entry: string, outfile: string, o: FunctionBundleOptions, projectRoot = process.cwd()): void {
  // tsx's loader in the child itself (its CLI would start a second process).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const script = join(import.meta.dirname, 'bundle-function-process.ts');
  try {
    execFileSync(process.execPath, ['--import', tsx, script, JSON.stringify({ entry, outfile, o, projectRoot })], { stdio: ['ignore', 'inherit', 'inherit'] });
  } catch {
    throw new Error(`bundling ${entry} failed: esbuild's errors are above`);
  }
}

/** The log retentions CloudWatch Logs accepts. */
export const logRetentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
