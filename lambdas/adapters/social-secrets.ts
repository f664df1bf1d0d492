import { MissingEnvError } from '../config/env';
import { cachedSecrets, type SecretsSource } from '../channels/social/secrets';
import { readJsonSecret } from './secrets-manager';

/**
 * The social secrets, read once per container, from where the configuration says: the stack's
 * Secrets Manager secret (SOCIAL_SECRET_ARN, set by CDK) or the configuration file's values
 * (SOCIAL_SECRETS, set by the local stack from social.localSecrets).
 */
export function socialSecretsFromEnv(env: NodeJS.ProcessEnv = process.env): SecretsSource {
  const arn = env.SOCIAL_SECRET_ARN;
  if (arn) return cachedSecrets(() => readJsonSecret(arn), `secret ${arn}`);
  const inline = env.SOCIAL_SECRETS;
  if (inline) return cachedSecrets(async () => JSON.parse(inline), 'SOCIAL_SECRETS');
  throw new MissingEnvError('SOCIAL_SECRET_ARN (or SOCIAL_SECRETS)');
}
