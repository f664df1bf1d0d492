import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { Readable, type Writable } from 'node:stream';

/** busboy 0.3 (s3rver's own form parser), untyped here. */
type BusboyStream = Writable & NodeJS.EventEmitter;
const Busboy = createRequire(import.meta.url)('busboy') as new (options: { headers: IncomingMessage['headers'] }) => BusboyStream;

/**
 * S3's browser POST uploads, checked as S3 checks them: s3rver stores a form's file without reading its
 * policy. The form's signature (SigV4 of the base64 policy, with a key pair the stand-in knows), the
 * policy's expiration, and its conditions (every field named by one, the file's size in range) are
 * checked before s3rver sees the form; a form that breaks one is refused with 403 as S3 refuses it.
 */
export interface PostPolicyCheck {
  /** Secret keys by access key id. */
  readonly keys: ReadonlyMap<string, string>;
}

interface KoaLike {
  method: string;
  query: Record<string, unknown>;
  path: string;
  req: IncomingMessage;
  request: { req: IncomingMessage };
  is(type: string): string | false | null;
  status: number;
  type: string;
  body: unknown;
}

export class PolicyRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Condition = Record<string, string> | [string, string | number, string | number];

/** Fields S3 leaves out of the policy's conditions. */
const UNCHECKED = new Set(['policy', 'x-amz-signature', 'file']);

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The form's fields (names lower-cased, as S3 reads them) and the file's size. */
function parseForm(headers: IncomingMessage['headers'], body: Buffer): Promise<{ fields: Map<string, string>; fileBytes: number }> {
  return new Promise((resolve, reject) => {
    const fields = new Map<string, string>();
    let fileBytes = 0;
    const busboy = new Busboy({ headers });
    busboy.on('field', (name: string, value: string) => fields.set(name.toLowerCase(), value));
    busboy.on('file', (_name: string, file: NodeJS.ReadableStream) => {
      file.on('data', (c: Buffer) => (fileBytes += c.length));
    });
    busboy.on('finish', () => resolve({ fields, fileBytes }));
    busboy.on('error', reject);
    busboy.end(body);
  });
}

export function checkPostPolicy(bucket: string, fields: ReadonlyMap<string, string>, fileBytes: number, check: PostPolicyCheck, now = new Date()): void {
  const policy = fields.get('policy');
  const signature = fields.get('x-amz-signature') ?? '';
  const credential = fields.get('x-amz-credential') ?? '';
  if (!policy) throw new PolicyRefusal('AccessDenied', 'Bucket POST must contain a field named Policy');
  const [keyId, day, region, service] = credential.split('/');
  const secret = check.keys.get(keyId ?? '');
  if (!secret || !day || !region || !service)
    throw new PolicyRefusal('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
  const expected = hmac(hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request'), policy);
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new PolicyRefusal('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  const document = JSON.parse(Buffer.from(policy, 'base64').toString('utf8')) as { expiration: string; conditions: Condition[] };
  if (!(Date.parse(document.expiration) > now.getTime())) throw new PolicyRefusal('AccessDenied', 'Invalid according to Policy: Policy expired.');
  const value = (name: string) => (name === 'bucket' ? bucket : fields.get(name));
  const covered = new Set<string>();
  for (const c of document.conditions) {
    if (!Array.isArray(c)) {
      for (const [k, v] of Object.entries(c)) {
        covered.add(k.toLowerCase());
        if (value(k.toLowerCase()) !== v)
          throw new PolicyRefusal('AccessDenied', `Invalid according to Policy: Policy Condition failed: ["eq", "$${k}", "${v}"]`);
      }
      continue;
    }
    const [op, a, b] = c;
    if (op === 'content-length-range') {
      if (fileBytes < Number(a) || fileBytes > Number(b))
        throw new PolicyRefusal('EntityTooLarge', `Your proposed upload size ${fileBytes} is not within ${a} and ${b} bytes.`);
      continue;
    }
    const name = String(a).replace(/^\$/, '').toLowerCase();
    covered.add(name);
    const v = value(name) ?? '';
    if ((op === 'eq' && v !== b) || (op === 'starts-with' && !v.startsWith(String(b))) || (op !== 'eq' && op !== 'starts-with'))
      throw new PolicyRefusal('AccessDenied', `Invalid according to Policy: Policy Condition failed: ${JSON.stringify(c)}`);
  }
  const extra = [...fields.keys()].filter((k) => !UNCHECKED.has(k) && !k.startsWith('x-ignore-') && !covered.has(k));
  if (extra.length) throw new PolicyRefusal('AccessDenied', `Invalid according to Policy: Extra input fields: ${extra.join(', ')}`);
}

/** Koa middleware for s3rver: checks a bucket's form upload, then hands s3rver the form as it came. */
export function postPolicyMiddleware(check: PostPolicyCheck) {
  return async (ctx: KoaLike, next: () => Promise<void>) => {
    const bucket = /^\/([^/]+)\/?$/.exec(ctx.path)?.[1];
    if (ctx.method !== 'POST' || !bucket || Object.keys(ctx.query).length || !ctx.is('multipart/form-data')) return next();
    const body = await readAll(ctx.req);
    const { fields, fileBytes } = await parseForm(ctx.req.headers, body);
    try {
      checkPostPolicy(decodeURIComponent(bucket), fields, fileBytes, check);
    } catch (e) {
      if (!(e instanceof PolicyRefusal)) throw e;
      ctx.status = 403;
      ctx.type = 'application/xml';
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${e.code}</Code><Message>${e.message.replace(/[<>&]/g, '')}</Message></Error>`;
      return;
    }
    // s3rver reads the form from the request stream, which is spent: it gets the same bytes again.
    const { headers, url, method, socket } = ctx.req;
    const replay = Object.assign(Readable.from([body]), { headers, url, method, socket, connection: socket });
    ctx.req = ctx.request.req = replay as unknown as IncomingMessage;
    return next();
  };
}
