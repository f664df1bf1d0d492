import { resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { gte } from '#adapters/xray-semver';
import { loadConfig } from '#config/config';
import { runtimeSettings } from '#config/settings';
import { esbuildOptions } from '#local/bundle';
import { once } from '#wiring/lazy';

const root = resolve(import.meta.dirname, '../..');
const config = loadConfig(undefined, root);
const withObservability = (o: Partial<typeof config.observability>) => ({ ...config, observability: { ...config.observability, ...o } });

describe('the tracer loads only where SDK calls are traced', () => {
  it('leaves the Powertools tracer off by default while Lambda traces every invocation', () => {
    expect(config.observability.tracing).toBe(true);
    expect(config.observability.traceCalls).toBe(false);
    expect(runtimeSettings(config).POWERTOOLS_TRACE_ENABLED).toBe('false');
  });

  it('turns the tracer on with observability.traceCalls, and only when tracing is on', () => {
    expect(runtimeSettings(withObservability({ traceCalls: true })).POWERTOOLS_TRACE_ENABLED).toBe('true');
    expect(runtimeSettings(withObservability({ traceCalls: true, tracing: false })).POWERTOOLS_TRACE_ENABLED).toBe('false');
  });
});

describe('the tracer in the bundles', () => {
  const bundleObservability = async (traceCalls: boolean) => {
    const o = esbuildOptions(resolve(root, 'lambdas/observability.ts'), 'out.mjs', { sourceMaps: false, traceCalls }, root);
    const out = await build({ ...o, write: false, metafile: true });
    return Object.keys(out.metafile.inputs).filter((path) => path.includes('aws-xray-sdk-core') || path.includes('powertools/tracer'));
  };

  it('is left out unless observability.traceCalls asks for it', async () => {
    expect(await bundleObservability(false)).toEqual([]);
    expect((await bundleObservability(true)).length).toBeGreaterThan(10);
  }, 30_000);
});

describe('semver in the bundles', () => {
  it('is replaced by a stub whose one use, the X-Ray SDK v2 patcher, fails by name', () => {
    const alias = esbuildOptions('in.ts', 'out.mjs', { sourceMaps: false }, root).alias!;
    expect(alias.semver).toBe(resolve(root, 'lambdas/adapters/xray-semver.ts'));
    expect(() => gte()).toThrow(expect.objectContaining({ name: 'SdkV2NotBundledError' }));
  });
});

describe('a dependency built on first use', () => {
  it('is not built until asked for, then built once and shared', () => {
    let built = 0;
    const client = once(() => ({ id: ++built }));
    expect(built).toBe(0);
    expect(client()).toBe(client());
    expect(built).toBe(1);
  });
});
