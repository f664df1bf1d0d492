/**
 * Run by bundleFunctionSync (bundling.ts) in a child process: bundles one function, exits non-zero
 * with esbuild's errors on stderr when it cannot.
 */
import { bundleFunction, type FunctionBundleOptions } from './bundling';

const { entry, outfile, o, projectRoot } = JSON.parse(process.argv[2] ?? '{}') as {
  entry: string;
  outfile: string;
  o: FunctionBundleOptions;
  projectRoot: string;
};
await bundleFunction(entry, outfile, o, projectRoot);
