import { isAbsolute, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '#config/config';
import { runtimeSettings } from '#config/settings';
import { environmentCredentials } from '#adapters/aws/client';
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

describe('the bundles’ stand-ins and credentials', () => {
  it('alias packages to modules that exist, by absolute path', () => {
    const alias = esbuildOptions('in.ts', 'out.mjs', { sourceMaps: false }, root).alias!;
    expect(Object.keys(alias).length).toBeGreaterThan(0);
    for (const path of Object.values(alias)) expect([path, isAbsolute(path) && existsSync(path)]).toEqual([path, true]);
  });

  it('come from the environment Lambda sets, and their absence is a named error', async () => {
    const env = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' };
    await expect(environmentCredentials(env)()).resolves.toEqual({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' });
    await expect(environmentCredentials({ AWS_SECRET_ACCESS_KEY: 'secret' })()).rejects.toMatchObject({ name: 'MissingAwsSettingError' });
  });
});
