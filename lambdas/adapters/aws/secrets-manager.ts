import { AwsClient, type AwsClientOptions } from './client';
import { callJson } from './json-protocol';

/** Secrets Manager's GetSecretValue (awsJson1_1). */
export class SecretsManagerClient {
  readonly client: AwsClient;

  constructor(options: AwsClientOptions = {}) {
    this.client = new AwsClient({ signingName: 'secretsmanager', endpointId: 'SECRETS_MANAGER', hostPrefix: 'secretsmanager' }, options);
  }

  getSecretValue(input: { SecretId: string; VersionId?: string; VersionStage?: string }): Promise<{ ARN?: string; Name?: string; SecretString?: string }> {
    return callJson(this.client, { targetPrefix: 'secretsmanager', version: '1.1' }, 'GetSecretValue', input);
  }
}
