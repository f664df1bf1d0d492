import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readJsonSecret, secretsManagerClient } from '#adapters/secrets-manager';
import { DEFAULT_LOCAL_SOCIAL_SECRETS } from '#config/social';
import { MissingEnvError } from '#wiring/env';
import { socialSecretsFromEnv } from '#wiring/secrets';
import { LocalSecretsManager } from '#local/secrets-manager';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('social secrets from the stack secret (adapter, mocked client)', () => {
  const sm = mockClient(SecretsManagerClient);
  afterEach(() => sm.reset());
  afterAll(() => sm.restore());

  it('read from the stack secret once per container, then cached', async () => {
    expect(secretsManagerClient()).toBe(secretsManagerClient());
    sm.on(GetSecretValueCommand, { SecretId: 'arn:aws:secretsmanager:eu-central-1:1:secret:social' }).resolves({
      SecretString: JSON.stringify(DEFAULT_LOCAL_SOCIAL_SECRETS),
    });
    const source = socialSecretsFromEnv({ SOCIAL_SECRET_ARN: 'arn:aws:secretsmanager:eu-central-1:1:secret:social' });
    expect(await source.get()).toEqual(DEFAULT_LOCAL_SOCIAL_SECRETS);
    await source.get();
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('a failed or invalid read is not cached and says which key is wrong', async () => {
    sm.on(GetSecretValueCommand)
      .rejectsOnce(new Error('throttled'))
      .resolves({ SecretString: JSON.stringify({ ...DEFAULT_LOCAL_SOCIAL_SECRETS, telegramSecretToken: 'has spaces' }) });
    const source = socialSecretsFromEnv({ SOCIAL_SECRET_ARN: 'arn:x' });
    await expect(source.get()).rejects.toThrow('throttled');
    await expect(source.get()).rejects.toThrow(/secret arn:x: telegramSecretToken: Telegram allows/);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('without the binding it names the variable', () => {
    expect(() => socialSecretsFromEnv({})).toThrow(MissingEnvError);
    expect(() => socialSecretsFromEnv({})).toThrow('SOCIAL_SECRET_ARN');
  });
});

describe('the Secrets Manager stand-in', () => {
  const local = new LocalSecretsManager({ credentials, region: 'us-east-1', service: 'secretsmanager' }, '000000000000');
  let arn: string;
  let client: SecretsManagerClient;
  beforeAll(async () => {
    arn = local.put('Destek-secret', JSON.stringify({ ...DEFAULT_LOCAL_SOCIAL_SECRETS, masterKey: 'm'.repeat(40) }));
    client = new SecretsManagerClient({ region: 'us-east-1', endpoint: await local.listen(0), credentials });
  });
  afterAll(async () => {
    client.destroy();
    await local.close();
  });

  it('answers GetSecretValue by ARN or name, as the SDK reads it', async () => {
    expect(await readJsonSecret(arn, client)).toMatchObject({ appSecret: DEFAULT_LOCAL_SOCIAL_SECRETS.appSecret, masterKey: 'm'.repeat(40) });
    expect((await client.send(new GetSecretValueCommand({ SecretId: 'Destek-secret' }))).ARN).toBe(arn);
  });

  it('refuses an unknown secret and a request signed with other keys', async () => {
    await expect(readJsonSecret(`${arn}x`, client)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const stranger = new SecretsManagerClient({ region: 'us-east-1', endpoint: local.url, credentials: { accessKeyId: 'other', secretAccessKey: 'other' } });
    await expect(readJsonSecret(arn, stranger)).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    stranger.destroy();
  });
});
