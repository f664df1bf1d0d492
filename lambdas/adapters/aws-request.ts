import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { defaultProvider } from './lambda-credentials';

/** node:crypto in the shape the signer asks for (a Checksum constructor). */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

const bytes = (d: string | ArrayBuffer | ArrayBufferView) =>
  typeof d === 'string' ? Buffer.from(d) : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d);

export class AwsRequestError extends Error {
  override name = 'AwsRequestError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface AwsRequest {
  /** The signing name and the AWS_ENDPOINT_URL_<SERVICE> suffix, e.g. lambda, cloudfront. */
  readonly service: string;
  readonly endpointVariable: string;
  readonly defaultEndpoint: string;
  readonly region: string;
  readonly method: 'POST' | 'GET';
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/**
 * One signed call to an AWS REST API, for the two calls that do not justify a whole SDK client in a
 * bundle (an asynchronous Lambda invoke from the agent API, a CloudFront invalidation from the site
 * publisher). The endpoint honours AWS_ENDPOINT_URL_<SERVICE> as the SDK's clients do.
 */
export async function awsRequest(r: AwsRequest, env = process.env): Promise<{ status: number; text: string }> {
  const base = new URL(env[r.endpointVariable] ?? r.defaultEndpoint);
  const credentials = await defaultProvider()();
  const signer = new SignatureV4({ credentials, region: r.region, service: r.service, sha256: Sha256 });
  const path = `${base.pathname.replace(/\/$/, '')}${r.path}`;
  const signed = await signer.sign({
    method: r.method,
    protocol: base.protocol,
    hostname: base.hostname,
    ...(base.port ? { port: Number(base.port) } : {}),
    path,
    headers: { host: base.host, ...(r.headers ?? {}) },
    ...(r.body !== undefined ? { body: r.body } : {}),
  });
  const response = await fetch(new URL(path, base), {
    method: r.method,
    headers: signed.headers as Record<string, string>,
    ...(r.body !== undefined ? { body: r.body } : {}),
  });
  const text = await response.text();
  if (response.status >= 300) throw new AwsRequestError(response.status, `${r.service} ${r.method} ${r.path}: ${response.status} ${text.slice(0, 300)}`);
  return { status: response.status, text };
}

/** Invokes a function asynchronously (InvocationType Event): Lambda queues the event and answers 202. */
export function invokeAsync(functionName: string, payload: unknown, env = process.env): Promise<unknown> {
  const region = env.AWS_REGION ?? 'us-east-1';
  return awsRequest(
    {
      service: 'lambda',
      endpointVariable: 'AWS_ENDPOINT_URL_LAMBDA',
      defaultEndpoint: `https://lambda.${region}.amazonaws.com`,
      region,
      method: 'POST',
      path: `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`,
      headers: { 'x-amz-invocation-type': 'Event', 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    },
    env,
  );
}

/** Asks CloudFront to drop its cached copies of these paths (one wildcard path counts as one). */
export function invalidateCloudFront(distributionId: string, paths: readonly string[], callerReference: string, env = process.env): Promise<unknown> {
  const items = paths.map((p) => `<Path>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Path>`).join('');
  return awsRequest(
    {
      service: 'cloudfront',
      endpointVariable: 'AWS_ENDPOINT_URL_CLOUDFRONT',
      defaultEndpoint: 'https://cloudfront.amazonaws.com',
      region: 'us-east-1',
      method: 'POST',
      path: `/2020-05-31/distribution/${encodeURIComponent(distributionId)}/invalidation`,
      headers: { 'content-type': 'application/xml' },
      body: `<?xml version="1.0" encoding="UTF-8"?><InvalidationBatch xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Paths><Quantity>${paths.length}</Quantity><Items>${items}</Items></Paths><CallerReference>${callerReference}</CallerReference></InvalidationBatch>`,
    },
    env,
  );
}
