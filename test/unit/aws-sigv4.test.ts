import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { presignUrl, signRequest } from '#adapters/aws/sigv4';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session/token+=' };
const now = new Date('2026-12-07T08:30:15Z');

const toBytes = (d: string | ArrayBuffer | ArrayBufferView) =>
  typeof d === 'string' ? d : d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);

/** SHA-256 (and HMAC with a key) in the shape the SDK's signer takes. */
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.hash.update(toBytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

/** The AWS SDK's own signer, as the reference our signatures must equal. */
function sdkSigner(service: string, uriEscapePath: boolean) {
  return new SignatureV4({ service, region: 'eu-central-1', credentials, sha256: Sha256, uriEscapePath, applyChecksum: true });
}

async function sdkHeaders(service: string, uriEscapePath: boolean, method: string, url: URL, headers: Record<string, string>, body?: string) {
  const req = {
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { ...headers, host: url.host },
    ...(body === undefined ? {} : { body }),
  };
  const signed = await sdkSigner(service, uriEscapePath).sign(req, { signingDate: now });
  return signed.headers.authorization;
}

describe('SigV4 signing', () => {
  it('signs a DynamoDB JSON call as the SDK does', async () => {
    const url = new URL('https://dynamodb.eu-central-1.amazonaws.com/');
    const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.GetItem' };
    const body = '{"TableName":"destek","Key":{"pk":{"S":"TICKET#1"}}}';
    const ours = signRequest({ method: 'POST', url, headers, body }, { service: 'dynamodb', region: 'eu-central-1', credentials }, now);
    const sdk = await sdkHeaders('dynamodb', true, 'POST', url, { ...headers, 'x-amz-content-sha256': ours['x-amz-content-sha256']! }, body);
    expect(ours.authorization).toBe(sdk);
  });

  it('encodes an API Gateway connection path twice, as every service but S3 wants', async () => {
    const url = new URL('https://abc.execute-api.eu-central-1.amazonaws.com/prod/%40connections/L0SM9cOFvHcCIhw%3D');
    const headers = { 'content-type': 'application/json' };
    const ours = signRequest({ method: 'POST', url, headers, body: '{}' }, { service: 'execute-api', region: 'eu-central-1', credentials }, now);
    const sdk = await sdkHeaders('execute-api', true, 'POST', url, { ...headers, 'x-amz-content-sha256': ours['x-amz-content-sha256']! }, '{}');
    expect(ours.authorization).toBe(sdk);
  });

  it('signs an S3 key with spaces and Turkish letters once-encoded, with its query sorted', async () => {
    const url = new URL(`http://127.0.0.1:4569/bucket/${encodeURIComponent('fatura şubat 2026.pdf')}?x-id=GetObject&a=b%20c`);
    const ours = signRequest({ method: 'GET', url, headers: {} }, { service: 's3', region: 'eu-central-1', credentials, doubleEncodePath: false }, now);
    const sdk = await sdkHeaders('s3', false, 'GET', url, { 'x-amz-content-sha256': ours['x-amz-content-sha256']! });
    expect(ours.authorization).toBe(sdk);
  });

  it('presigns a GET URL as the SDK does', async () => {
    const url = new URL(`https://bucket.s3.eu-central-1.amazonaws.com/${encodeURIComponent('ek dosya.png')}`);
    const ours = presignUrl({ method: 'GET', url }, { service: 's3', region: 'eu-central-1', credentials, doubleEncodePath: false }, 300, now);
    const req = {
      method: 'GET',
      protocol: 'https:',
      hostname: url.hostname,
      path: url.pathname,
      query: {},
      headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    };
    // As the SDK's S3 presigner asks: the payload unsigned, only host signed.
    const sdk = await sdkSigner('s3', false).presign(req, {
      signingDate: now,
      expiresIn: 300,
      unsignableHeaders: new Set(['x-amz-content-sha256']),
      unhoistableHeaders: new Set(['x-amz-content-sha256']),
    });
    expect(ours.searchParams.get('X-Amz-Signature')).toBe(sdk.query?.['X-Amz-Signature']);
    expect(ours.searchParams.get('X-Amz-Security-Token')).toBe(credentials.sessionToken);
  });

  it('changes the signature when the body changes', () => {
    const url = new URL('https://sqs.eu-central-1.amazonaws.com/');
    const scope = { service: 'sqs', region: 'eu-central-1', credentials };
    const a = signRequest({ method: 'POST', url, headers: {}, body: '{"a":1}' }, scope, now);
    const b = signRequest({ method: 'POST', url, headers: {}, body: '{"a":2}' }, scope, now);
    expect(a.authorization).not.toBe(b.authorization);
  });
});
