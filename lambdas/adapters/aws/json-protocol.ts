import type { AwsClient } from './client';

/**
 * AWS's JSON protocol (awsJson1_0 / awsJson1_1): every operation is a POST to "/" naming itself in
 * X-Amz-Target. DynamoDB, SQS and Secrets Manager speak it.
 */
export interface JsonProtocol {
  /** "DynamoDB_20120810", "AmazonSQS", "secretsmanager" */
  readonly targetPrefix: string;
  readonly version: '1.0' | '1.1';
}

export async function callJson<Out>(client: AwsClient, protocol: JsonProtocol, operation: string, input: unknown): Promise<Out> {
  const res = await client.send({
    operation,
    method: 'POST',
    path: '/',
    headers: { 'content-type': `application/x-amz-json-${protocol.version}`, 'x-amz-target': `${protocol.targetPrefix}.${operation}` },
    body: JSON.stringify(input),
  });
  return (res.body.length ? JSON.parse(res.body.toString('utf8')) : {}) as Out;
}

/** A REST-JSON call (SES v2, Scheduler, Lex runtime, API Gateway management): the operation is the path. */
export async function callRestJson<Out>(
  client: AwsClient,
  operation: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH',
  path: string,
  input?: unknown,
  query?: Record<string, string | undefined>,
): Promise<Out> {
  const res = await client.send({
    operation,
    method,
    path,
    ...(query ? { query } : {}),
    ...(input === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) }),
  });
  return (res.body.length ? JSON.parse(res.body.toString('utf8')) : {}) as Out;
}
