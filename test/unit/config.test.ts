import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fifoToken } from '#adapters/fifo-queue';
import { ConfigError, loadConfig } from '#config/config';
import { MissingEnvError, requireEnv } from '#wiring/env';

function configFile(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'destek-config-'));
  writeFileSync(join(dir, 'c.json'), content);
  return join(dir, 'c.json');
}

describe('configuration', () => {
  it('the repository configuration is valid', () => {
    expect(loadConfig().stackName).toBe('Destek');
  });

  it('a wrong value is reported with its field', () => {
    const base = JSON.parse(JSON.stringify(loadConfig()));
    base.logRetentionDays = 2;
    expect(() => loadConfig(configFile(JSON.stringify(base)))).toThrow(/logRetentionDays: one of 1, 3, 5/);
    base.logRetentionDays = 30;
    base.defaultLocale = 'de';
    expect(() => loadConfig(configFile(JSON.stringify(base)))).toThrow(/defaultLocale must be one of locales/);
  });

  it("the console's sign-in domain prefix is one Cognito accepts, and agents stay signed in 30 days unless configured", () => {
    const base = JSON.parse(JSON.stringify(loadConfig()));
    expect(loadConfig().agents.sessionDays).toBe(30);
    for (const [prefix, said] of [
      ['Shop-Support', /signInDomainPrefix: lowercase letters, digits and hyphens/],
      ['-shop', /signInDomainPrefix: lowercase letters, digits and hyphens/],
      ['my-aws-shop', /signInDomainPrefix: Cognito refuses a prefix with aws, amazon or cognito/],
    ] as const) {
      base.agents.signInDomainPrefix = prefix;
      expect(() => loadConfig(configFile(JSON.stringify(base)))).toThrow(said);
    }
    base.agents.signInDomainPrefix = 'shop-destek';
    base.agents.sessionDays = 7;
    expect(loadConfig(configFile(JSON.stringify(base))).agents).toMatchObject({ signInDomainPrefix: 'shop-destek', sessionDays: 7 });
  });

  it("the chat widget's greeting is configured per locale; an unknown locale or an empty text is refused", () => {
    const base = JSON.parse(JSON.stringify(loadConfig()));
    expect(loadConfig().chat.widget.welcome).toEqual({});
    base.chat.widget = { welcome: { tr: ' Hoş geldiniz! ', en: 'Welcome!' } };
    expect(loadConfig(configFile(JSON.stringify(base))).chat.widget.welcome).toEqual({ tr: 'Hoş geldiniz!', en: 'Welcome!' });
    base.chat.widget = { welcome: { de: 'Willkommen' } };
    expect(() => loadConfig(configFile(JSON.stringify(base)))).toThrow(/chat\.widget\.welcome/);
    base.chat.widget = { welcome: { tr: '  ' } };
    expect(() => loadConfig(configFile(JSON.stringify(base)))).toThrow(/chat\.widget\.welcome\.tr/);
  });

  it("a webhook names its signing key's secret and never holds the key itself", () => {
    const base = JSON.parse(JSON.stringify(loadConfig()));
    const webhook = { url: 'https://erp.shop.example/destek', secretName: 'destek/erp-webhook', events: ['Ticket Created'] };
    base.events = { webhooks: [webhook] };
    expect(loadConfig(configFile(JSON.stringify(base))).events.webhooks).toEqual([webhook]);
    base.events = { webhooks: [{ ...webhook, secret: 'a-signing-key-of-some-length' }] };
    expect(() => loadConfig(configFile(JSON.stringify(base)))).toThrow(/events\.webhooks\.0.*secret/s);
  });

  it('a missing or broken file is one clear error', () => {
    expect(() => loadConfig('/nonexistent/destek.json')).toThrow(ConfigError);
    expect(() => loadConfig(configFile('{ nope'))).toThrow(/not valid JSON/);
  });

  it('a missing environment variable fails with its name', () => {
    expect(() => requireEnv('DESTEK_NOT_SET', {})).toThrow(MissingEnvError);
    expect(() => requireEnv('DESTEK_NOT_SET', {})).toThrow('DESTEK_NOT_SET');
    expect(requireEnv('X', { X: 'y' })).toBe('y');
  });
});

describe('FIFO ids', () => {
  it('short printable ids are kept, others become a stable hash', () => {
    expect(fifoToken('chat#v1/m1')).toBe('chat#v1/m1');
    const long = `email#<${'x'.repeat(200)}@mail.example>`;
    expect(fifoToken(long)).toMatch(/^[0-9a-f]{64}$/);
    expect(fifoToken(long)).toBe(fifoToken(long));
    expect(fifoToken('ş')).toMatch(/^[0-9a-f]{64}$/);
  });
});
