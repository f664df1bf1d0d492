import { isAbsolute, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '#config/config';
import { runtimeSettings } from '#config/settings';
import { defaultProvider } from '#adapters/lambda-credentials';
import { esbuildOptions } from '#local/bundle';

const root = resolve(import.meta.dirname, '../..');
const config = loadConfig(undefined, root);

describe('source maps only when configured', () => {
  it('leaves NODE_OPTIONS unset and the bundles without maps by default', () => {
    expect(config.observability.sourceMaps).toBe(false);
    expect(runtimeSettings(config)).not.toHaveProperty('NODE_OPTIONS');
    expect(esbuildOptions('in.ts', 'out.mjs', { sourceMaps: false }, root).sourcemap).toBe(false);
  });

  it('turns on Node’s --enable-source-maps with observability.sourceMaps', () => {
    const on = { ...config, observability: { ...config.observability, sourceMaps: true } };
    expect(runtimeSettings(on).NODE_OPTIONS).toBe('--enable-source-maps');
    expect(esbuildOptions('in.ts', 'out.mjs', { sourceMaps: true }, root).sourcemap).toBe(true);
  });
});

describe('the bundles’ credentials', () => {
  it('alias the SDK’s default chain to a module that exists, by absolute path', () => {
    const alias = esbuildOptions('in.ts', 'out.mjs', { sourceMaps: false }, root).alias!;
    const path = alias['@aws-sdk/credential-provider-node']!;
    expect(isAbsolute(path) && existsSync(path)).toBe(true);
  });

  it('come from the environment Lambda sets, and their absence is a named error', async () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' });
      await expect(defaultProvider()()).resolves.toEqual({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' });
      delete process.env.AWS_ACCESS_KEY_ID;
      await expect(defaultProvider()()).rejects.toMatchObject({ name: 'MissingCredentialsError' });
    } finally {
      process.env = saved;
    }
  });
});
