import { AwsClient, type AwsClientOptions } from './client';
import { encodeRfc3986 } from './sigv4';

const LAMBDA_SERVICE = { signingName: 'lambda', endpointId: 'LAMBDA', hostPrefix: 'lambda', name: 'Lambda' } as const;

/** Lambda's Invoke (REST-JSON), asynchronous only: the one call a function makes on another. */
export class LambdaClient {
  readonly aws: AwsClient;

  constructor(options: AwsClientOptions = {}) {
    this.aws = new AwsClient(LAMBDA_SERVICE, options);
  }

  /** InvocationType Event: Lambda queues the payload and answers 202; its retries are Lambda's. */
  async invokeAsync(functionName: string, payload: unknown): Promise<void> {
    await this.aws.send({
      operation: 'Invoke',
      method: 'POST',
      path: `/2015-03-31/functions/${encodeRfc3986(functionName)}/invocations`,
      headers: { 'x-amz-invocation-type': 'Event', 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
  }
}
