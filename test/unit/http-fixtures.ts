import type { Context } from 'aws-lambda';
import type { HttpEvent } from '#http/http';

/** An API Gateway v2 (payload 2.0) event as the HTTP API sends it. */
export function httpEvent(over: Partial<HttpEvent> & { routeKey: string }): HttpEvent {
  const [method, path] = over.routeKey.split(' ') as [string, string];
  return {
    version: '2.0',
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    isBase64Encoded: false,
    ...over,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'example.com',
      domainPrefix: 'example',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'req-1',
      routeKey: over.routeKey,
      stage: '$default',
      time: '23/Nov/2026:10:00:00 +0000',
      timeEpoch: Date.parse('2026-11-23T10:00:00Z'),
      ...over.requestContext,
    },
  } as HttpEvent;
}

export const lambdaContext = {
  functionName: 'test',
  awsRequestId: 'aws-req-1',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;
