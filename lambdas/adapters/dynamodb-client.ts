import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { traced } from '#observability';

/**
 * The one place a DynamoDB client is made. The endpoint comes from the SDK's own configuration
 * (AWS_ENDPOINT_URL_DYNAMODB locally), so nothing here knows whether it runs in AWS.
 */
export function createDocumentClient(client = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(traced(client), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
