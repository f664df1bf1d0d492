import { SecretsManagerClient } from '#adapters/aws/secrets-manager';

let client: SecretsManagerClient | undefined;

/** The one place a Secrets Manager client is made (endpoint from AWS_ENDPOINT_URL_SECRETS_MANAGER when set). */
export function secretsManagerClient(): SecretsManagerClient {
  client ??= new SecretsManagerClient();
  return client;
}

/** A secret whose value is a JSON document. */
export async function readJsonSecret(secretId: string, sm: Pick<SecretsManagerClient, 'getSecretValue'> = secretsManagerClient()): Promise<unknown> {
  const out = await sm.getSecretValue({ SecretId: secretId });
  if (!out.SecretString) throw new Error(`secret ${secretId} has no string value`);
  try {
    return JSON.parse(out.SecretString);
  } catch {
    throw new Error(`secret ${secretId} is not JSON`);
  }
}
