import { SQSClient } from '@aws-sdk/client-sqs';
import { traced } from '#observability';

/** The one place an SQS client is made; the endpoint comes from AWS_ENDPOINT_URL_SQS when set. */
export function createSqsClient(): SQSClient {
  return traced(new SQSClient({}));
}
