import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { AwsNetworkError, errorFromResponse, isRetryable } from './errors';
import { type AwsCredentials, signRequest } from './sigv4';

/**
 * A small signed-HTTP client for AWS's APIs: endpoint, credentials, SigV4, keep-alive, retries with
 * backoff. The service modules beside it (dynamodb.ts, sqs.ts, …) speak each API's protocol on it.
 * It replaces the AWS SDK in the Lambda bundles: the SDK's client stack is most of a small function's
 * cold start and about 2 ms of CPU a call (README, Benchmarks).
 */
export type CredentialsProvider = () => Promise<AwsCredentials>;

export interface AwsServiceInfo {
  /** The signing name ("dynamodb", "sqs", "ses", "execute-api"). */
  readonly signingName: string;
  /** The SDK's service id for AWS_ENDPOINT_URL_<ID> ("DYNAMODB", "SESV2", "LEX_RUNTIME_V2"). */
  readonly endpointId: string;
  /** The regional host's first label ("dynamodb" → dynamodb.<region>.amazonaws.com). */
  readonly hostPrefix: string;
  /** S3 signs the path as sent. */
  readonly doubleEncodePath?: boolean;
  /** How traces name the service ("DynamoDB", "SQS"); the endpoint id otherwise. */
  readonly name?: string;
}

/**
 * Wraps every call of a client (observability.traced sets it when calls are traced): `call` sends
 * the request, with the headers given added (a trace header); the answer or error passes through.
 */
export type CallTracer = (
  call: { readonly service: string; readonly operation: string; readonly region: string },
  send: (headers?: Record<string, string>) => Promise<AwsResponse>,
) => Promise<AwsResponse>;

export interface AwsClientOptions {
  readonly region?: string;
  /** Where requests go; otherwise AWS_ENDPOINT_URL_<ID>, AWS_ENDPOINT_URL, then the regional endpoint. */
  readonly endpoint?: string;
  /** A provider, or fixed credentials (a local stand-in's). */
  readonly credentials?: CredentialsProvider | AwsCredentials;
  /** Tries in all (the SDK's standard mode: 3). */
  readonly maxAttempts?: number;
  /** A request with no answer after this long fails (and may be retried). */
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

export interface AwsRequest {
  /** The API's name for the call ("GetItem", "SendEmail"): for traces and logs. */
  readonly operation?: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD' | 'PATCH';
  /** Already URI-encoded, starting with "/". */
  readonly path: string;
  readonly query?: Record<string, string | undefined>;
  /** Lower-case names. */
  readonly headers?: Record<string, string>;
  readonly body?: Uint8Array | string;
}

export interface AwsResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

export class MissingAwsSettingError extends Error {
  override name = 'MissingAwsSettingError';
}

/** The function role's credentials, which Lambda (and the local stack) put in the environment. */
export function environmentCredentials(env: NodeJS.ProcessEnv = process.env): CredentialsProvider {
  return async () => {
    const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = env;
    if (!accessKeyId || !secretAccessKey)
      throw new MissingAwsSettingError('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set (Lambda sets them for the function role)');
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  };
}

const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 64 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 64 }) };

const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 20_000;

export class AwsClient {
  private readonly options: AwsClientOptions;
  private where: { readonly region: string; readonly endpoint: URL } | undefined;
  private readonly credentials: CredentialsProvider;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  /** Set by observability.traced when calls are traced; unset, a call costs nothing more. */
  tracer: CallTracer | undefined;

  constructor(
    readonly service: AwsServiceInfo,
    options: AwsClientOptions = {},
  ) {
    const env = options.env ?? process.env;
    this.options = options;
    const { credentials } = options;
    this.credentials = typeof credentials === 'function' ? credentials : credentials ? async () => credentials : environmentCredentials(env);
    this.maxAttempts = options.maxAttempts ?? 3;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** The region, read at first use as the SDK does (a client made at import needs no settings yet). */
  get region(): string {
    return this.resolve().region;
  }

  get endpoint(): URL {
    return this.resolve().endpoint;
  }

  private resolve() {
    if (this.where) return this.where;
    const { options, service } = this;
    const env = options.env ?? process.env;
    const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (!region) throw new MissingAwsSettingError('AWS_REGION is not set (Lambda sets it; locally the stack does)');
    const endpoint =
      options.endpoint ?? env[`AWS_ENDPOINT_URL_${service.endpointId}`] ?? env.AWS_ENDPOINT_URL ?? `https://${service.hostPrefix}.${region}.amazonaws.com`;
    this.where = { region, endpoint: new URL(endpoint) };
    return this.where;
  }

  /** The signing scope of this client's requests (presigned URLs, S3 POST policies). */
  async scope() {
    return {
      service: this.service.signingName,
      region: this.region,
      credentials: await this.credentials(),
      doubleEncodePath: this.service.doubleEncodePath ?? true,
    };
  }

  /** Sends a request and returns a 2xx answer; any other is thrown as an AwsServiceError. Throttling, 5xx and lost connections are retried. */
  send(req: AwsRequest): Promise<AwsResponse> {
    if (!this.tracer) return this.withRetries(req);
    const call = { service: this.service.name ?? this.service.endpointId, operation: req.operation ?? req.method, region: this.region };
    return this.tracer(call, (headers) => this.withRetries(headers ? { ...req, headers: { ...req.headers, ...headers } } : req));
  }

  private async withRetries(req: AwsRequest): Promise<AwsResponse> {
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await this.once(req);
        if (res.status >= 200 && res.status < 300) return res;
        throw errorFromResponse(res.status, res.headers, res.body);
      } catch (error) {
        if (attempt >= this.maxAttempts || !isRetryable(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt)));
      }
    }
  }

  /** The URL of a path on this client's endpoint (a path-style endpoint keeps its own prefix). */
  url(path: string, query?: Record<string, string | undefined>): URL {
    const base = this.endpoint.pathname.replace(/\/$/, '');
    const url = new URL(`${this.endpoint.origin}${base}${path}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.append(k, v);
    return url;
  }

  private async once(req: AwsRequest): Promise<AwsResponse> {
    const url = this.url(req.path, req.query);
    const body = req.body === undefined ? undefined : typeof req.body === 'string' ? Buffer.from(req.body) : req.body;
    const headers = signRequest({ method: req.method, url, headers: { ...(req.headers ?? {}) }, body }, await this.scope());
    if (body) headers['content-length'] = String(body.byteLength);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<AwsResponse>((resolve, reject) => {
      const r = send(url, { method: req.method, headers, agent: url.protocol === 'https:' ? agents.https : agents.http, timeout: this.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', (e) => reject(new AwsNetworkError(`${this.service.signingName}: ${e.message}`, { cause: e })));
      });
      r.on('timeout', () => r.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      r.on('error', (e) => reject(new AwsNetworkError(`${this.service.signingName} ${url.host}: ${e.message}`, { cause: e })));
      r.end(body);
    });
  }
}
