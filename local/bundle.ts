import { build, type BuildOptions } from 'esbuild';
import { join, resolve } from 'node:path';
import { bundling, bundlingDefines } from '#definitions/bundling';
import { functionDefinitions, type FunctionName } from '#definitions/functions';

export interface BundleOptions {
  /** Source maps beside the bundles (observability.sourceMaps); off unless configured. */
  readonly sourceMaps: boolean;
  /** The tracer in the bundles (observability.traceCalls); left out unless configured. */
  readonly traceCalls?: boolean;
}

/**
 * esbuild's options for one function, the same CDK's NodejsFunction passes (lib/constructs/
 * destek-function.ts maps the same `bundling` definitions onto its props).
 */
export function esbuildOptions(entry: string, outfile: string, o: BundleOptions, projectRoot = process.cwd()): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
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
    logLevel: 'error',
  };
}

/**
 * Bundles every function exactly as CDK does (same entry, target, format and options), so the local
 * stack runs the code Lambda would run. Returns each bundle's path.
 */
export async function bundleFunctions(projectRoot: string, outDir: string, o: BundleOptions = { sourceMaps: false }): Promise<Record<FunctionName, string>> {
  const out = {} as Record<FunctionName, string>;
  await Promise.all(
    (Object.keys(functionDefinitions) as FunctionName[]).map(async (name) => {
      const outfile = join(outDir, name, 'index.mjs');
      await build(esbuildOptions(join(projectRoot, functionDefinitions[name].entry), outfile, o, projectRoot));
      out[name] = outfile;
    }),
  );
  return out;
}
