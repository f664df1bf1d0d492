import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionDefinitions, type FunctionName } from '#definitions/functions';
import { esbuildOptions } from '#local/bundle';

/**
 * The AWS SDK is most of a small function's cold start; the functions reach AWS through our own
 * clients (lambdas/adapters/aws). Each function is bundled as CDK bundles it and its esbuild
 * metafile says which @aws-sdk and @smithy packages it still carries.
 */
const root = resolve(import.meta.dirname, '../..');

const sdkPackages = {} as Record<FunctionName, string[]>;

/** The @aws-sdk and @smithy packages an esbuild metafile's inputs come from. */
function sdkPackagesIn(inputs: Record<string, unknown>): string[] {
  const found = new Set<string>();
  for (const path of Object.keys(inputs)) {
    const pkg = path.match(/node_modules\/(@(?:aws-sdk|smithy)\/[^/]+)/)?.[1];
    if (pkg) found.add(pkg);
  }
  return [...found].sort();
}

beforeAll(async () => {
  await Promise.all(
    (Object.keys(functionDefinitions) as FunctionName[]).map(async (name) => {
      const o = esbuildOptions(join(root, functionDefinitions[name].entry), 'index.mjs', { sourceMaps: false }, root);
      const { metafile } = await build({ ...o, write: false, metafile: true });
      sdkPackages[name] = sdkPackagesIn(metafile.inputs);
    }),
  );
}, 180_000);

describe('the AWS SDK in the Lambda bundles', () => {
  it('no function carries any @aws-sdk or @smithy package: every call goes through our own clients', () => {
    const left = Object.fromEntries(Object.entries(sdkPackages).filter(([, pkgs]) => pkgs.length > 0));
    expect(left).toEqual({});
  });

  it('the check sees an SDK client where one is bundled', async () => {
    const o = esbuildOptions(join(root, functionDefinitions.slaCheck.entry), 'index.mjs', { sourceMaps: false }, root);
    const { entryPoints: _entry, ...rest } = o as typeof o & { entryPoints?: unknown };
    const { metafile } = await build({
      ...rest,
      stdin: { contents: "export { SQSClient } from '@aws-sdk/client-sqs';", resolveDir: root },
      write: false,
      metafile: true,
    });
    expect(sdkPackagesIn(metafile.inputs)).toContain('@aws-sdk/client-sqs');
  });
});
