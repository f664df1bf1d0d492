import { GetObjectCommand, S3Client as SdkS3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { S3Client } from '#adapters/aws/s3';
import { freePort } from '#local/net';
import { ensureBucket, LOCAL_CREDENTIALS, startS3 } from '#local/storage';

// Destek's S3 client against the local S3 (s3rver, and local/s3-post-policy.ts for browser forms).
// s3rver checks a request's access key and a link's expiry, not SigV4 signatures: those are checked
// equal to the SDK's (presigner, POST form) at the same instant, and a form's by the policy check.
const bucket = 'attachments';
let s3rver: Awaited<ReturnType<typeof startS3>>;
let s3: S3Client;

beforeAll(async () => {
  s3rver = await startS3(await freePort());
  await ensureBucket(s3rver.endpoint, bucket);
  s3 = new S3Client({ region: 'us-east-1', endpoint: s3rver.endpoint, forcePathStyle: true, credentials: async () => LOCAL_CREDENTIALS });
});
afterAll(() => s3rver.stop());

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

/** A browser's form upload: the fields, then the file, as multipart/form-data. */
async function postForm(form: { url: string; fields: Record<string, string> }, file: Blob, override: Record<string, string> = {}) {
  const body = new FormData();
  for (const [k, v] of Object.entries({ ...form.fields, ...override })) body.append(k, v);
  body.append('file', file, 'upload.bin');
  return fetch(form.url, { method: 'POST', body });
}

describe("Destek's S3 client", () => {
  it('puts, heads, reads (whole and a range) and deletes an object whose key has spaces and Turkish letters', async () => {
    const key = 'inbound/10001/şükran çiçek (1).txt';
    await s3.putObject({ Bucket: bucket, Key: key, Body: Buffer.from('merhaba dünya'), ContentType: 'text/plain; charset=utf-8' });
    expect(await s3.headObject({ Bucket: bucket, Key: key })).toEqual({ ContentType: 'text/plain; charset=utf-8', ContentLength: 14 });
    expect((await s3.getObject({ Bucket: bucket, Key: key })).Body.toString('utf8')).toBe('merhaba dünya');
    const part = await s3.getObject({ Bucket: bucket, Key: key, Range: 'bytes=0-6' });
    expect(part).toMatchObject({ ContentRange: 'bytes 0-6/14', ContentLength: 7 });
    expect(part.Body.toString('utf8')).toBe('merhaba');
    await s3.deleteObject({ Bucket: bucket, Key: key });
    await expect(s3.headObject({ Bucket: bucket, Key: key })).rejects.toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
    await expect(s3.getObject({ Bucket: bucket, Key: key })).rejects.toMatchObject({ name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
  });

  it('deletes many objects in one call and tags an object', async () => {
    const keys = ['many/a.txt', 'many/b & c.txt', 'many/<d>.txt'];
    for (const Key of keys) await s3.putObject({ Bucket: bucket, Key, Body: 'x' });
    await s3.putObjectTagging({ Bucket: bucket, Key: keys[0]!, TagSet: [{ Key: 'state', Value: 'unsent' }] });
    expect(await s3.deleteObjects({ Bucket: bucket, Keys: keys })).toEqual({ Errors: [] });
    for (const Key of keys) await expect(s3.headObject({ Bucket: bucket, Key })).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('refuses a request signed with a key pair S3 does not know', async () => {
    const stranger = new S3Client({
      region: 'us-east-1',
      endpoint: s3rver.endpoint,
      forcePathStyle: true,
      credentials: async () => ({ accessKeyId: 'other', secretAccessKey: 'other' }),
    });
    await expect(stranger.putObject({ Bucket: bucket, Key: 'x', Body: 'x' })).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
  });
});

describe('a presigned GET link', () => {
  const key = 'outbound/10001/fatura özeti.pdf';
  beforeAll(() => s3.putObject({ Bucket: bucket, Key: key, Body: Buffer.from('%PDF-1.4 x'), ContentType: 'application/octet-stream' }));

  it('is accepted by S3 and answered with the type and disposition it names', async () => {
    const disposition = `attachment; filename="fatura _zeti.pdf"; filename*=UTF-8''fatura%20%C3%B6zeti.pdf`;
    const url = await s3.presignGetObject({ Bucket: bucket, Key: key, ResponseContentType: 'application/pdf', ResponseContentDisposition: disposition }, 60);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(disposition);
    expect(await res.text()).toBe('%PDF-1.4 x');
  });

  it('is refused once expired', async () => {
    const expired = await s3.presignGetObject({ Bucket: bucket, Key: key }, 60, minutesAgo(2));
    expect((await fetch(expired)).status).toBe(403);
  });

  // The SDK also signs x-id, x-amz-checksum-mode and X-Amz-Content-Sha256 (so its signature differs);
  // presignUrl's signature of a given URL is checked equal to the SDK signer's in aws-sigv4.test.ts.
  it("is the SDK presigner's link on AWS and on a path-style endpoint: host, path and the query S3 reads", async () => {
    const now = new Date('2026-12-07T08:30:15Z');
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session/token+=' };
    const input = {
      Bucket: 'destek-files',
      Key: "a/fatura özeti (1)'.pdf",
      ResponseContentType: 'application/pdf',
      ResponseContentDisposition: `inline; filename="a b.pdf"`,
    };
    for (const options of [{ region: 'eu-central-1' }, { region: 'eu-central-1', endpoint: 'http://127.0.0.1:4569', forcePathStyle: true }]) {
      const sdk = new SdkS3Client({ ...options, credentials });
      const ours = new S3Client({ ...options, credentials: async () => credentials, env: {} });
      const expected = await getSignedUrl(sdk, new GetObjectCommand(input), { expiresIn: 900, signingDate: now });
      const actual = await ours.presignGetObject(input, 900, now);
      const sdkOnly = new Set(['x-id', 'x-amz-checksum-mode', 'X-Amz-Content-Sha256', 'X-Amz-Signature']);
      const params = (u: string) => [...new URL(u).searchParams].filter(([k]) => !sdkOnly.has(k)).sort(([a], [b]) => a.localeCompare(b));
      expect(new URL(actual).origin + new URL(actual).pathname).toBe(new URL(expected).origin + new URL(expected).pathname);
      expect(params(actual)).toEqual(params(expected));
      expect(new URL(actual).searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
      sdk.destroy();
    }
  });

  it('names the bucket in the host on AWS, and in the path for a name that cannot be a host label', async () => {
    const aws = new S3Client({ region: 'eu-central-1', credentials: async () => LOCAL_CREDENTIALS, env: {} });
    expect(`${new URL(await aws.presignGetObject({ Bucket: 'destek-files', Key: 'a/b c.png' }, 60)).origin}|`).toBe(
      'https://destek-files.s3.eu-central-1.amazonaws.com|',
    );
    expect(new URL(await aws.presignGetObject({ Bucket: 'destek-files', Key: 'a/b c.png' }, 60)).pathname).toBe('/a/b%20c.png');
    expect(new URL(await aws.presignGetObject({ Bucket: 'destek.files', Key: 'a' }, 60)).href).toMatch(
      /^https:\/\/s3\.eu-central-1\.amazonaws\.com\/destek\.files\/a\?/,
    );
  });
});

describe('a browser POST form', () => {
  const form = (key: string, now?: Date) =>
    s3.presignedPost(
      {
        Bucket: bucket,
        Key: key,
        Conditions: [
          ['content-length-range', 1, 100],
          ['eq', '$Content-Type', 'image/png'],
        ],
        Fields: { 'Content-Type': 'image/png' },
        Expires: 60,
      },
      now,
    );

  it('is accepted by S3, which stores the file under its key with its type', async () => {
    const res = await postForm(await form('uploads/u1/a.png'), new Blob([Buffer.from('png bytes')]));
    expect(res.status).toBeLessThan(300);
    expect(await s3.headObject({ Bucket: bucket, Key: 'uploads/u1/a.png' })).toEqual({ ContentType: 'image/png', ContentLength: 9 });
  });

  it("is the SDK's form: the same URL, fields, policy and signature", async () => {
    const now = new Date('2026-12-07T08:30:15Z');
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session/token+=' };
    const input = {
      Bucket: 'destek-files',
      Key: 'uploads/10001/u1/ö.pdf',
      Conditions: [['content-length-range', 1, 1000] as const, ['eq', '$Content-Type', 'application/pdf'] as const],
      Fields: { 'Content-Type': 'application/pdf', tagging: '<Tagging><TagSet></TagSet></Tagging>' },
      Expires: 600,
    };
    for (const options of [{ region: 'eu-central-1' }, { region: 'eu-central-1', endpoint: 'http://127.0.0.1:4569', forcePathStyle: true }]) {
      const sdk = new SdkS3Client({ ...options, credentials });
      vi.useFakeTimers({ now, toFake: ['Date'] });
      let expected;
      try {
        expected = await createPresignedPost(sdk, { ...input, Conditions: input.Conditions.map((c) => [...c]) });
      } finally {
        vi.useRealTimers();
      }
      const actual = await new S3Client({ ...options, credentials: async () => credentials, env: {} }).presignedPost(input, now);
      expect(actual).toEqual(expected);
      sdk.destroy();
    }
  });

  it('is refused once expired, and when its signature, a field or the file breaks the policy; nothing is stored', async () => {
    const png = new Blob([Buffer.from('png')]);
    const refusal = async (res: Response) => ({ status: res.status, code: /<Code>([^<]+)<\/Code>/.exec(await res.text())?.[1] });
    expect(await refusal(await postForm(await form('uploads/u2/a.png', minutesAgo(2)), png))).toEqual({ status: 403, code: 'AccessDenied' });
    expect(await refusal(await postForm(await form('uploads/u3/a.png'), png, { 'Content-Type': 'text/html' }))).toEqual({ status: 403, code: 'AccessDenied' });
    expect(await refusal(await postForm(await form('uploads/u4/a.png'), png, { key: 'uploads/elsewhere.png' }))).toEqual({ status: 403, code: 'AccessDenied' });
    expect(await refusal(await postForm(await form('uploads/u5/a.png'), png, { 'x-amz-meta-extra': '1' }))).toEqual({ status: 403, code: 'AccessDenied' });
    expect(await refusal(await postForm(await form('uploads/u6/a.png'), new Blob([Buffer.alloc(101)])))).toEqual({ status: 403, code: 'EntityTooLarge' });
    const signedElsewhere = await form('uploads/u7/a.png');
    const tampered = { ...signedElsewhere.fields, 'X-Amz-Signature': signedElsewhere.fields['X-Amz-Signature']!.replace(/^./, (c) => (c === '0' ? '1' : '0')) };
    expect(await refusal(await postForm({ ...signedElsewhere, fields: tampered }, png))).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    for (const n of [2, 3, 4, 5, 6, 7]) await expect(s3.headObject({ Bucket: bucket, Key: `uploads/u${n}/a.png` })).rejects.toMatchObject({ name: 'NotFound' });
    await expect(s3.headObject({ Bucket: bucket, Key: 'uploads/elsewhere.png' })).rejects.toMatchObject({ name: 'NotFound' });
  });
});
