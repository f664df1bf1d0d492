import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { socialSecretsFromEnv } from '../../lambdas/adapters/social-secrets';
import { secretsManagerClient } from '../../lambdas/adapters/secrets-manager';
import { DEFAULT_LOCAL_SOCIAL_SECRETS } from '../../lambdas/channels/social/config';
import { MissingEnvError } from '../../lambdas/config/env';

// Secrets Manager has no local stand-in: its adapter is tested against the mocked client (cloud-only).
const sm = mockClient(SecretsManagerClient);
afterEach(() => sm.reset());

describe('social secrets', () => {
  it('in AWS: read from the stack secret once per container, then cached', async () => {
    expect(secretsManagerClient()).toBe(secretsManagerClient());
    sm.on(GetSecretValueCommand, { SecretId: 'arn:aws:secretsmanager:eu-central-1:1:secret:social' }).resolves({ SecretString: JSON.stringify(DEFAULT_LOCAL_SOCIAL_SECRETS) });
    const source = socialSecretsFromEnv({ SOCIAL_SECRET_ARN: 'arn:aws:secretsmanager:eu-central-1:1:secret:social' });
    expect(await source.get()).toEqual(DEFAULT_LOCAL_SOCIAL_SECRETS);
    await source.get();
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('a failed or invalid read is not cached and says which key is wrong', async () => {
    sm.on(GetSecretValueCommand).rejectsOnce(new Error('throttled')).resolves({ SecretString: JSON.stringify({ ...DEFAULT_LOCAL_SOCIAL_SECRETS, telegramSecretToken: 'has spaces' }) });
    const source = socialSecretsFromEnv({ SOCIAL_SECRET_ARN: 'arn:x' });
    await expect(source.get()).rejects.toThrow('throttled');
    await expect(source.get()).rejects.toThrow(/secret arn:x: telegramSecretToken: Telegram allows/);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('locally: from the configuration (SOCIAL_SECRETS); with neither, it names the variable', async () => {
    expect(await socialSecretsFromEnv({ SOCIAL_SECRETS: JSON.stringify(DEFAULT_LOCAL_SOCIAL_SECRETS) }).get()).toEqual(DEFAULT_LOCAL_SOCIAL_SECRETS);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    expect(() => socialSecretsFromEnv({})).toThrow(MissingEnvError);
    expect(() => socialSecretsFromEnv({})).toThrow('SOCIAL_SECRET_ARN (or SOCIAL_SECRETS)');
  });
});
