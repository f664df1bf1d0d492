import type { Context } from 'aws-lambda';
import { DomainError, RateLimitedError } from '#core/errors';
import { logger, observed } from '#observability';
import { json, type HttpEvent, type HttpResult } from './http';

/**
 * The one HTTP error mapping: domain errors become their status with a clear message; anything else
 * is logged in full and answered 500 with the request id only, never the error's text. Every error
 * body has a top-level `message`, as API Gateway's own errors do (its authorizer's 401 is
 * `{"message":"Unauthorized"}`), so a client reads every error the same way; `error` adds the code.
 */
export function errorResponse(error: unknown, requestId: string): HttpResult {
  if (error instanceof DomainError) {
    const retryAfter: Record<string, string> =
      error instanceof RateLimitedError && error.retryAfterSeconds !== undefined ? { 'retry-after': String(error.retryAfterSeconds) } : {};
    return json(
      error.status,
      { message: error.message, error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } },
      retryAfter,
    );
  }
  logger.error('unhandled error', { error: error as Error });
  return json(500, { message: 'Internal server error', error: { code: 'internal', message: 'Internal server error', requestId } });
}

/** Wraps an HTTP handler with what every HTTP function uses: observability, then the error mapping. */
export function httpHandler(fn: (event: HttpEvent, context: Context) => Promise<HttpResult>) {
  return observed<HttpEvent, HttpResult>(fn, (error, context) => errorResponse(error, context.awsRequestId));
}
