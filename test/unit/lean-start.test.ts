import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gte } from '#adapters/xray-semver';
import { loadConfig } from '#config/config';
import { runtimeSettings } from '#config/settings';
import { esbuildOptions } from '#local/bundle';

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

describe('semver in the bundles', () => {
  it('is replaced by a stub whose one use, the X-Ray SDK v2 patcher, fails by name', () => {
    const alias = esbuildOptions('in.ts', 'out.mjs', { sourceMaps: false }, root).alias!;
    expect(alias.semver).toBe(resolve(root, 'lambdas/adapters/xray-semver.ts'));
    expect(() => gte()).toThrow(expect.objectContaining({ name: 'SdkV2NotBundledError' }));
  });
});
