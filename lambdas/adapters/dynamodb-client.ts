import type { AwsClientOptions } from '#adapters/aws/client';
import { DocumentClient } from '#adapters/aws/dynamodb';
import { traced } from '#observability';

/**
 * The one place a DynamoDB document client is made. The endpoint comes from AWS_ENDPOINT_URL_DYNAMODB
 * (locally) or the region, credentials from the function role's environment, so nothing here knows
 * whether it runs in AWS; tools outside Lambda pass their own (a profile's, a local stand-in's).
 */
export function createDocumentClient(options: AwsClientOptions = {}): DocumentClient {
  return traced(new DocumentClient(options));
}
