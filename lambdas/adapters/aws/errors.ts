/**
 * An error an AWS service answered with, shaped as the SDK's are where adapters look: `name` is the
 * error code ("ConditionalCheckFailedException"), `$metadata.httpStatusCode` the status, and the
 * body's other fields (DynamoDB's CancellationReasons, Item) are properties of the error.
 */
export class AwsServiceError extends Error {
  readonly $metadata: { readonly httpStatusCode: number; readonly requestId?: string | undefined };
  readonly $fault: 'client' | 'server';
  [field: string]: unknown;

  constructor(code: string, message: string, status: number, requestId: string | undefined, fields: Record<string, unknown> = {}) {
    super(message || code);
    for (const [k, v] of Object.entries(fields)) if (!(k in this) && k !== 'message' && k !== 'Message') this[k] = v;
    this.name = code;
    this.$metadata = { httpStatusCode: status, requestId };
    this.$fault = status >= 500 ? 'server' : 'client';
  }
}

/** The request never got an answer (connection refused or reset, timeout). */
export class AwsNetworkError extends Error {
  override name = 'AwsNetworkError';
}

/** Codes AWS documents as throttling or transient: retried with backoff, as the SDK's standard mode does. */
const RETRYABLE_CODES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
]);

export function isRetryable(error: unknown): boolean {
  if (error instanceof AwsNetworkError) return true;
  if (error instanceof AwsServiceError)
    return RETRYABLE_CODES.has(error.name) || error.$metadata.httpStatusCode >= 500 || error.$metadata.httpStatusCode === 429;
  return false;
}

/** "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException" and "Foo:http://…" → the code alone. */
export const errorCode = (raw: string) => raw.split(':')[0]!.split('#').pop()!;

const xmlField = (xml: string, tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];

/** The error an answer with a failure status carries, from a JSON or an XML body (S3), or its status alone. */
export function errorFromResponse(status: number, headers: Record<string, string | string[] | undefined>, body: Buffer): AwsServiceError {
  const requestId = (headers['x-amzn-requestid'] ?? headers['x-amz-request-id']) as string | undefined;
  const text = body.toString('utf8');
  const headerType = headers['x-amzn-errortype'] as string | undefined;
  if (text.trimStart().startsWith('<')) {
    const code = xmlField(text, 'Code') ?? headerType ?? statusCode(status);
    return new AwsServiceError(errorCode(code), decodeXml(xmlField(text, 'Message') ?? ''), status, requestId);
  }
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // Not JSON (a proxy's page): the status names the error.
  }
  const code =
    headerType ?? (json.__type as string | undefined) ?? (json.code as string | undefined) ?? (json.Code as string | undefined) ?? statusCode(status);
  const message = (json.message ?? json.Message ?? '') as string;
  return new AwsServiceError(errorCode(code), message, status, requestId, json);
}

/** What the SDK names an error without a body (a HEAD's 404, for instance). */
function statusCode(status: number): string {
  if (status === 404) return 'NotFound';
  if (status === 403) return 'Forbidden';
  if (status === 400) return 'BadRequest';
  return status >= 500 ? 'ServiceUnavailable' : `Http${status}`;
}

const decodeXml = (s: string) => s.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e] ?? _);
