import type { AwsClientOptions } from '#adapters/aws/client';
import { SqsClient } from '#adapters/aws/sqs';
import { traced } from '#observability';

/** The one place an SQS client is made; the endpoint comes from AWS_ENDPOINT_URL_SQS when set. */
export function createSqsClient(options: AwsClientOptions = {}): SqsClient {
  return traced(new SqsClient(options));
}
