import { readJsonSecret } from '#adapters/secrets-manager';
import { cachedSecrets, type SecretsSource } from '#channels/social/secrets';
import { requireEnv } from './env';

/**
 * The social secrets, read once per container from the stack's Secrets Manager secret
 * (SOCIAL_SECRET_ARN, binding social:secrets; locally the Secrets Manager stand-in holds it).
 */
export function socialSecretsFromEnv(env: NodeJS.ProcessEnv = process.env): SecretsSource {
  const arn = requireEnv('SOCIAL_SECRET_ARN', env);
  return cachedSecrets(() => readJsonSecret(arn), `secret ${arn}`);
}
