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

/** Services whose SDK packages no bundle may hold any more. */
const ON_OUR_CLIENTS = /^@aws-sdk\/(client-dynamodb|lib-dynamodb|util-dynamodb|client-sqs|middleware-sdk-sqs|middleware-endpoint-discovery|endpoint-cache)$/;

/** SDK clients some function still uses: the list shrinks as services move to our clients, and the last test then asks for no SDK at all. */
const STILL_ON_THE_SDK = [
  '@aws-sdk/client-s3',
  '@aws-sdk/client-sesv2',
  '@aws-sdk/client-scheduler',
  '@aws-sdk/client-lex-runtime-v2',
  '@aws-sdk/client-apigatewaymanagementapi',
  '@aws-sdk/client-secrets-manager',
];

const sdkPackages = {} as Record<FunctionName, string[]>;

beforeAll(async () => {
  await Promise.all(
    (Object.keys(functionDefinitions) as FunctionName[]).map(async (name) => {
      const o = esbuildOptions(join(root, functionDefinitions[name].entry), 'index.mjs', { sourceMaps: false }, root);
      const { metafile } = await build({ ...o, write: false, metafile: true });
      const found = new Set<string>();
      for (const path of Object.keys(metafile.inputs)) {
        const pkg = path.match(/node_modules\/(@(?:aws-sdk|smithy)\/[^/]+)/)?.[1];
        if (pkg) found.add(pkg);
      }
      sdkPackages[name] = [...found].sort();
    }),
  );
}, 180_000);

const clientsIn = (packages: readonly string[]) => packages.filter((p) => /^@aws-sdk\/(client|lib)-/.test(p));

describe('the AWS SDK in the Lambda bundles', () => {
  it('no function carries the SDK for DynamoDB or SQS', () => {
    const left = Object.fromEntries(
      Object.entries(sdkPackages).flatMap(([fn, pkgs]) => (pkgs.some((p) => ON_OUR_CLIENTS.test(p)) ? [[fn, pkgs.filter((p) => ON_OUR_CLIENTS.test(p))]] : [])),
    );
    expect(left).toEqual({});
    // The check sees packages at all: some function still bundles an SDK client.
    expect(Object.values(sdkPackages).flat().length).toBeGreaterThan(0);
  });

  it('what remains of the SDK is there only for a client still on it (listed per function when it is not)', () => {
    const unexplained = Object.fromEntries(
      Object.entries(sdkPackages).flatMap(([fn, pkgs]) => {
        const clients = clientsIn(pkgs);
        if (!pkgs.length) return [];
        // The SDK's core without any client in the list: something else pulls it in.
        if (!clients.length) return [[fn, pkgs]];
        const extra = clients.filter((c) => !STILL_ON_THE_SDK.includes(c));
        return extra.length ? [[fn, extra]] : [];
      }),
    );
    expect(unexplained).toEqual({});
  });

  it('a function that calls only DynamoDB and SQS holds no SDK at all', () => {
    expect(sdkPackages.slaCheck).toEqual([]);
  });
});
