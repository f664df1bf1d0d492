import { join } from 'node:path';
import { bundleFunction, functionBuildOptions, type FunctionBundleOptions } from '#definitions/bundling';
import { functionDefinitions, type FunctionName } from '#definitions/functions';

export type BundleOptions = FunctionBundleOptions;

/** esbuild's options for one function, the very ones the CDK app bundles it with (lib/constructs/destek-function.ts). */
export const esbuildOptions = functionBuildOptions;

/**
 * Bundles every function exactly as CDK does (same entry, target, format and options), so the local
 * stack runs the code Lambda would run. Returns each bundle's path (its chunks beside it).
 */
export async function bundleFunctions(projectRoot: string, outDir: string, o: BundleOptions = { sourceMaps: false }): Promise<Record<FunctionName, string>> {
  const out = {} as Record<FunctionName, string>;
  await Promise.all(
    (Object.keys(functionDefinitions) as FunctionName[]).map(async (name) => {
      const outfile = join(outDir, name, 'index.mjs');
      await bundleFunction(join(projectRoot, functionDefinitions[name].entry), outfile, o, projectRoot);
      out[name] = outfile;
    }),
  );
  return out;
}
