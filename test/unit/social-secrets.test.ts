import { GetSecretValueCommand, SecretsManagerClient as SdkSecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SecretsManagerClient } from '#adapters/aws/secrets-manager';
import { readJsonSecret, secretsManagerClient } from '#adapters/secrets-manager';
import { DEFAULT_LOCAL_SOCIAL_SECRETS } from '#config/social';
import { MissingEnvError } from '#wiring/env';
import { socialSecretsFromEnv } from '#wiring/secrets';
import { LocalSecretsManager } from '#local/secrets-manager';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('social secrets from the stack secret', () => {
  // The function's own client, pointed at the stand-in as the local stack points it.
  const local = new LocalSecretsManager({ credentials, region: 'eu-central-1', service: 'secretsmanager' }, '000000000000');
  beforeAll(async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', await local.listen(0));
    vi.stubEnv('AWS_REGION', 'eu-central-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', credentials.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey);
    vi.stubEnv('AWS_SESSION_TOKEN', '');
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await local.close();
  });

  it('read from the stack secret once per container, then cached', async () => {
    expect(secretsManagerClient()).toBe(secretsManagerClient());
    const arn = local.put('social-cached', JSON.stringify(DEFAULT_LOCAL_SOCIAL_SECRETS));
    const source = socialSecretsFromEnv({ SOCIAL_SECRET_ARN: arn });
    expect(await source.get()).toEqual(DEFAULT_LOCAL_SOCIAL_SECRETS);
    // A new value in Secrets Manager is not read again within the container.
    local.put('social-cached', JSON.stringify({ ...DEFAULT_LOCAL_SOCIAL_SECRETS, appSecret: 'rotated' }));
    expect(await source.get()).toEqual(DEFAULT_LOCAL_SOCIAL_SECRETS);
  });

  it('a failed or invalid read is not cached and says which key is wrong', async () => {
    const arn = 'arn:aws:secretsmanager:eu-central-1:000000000000:secret:social-later-local';
    const source = socialSecretsFromEnv({ SOCIAL_SECRET_ARN: arn });
    await expect(source.get()).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    local.put('social-later', JSON.stringify({ ...DEFAULT_LOCAL_SOCIAL_SECRETS, telegramSecretToken: 'has spaces' }));
    await expect(source.get()).rejects.toThrow(new RegExp(`secret ${arn}: telegramSecretToken: Telegram allows`));
    local.put('social-later', JSON.stringify(DEFAULT_LOCAL_SOCIAL_SECRETS));
    expect(await source.get()).toEqual(DEFAULT_LOCAL_SOCIAL_SECRETS);
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
    client = new SecretsManagerClient({ region: 'us-east-1', endpoint: await local.listen(0), credentials: async () => credentials });
  });
  afterAll(() => local.close());

  it("answers GetSecretValue by ARN or name, to Destek's client and to the SDK", async () => {
    expect(await readJsonSecret(arn, client)).toMatchObject({ appSecret: DEFAULT_LOCAL_SOCIAL_SECRETS.appSecret, masterKey: 'm'.repeat(40) });
    const sdk = new SdkSecretsManagerClient({ region: 'us-east-1', endpoint: local.url, credentials });
    expect((await sdk.send(new GetSecretValueCommand({ SecretId: 'Destek-secret' }))).ARN).toBe(arn);
    sdk.destroy();
  });

  it('refuses an unknown secret and a request signed with other keys', async () => {
    await expect(readJsonSecret(`${arn}x`, client)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const stranger = new SecretsManagerClient({
      region: 'us-east-1',
      endpoint: local.url,
      credentials: async () => ({ accessKeyId: 'other', secretAccessKey: 'other' }),
    });
    await expect(readJsonSecret(arn, stranger)).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
  });
});
