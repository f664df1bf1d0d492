import { build } from 'esbuild';
import { join } from 'node:path';
import { bundling } from '../lambdas/definitions/bundling';
import { functionDefinitions, type FunctionName } from '../lambdas/definitions/functions';

/**
 * Bundles every function exactly as CDK does (same entry, target, format and options), so the local
 * stack runs the code Lambda would run. Returns each bundle's path.
 */
export async function bundleFunctions(projectRoot: string, outDir: string): Promise<Record<FunctionName, string>> {
  const out = {} as Record<FunctionName, string>;
  await Promise.all(
    (Object.keys(functionDefinitions) as FunctionName[]).map(async (name) => {
      const outfile = join(outDir, name, 'index.mjs');
      await build({
        entryPoints: [join(projectRoot, functionDefinitions[name].entry)],
        outfile,
        bundle: true,
        platform: bundling.platform,
        target: bundling.target,
        format: bundling.format,
        minify: bundling.minify,
        sourcemap: bundling.sourcemap,
        mainFields: [...bundling.mainFields],
        banner: { js: bundling.banner },
        external: [...bundling.external],
        logLevel: 'error',
      });
      out[name] = outfile;
    }),
  );
  return out;
}
