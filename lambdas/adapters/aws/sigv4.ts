import { createHash, createHmac } from 'node:crypto';

/**
 * AWS Signature Version 4 (docs: "Create a signed AWS API request"), the part of the AWS SDK every call
 * needs, without the SDK's middleware stack: a Lambda's cold start parses this instead of @smithy/*.
 */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

export interface SigningScope {
  readonly service: string;
  readonly region: string;
  readonly credentials: AwsCredentials;
  /** S3 signs the path as sent; every other service signs it URI-encoded once more. */
  readonly doubleEncodePath?: boolean;
}

export interface RequestToSign {
  readonly method: string;
  readonly url: URL;
  /** Lower-case names. */
  readonly headers: Record<string, string>;
  readonly body?: Uint8Array | string | undefined;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
/** Headers a proxy or the runtime may change on the way: never signed. */
const UNSIGNED_HEADERS = new Set(['user-agent', 'expect', 'x-amzn-trace-id', 'connection', 'content-length', 'transfer-encoding']);

export const sha256Hex = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Uint8Array | string, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding, as SigV4 wants it: encodeURIComponent leaves !'()* alone. */
export const encodeRfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** 20261207T080000Z */
export const amzDate = (now: Date) =>
  now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

const signingKeys = new Map<string, Buffer>();

/** The day's key for a service and region; cached, since a function signs thousands a day with one. */
export function signingKey(secretAccessKey: string, day: string, region: string, service: string): Buffer {
  const id = `${secretAccessKey}\0${day}\0${region}\0${service}`;
  let key = signingKeys.get(id);
  if (!key) {
    key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day), region), service), 'aws4_request');
    if (signingKeys.size > 16) signingKeys.clear();
    signingKeys.set(id, key);
  }
  return key;
}

function canonicalPath(url: URL, doubleEncode: boolean): string {
  const path = url.pathname || '/';
  if (!doubleEncode) return path;
  return path
    .split('/')
    .map((segment) => encodeRfc3986(segment))
    .join('/');
}

function canonicalQuery(params: URLSearchParams): string {
  return [...params]
    .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

interface Canonical {
  readonly signedHeaders: string;
  readonly request: string;
}

function canonicalRequest(req: RequestToSign, query: URLSearchParams, headers: Record<string, string>, payloadHash: string, doubleEncode: boolean): Canonical {
  const names = Object.keys(headers)
    .filter((n) => !UNSIGNED_HEADERS.has(n))
    .sort();
  const signedHeaders = names.join(';');
  const headerLines = names.map((n) => `${n}:${String(headers[n]).trim().replace(/\s+/g, ' ')}\n`).join('');
  return {
    signedHeaders,
    request: [req.method.toUpperCase(), canonicalPath(req.url, doubleEncode), canonicalQuery(query), headerLines, signedHeaders, payloadHash].join('\n'),
  };
}

function signature(scope: SigningScope, date: string, canonical: string): { credentialScope: string; signature: string } {
  const day = date.slice(0, 8);
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = [ALGORITHM, date, credentialScope, sha256Hex(canonical)].join('\n');
  return {
    credentialScope,
    signature: createHmac('sha256', signingKey(scope.credentials.secretAccessKey, day, scope.region, scope.service))
      .update(stringToSign)
      .digest('hex'),
  };
}

/**
 * The headers to send: the request's own, plus host, x-amz-date, x-amz-content-sha256, the session
 * token and the Authorization header. The body is hashed (S3 may be given UNSIGNED_PAYLOAD instead).
 */
export function signRequest(req: RequestToSign, scope: SigningScope, now = new Date(), payloadHash?: string): Record<string, string> {
  const date = amzDate(now);
  const hash = payloadHash ?? sha256Hex(req.body ?? '');
  const headers: Record<string, string> = {
    ...req.headers,
    host: req.url.host,
    'x-amz-date': date,
    'x-amz-content-sha256': hash,
    ...(scope.credentials.sessionToken ? { 'x-amz-security-token': scope.credentials.sessionToken } : {}),
  };
  const canonical = canonicalRequest(req, req.url.searchParams, headers, hash, scope.doubleEncodePath ?? true);
  const signed = signature(scope, date, canonical.request);
  headers.authorization = `${ALGORITHM} Credential=${scope.credentials.accessKeyId}/${signed.credentialScope}, SignedHeaders=${canonical.signedHeaders}, Signature=${signed.signature}`;
  return headers;
}

/** A presigned URL (S3 GET, for instance): the signature in the query, valid for `expiresInSeconds`. */
export function presignUrl(req: Omit<RequestToSign, 'headers' | 'body'>, scope: SigningScope, expiresInSeconds: number, now = new Date()): URL {
  const date = amzDate(now);
  const url = new URL(req.url.href);
  const day = date.slice(0, 8);
  url.searchParams.set('X-Amz-Algorithm', ALGORITHM);
  url.searchParams.set('X-Amz-Credential', `${scope.credentials.accessKeyId}/${day}/${scope.region}/${scope.service}/aws4_request`);
  url.searchParams.set('X-Amz-Date', date);
  url.searchParams.set('X-Amz-Expires', String(expiresInSeconds));
  if (scope.credentials.sessionToken) url.searchParams.set('X-Amz-Security-Token', scope.credentials.sessionToken);
  url.searchParams.set('X-Amz-SignedHeaders', 'host');
  const canonical = canonicalRequest({ ...req, url, headers: {} }, url.searchParams, { host: url.host }, UNSIGNED_PAYLOAD, scope.doubleEncodePath ?? true);
  url.searchParams.set('X-Amz-Signature', signature(scope, date, canonical.request).signature);
  return url;
}

/** The signature of a string with the day's key: what S3's browser POST policy asks for. */
export function signString(text: string, scope: SigningScope, now: Date): { signature: string; credential: string; date: string } {
  const date = amzDate(now);
  const day = date.slice(0, 8);
  return {
    signature: createHmac('sha256', signingKey(scope.credentials.secretAccessKey, day, scope.region, scope.service))
      .update(text)
      .digest('hex'),
    credential: `${scope.credentials.accessKeyId}/${day}/${scope.region}/${scope.service}/aws4_request`,
    date,
  };
}
