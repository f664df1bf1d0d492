import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';

/** node:crypto in the shape the signer asks for (a Checksum constructor). */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    throw new Error('not supported');
  }
}

function toBuffer(d: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof d === 'string') return Buffer.from(d, 'utf8');
  if (ArrayBuffer.isView(d)) return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  return Buffer.from(d);
}

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
/** AWS refuses a request signed more than 15 minutes off. */
const MAX_SKEW_MS = 15 * 60_000;

export interface SigV4Settings {
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly region: string;
  readonly service: string;
}

/**
 * Checks a request's SigV4 signature as AWS does for its management APIs: the local key pair, the
 * region and service in the scope, a date within 15 minutes, and the signature over the signed
 * headers, path, query and body. Returns why it is refused, or undefined when it is good.
 */
export async function sigV4Refusal(req: IncomingMessage, body: Buffer, s: SigV4Settings, now = new Date()): Promise<string | undefined> {
  const m = AUTH.exec(req.headers.authorization ?? '');
  if (!m) return 'Missing Authentication Token';
  const [, keyId, day, region, service, signedHeaders, signature] = m as unknown as string[];
  if (keyId !== s.credentials.accessKeyId) return 'The security token included in the request is invalid';
  if (region !== s.region || service !== s.service) return `Credential should be scoped to ${s.region}/${s.service}`;
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const signedAt = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!signedAt || amzDate.slice(0, 8) !== day) return 'The request has no valid X-Amz-Date';
  const at = new Date(Date.UTC(+signedAt[1]!, +signedAt[2]! - 1, +signedAt[3]!, +signedAt[4]!, +signedAt[5]!, +signedAt[6]!));
  if (Math.abs(now.getTime() - at.getTime()) > MAX_SKEW_MS) return 'Signature expired';

  const url = new URL(req.url ?? '/', 'http://localhost');
  const names = signedHeaders!.split(';');
  const headers: Record<string, string> = {};
  for (const name of names) {
    const v = req.headers[name];
    if (v === undefined) return `Signed header ${name} is missing`;
    headers[name] = Array.isArray(v) ? v.join(',') : v;
  }
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? [...[query[k]!].flat(), v] : v;
  const [host, port] = (headers.host ?? '').split(':');
  const signer = new SignatureV4({ credentials: s.credentials, region: s.region, service: s.service, sha256: Sha256 });
  const signed = await signer.sign(
    { method: req.method ?? 'GET', protocol: 'http:', hostname: host ?? '', ...(port ? { port: Number(port) } : {}), path: url.pathname, query, headers, body },
    { signingDate: at, unsignableHeaders: new Set(Object.keys(req.headers).filter((h) => !names.includes(h))) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? signed.headers.Authorization ?? ''))?.[1] ?? '';
  const ok = expected.length === 64 && timingSafeEqual(Buffer.from(expected), Buffer.from(signature!));
  return ok ? undefined : 'The request signature we calculated does not match the signature you provided';
}
