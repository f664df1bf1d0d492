import { AwsJsonError, JsonProtocolServer } from './json-protocol';
import type { SigV4Settings } from './sigv4';

/**
 * AWS Secrets Manager, locally: GetSecretValue over the JSON protocol the SDK speaks, for the secrets
 * the stack puts here (the stack secret: master key and the social providers' values), signed
 * requests only. Functions reach it through AWS_ENDPOINT_URL_SECRETS_MANAGER and read a secret by the
 * ARN their binding names, exactly as in AWS.
 */
export class LocalSecretsManager {
  private readonly secrets = new Map<string, { name: string; value: string; createdAt: number }>();
  private readonly server: JsonProtocolServer;

  constructor(
    private readonly signing: SigV4Settings,
    private readonly account: string,
  ) {
    this.server = new JsonProtocolServer({ signing, actions: { 'secretsmanager.GetSecretValue': (input) => this.getSecretValue(input.SecretId) } });
  }

  get url(): string {
    return this.server.url;
  }

  /** Stores a secret; returns its ARN (a name or the ARN finds it). */
  put(name: string, value: string): string {
    const arn = `arn:aws:secretsmanager:${this.signing.region}:${this.account}:secret:${name}-local`;
    this.secrets.set(arn, { name, value, createdAt: Date.now() });
    return arn;
  }

  listen(port: number): Promise<string> {
    return this.server.listen(port);
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private getSecretValue(id: unknown) {
    const found = [...this.secrets].find(([arn, s]) => arn === id || s.name === id);
    if (!found) throw new AwsJsonError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    const [arn, secret] = found;
    return {
      ARN: arn,
      Name: secret.name,
      SecretString: secret.value,
      VersionId: 'local',
      VersionStages: ['AWSCURRENT'],
      CreatedDate: secret.createdAt / 1000,
    };
  }
}
