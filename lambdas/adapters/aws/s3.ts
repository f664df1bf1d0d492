import { createHash } from 'node:crypto';
import { AwsClient, type AwsClientOptions, type AwsResponse } from './client';
import { amzDate, encodeRfc3986, presignUrl, signString } from './sigv4';

/**
 * Amazon S3's REST-XML API, the calls Destek makes: objects' bytes, heads, tags and deletes, presigned
 * GET links and browser POST forms. Buckets are addressed by host (bucket.s3.<region>.amazonaws.com)
 * unless `forcePathStyle` (S3-compatible servers such as s3rver have no per-bucket host names) or the
 * bucket's name cannot be a host label.
 */
export interface S3ClientOptions extends AwsClientOptions {
  readonly forcePathStyle?: boolean;
}

export interface GetObjectOutput {
  readonly Body: Buffer;
  readonly ContentType?: string | undefined;
  readonly ContentLength?: number | undefined;
  /** "bytes 0-4099/123456" for a ranged GET. */
  readonly ContentRange?: string | undefined;
}

export interface HeadObjectOutput {
  readonly ContentType?: string | undefined;
  readonly ContentLength?: number | undefined;
}

export interface ListObjectsV2Output {
  readonly Contents: readonly { readonly Key: string; readonly ETag?: string | undefined }[];
  readonly IsTruncated: boolean;
  readonly NextContinuationToken?: string | undefined;
}

export interface DeleteObjectsError {
  readonly Key?: string | undefined;
  readonly Code?: string | undefined;
  readonly Message?: string | undefined;
}

/** A POST policy's condition: ["eq", "$Content-Type", "image/png"], ["content-length-range", 1, 10], { key: "a" }. */
export type PostCondition = readonly [string, string | number, string | number] | Readonly<Record<string, string>>;

export interface PresignedPostInput {
  readonly Bucket: string;
  readonly Key: string;
  readonly Conditions?: readonly PostCondition[];
  /** Form fields the browser sends as they are (each also becomes a condition). */
  readonly Fields?: Readonly<Record<string, string>>;
  /** Seconds the form is valid for. */
  readonly Expires?: number;
}

export interface PresignedPost {
  readonly url: string;
  readonly fields: Record<string, string>;
}

const S3_SERVICE = { signingName: 's3', endpointId: 'S3', hostPrefix: 's3', doubleEncodePath: false } as const;
/** A bucket name that can be a host label under TLS (no dots: the wildcard certificate covers one label). */
const HOST_STYLE_BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** Each segment encoded, the slashes kept: S3 signs the path as sent. */
const encodeKey = (key: string) => key.split('/').map(encodeRfc3986).join('/');
const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
const unescapeXml = (s: string) => s.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e]!);
const header = (res: AwsResponse, name: string) => {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
};
const numberHeader = (res: AwsResponse, name: string) => {
  const v = header(res, name);
  return v === undefined ? undefined : Number(v);
};
/** The policy's expiration: ISO 8601 without milliseconds, as the SDK writes it. */
const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export class S3Client {
  private readonly base: AwsClient;
  private readonly byBucket = new Map<string, AwsClient>();

  constructor(private readonly options: S3ClientOptions = {}) {
    this.base = new AwsClient(S3_SERVICE, options);
  }

  get region(): string {
    return this.base.region;
  }

  async putObject(input: { Bucket: string; Key: string; Body: Uint8Array | string; ContentType?: string; CacheControl?: string }): Promise<void> {
    const { client, path } = this.target(input.Bucket, input.Key);
    await client.send({
      operation: 'PutObject',
      method: 'PUT',
      path,
      headers: {
        ...(input.ContentType ? { 'content-type': input.ContentType } : {}),
        ...(input.CacheControl ? { 'cache-control': input.CacheControl } : {}),
      },
      body: input.Body,
    });
  }

  /** Starts a multipart upload; its UploadId. */
  async createMultipartUpload(input: { Bucket: string; Key: string; ContentType?: string; ContentDisposition?: string }): Promise<string> {
    const { client, path } = this.target(input.Bucket, input.Key);
    const res = await client.send({
      operation: 'CreateMultipartUpload',
      method: 'POST',
      path,
      query: { uploads: '' },
      headers: {
        ...(input.ContentType ? { 'content-type': input.ContentType } : {}),
        ...(input.ContentDisposition ? { 'content-disposition': input.ContentDisposition } : {}),
      },
    });
    const id = /<UploadId>([^<]+)<\/UploadId>/.exec(res.body.toString('utf8'))?.[1];
    if (!id) throw new Error('CreateMultipartUpload answered without an UploadId');
    return unescapeXml(id);
  }

  /** One part of a multipart upload; its ETag (quoted, as S3 sends it). */
  async uploadPart(input: { Bucket: string; Key: string; UploadId: string; PartNumber: number; Body: Uint8Array }): Promise<string> {
    const { client, path } = this.target(input.Bucket, input.Key);
    const res = await client.send({
      operation: 'UploadPart',
      method: 'PUT',
      path,
      query: { partNumber: String(input.PartNumber), uploadId: input.UploadId },
      body: input.Body,
    });
    const etag = header(res, 'etag');
    if (!etag) throw new Error('UploadPart answered without an ETag');
    return etag;
  }

  async completeMultipartUpload(input: {
    Bucket: string;
    Key: string;
    UploadId: string;
    Parts: readonly { PartNumber: number; ETag: string }[];
  }): Promise<void> {
    const { client, path } = this.target(input.Bucket, input.Key);
    const parts = input.Parts.map((p) => `<Part><PartNumber>${p.PartNumber}</PartNumber><ETag>${escapeXml(p.ETag)}</ETag></Part>`).join('');
    const res = await client.send({
      operation: 'CompleteMultipartUpload',
      method: 'POST',
      path,
      query: { uploadId: input.UploadId },
      headers: { 'content-type': 'application/xml' },
      body: `<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${parts}</CompleteMultipartUpload>`,
    });
    // S3 may answer 200 with an error in the body once the parts are being joined.
    const error = /<Error>[\s\S]*?<Code>([^<]+)<\/Code>/.exec(res.body.toString('utf8'))?.[1];
    if (error) throw new Error(`CompleteMultipartUpload failed: ${error}`);
  }

  async abortMultipartUpload(input: { Bucket: string; Key: string; UploadId: string }): Promise<void> {
    const { client, path } = this.target(input.Bucket, input.Key);
    await client.send({ operation: 'AbortMultipartUpload', method: 'DELETE', path, query: { uploadId: input.UploadId } });
  }

  /** One page (up to 1000) of the keys under a prefix, with their ETags (quoted, as S3 sends them). */
  async listObjectsV2(input: { Bucket: string; Prefix?: string | undefined; ContinuationToken?: string | undefined }): Promise<ListObjectsV2Output> {
    const { client, path } = this.target(input.Bucket);
    const res = await client.send({
      operation: 'ListObjectsV2',
      method: 'GET',
      path,
      query: { 'list-type': '2', prefix: input.Prefix, 'continuation-token': input.ContinuationToken },
    });
    const xml = res.body.toString('utf8');
    const field = (within: string, tag: string) => {
      const v = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(within)?.[1];
      return v === undefined ? undefined : unescapeXml(v);
    };
    const contents = [...xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)].map(([, c]) => ({ Key: field(c!, 'Key') ?? '', ETag: field(c!, 'ETag') }));
    // The page's own fields, outside its Contents (a key may be any text).
    const rest = xml.replace(/<Contents>[\s\S]*?<\/Contents>/g, '');
    return { Contents: contents, IsTruncated: field(rest, 'IsTruncated') === 'true', NextContinuationToken: field(rest, 'NextContinuationToken') };
  }

  async getObject(input: { Bucket: string; Key: string; Range?: string }): Promise<GetObjectOutput> {
    const { client, path } = this.target(input.Bucket, input.Key);
    const res = await client.send({ operation: 'GetObject', method: 'GET', path, headers: input.Range ? { range: input.Range } : {} });
    return {
      Body: res.body,
      ContentType: header(res, 'content-type'),
      ContentLength: numberHeader(res, 'content-length'),
      ContentRange: header(res, 'content-range'),
    };
  }

  /** A missing object fails with name "NotFound" and status 404 (a HEAD answer has no body). */
  async headObject(input: { Bucket: string; Key: string }): Promise<HeadObjectOutput> {
    const { client, path } = this.target(input.Bucket, input.Key);
    const res = await client.send({ operation: 'HeadObject', method: 'HEAD', path });
    return { ContentType: header(res, 'content-type'), ContentLength: numberHeader(res, 'content-length') };
  }

  async deleteObject(input: { Bucket: string; Key: string }): Promise<void> {
    const { client, path } = this.target(input.Bucket, input.Key);
    await client.send({ operation: 'DeleteObject', method: 'DELETE', path });
  }

  /** Up to 1000 keys; quiet: only the keys that could not be deleted come back. */
  async deleteObjects(input: { Bucket: string; Keys: readonly string[] }): Promise<{ Errors: DeleteObjectsError[] }> {
    const { client, path } = this.target(input.Bucket);
    const body = `<?xml version="1.0" encoding="UTF-8"?><Delete><Quiet>true</Quiet>${input.Keys.map((k) => `<Object><Key>${escapeXml(k)}</Key></Object>`).join('')}</Delete>`;
    const res = await client.send({
      operation: 'DeleteObjects',
      method: 'POST',
      path,
      query: { delete: '' },
      // S3 wants the body's MD5 on this call.
      headers: { 'content-type': 'application/xml', 'content-md5': createHash('md5').update(body).digest('base64') },
      body,
    });
    const errors = [...res.body.toString('utf8').matchAll(/<Error>([\s\S]*?)<\/Error>/g)].map(([, e]) => {
      const field = (tag: string) => {
        const v = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(e!)?.[1];
        return v === undefined ? undefined : unescapeXml(v);
      };
      return { Key: field('Key'), Code: field('Code'), Message: field('Message') };
    });
    return { Errors: errors };
  }

  async putObjectTagging(input: { Bucket: string; Key: string; TagSet: readonly { Key: string; Value: string }[] }): Promise<void> {
    const { client, path } = this.target(input.Bucket, input.Key);
    const tags = input.TagSet.map((t) => `<Tag><Key>${escapeXml(t.Key)}</Key><Value>${escapeXml(t.Value)}</Value></Tag>`).join('');
    const body = `<?xml version="1.0" encoding="UTF-8"?><Tagging><TagSet>${tags}</TagSet></Tagging>`;
    await client.send({
      operation: 'PutObjectTagging',
      method: 'PUT',
      path,
      query: { tagging: '' },
      headers: { 'content-type': 'application/xml', 'content-md5': createHash('md5').update(body).digest('base64') },
      body,
    });
  }

  /** A GET link valid for `expiresIn` seconds; S3 answers it with the given Content-Type and Content-Disposition. */
  async presignGetObject(
    input: { Bucket: string; Key: string; ResponseContentType?: string | undefined; ResponseContentDisposition?: string | undefined },
    expiresIn: number,
    now = new Date(),
  ): Promise<string> {
    const { client, path } = this.target(input.Bucket, input.Key);
    const url = client.url(path, {
      'response-content-disposition': input.ResponseContentDisposition,
      'response-content-type': input.ResponseContentType,
    });
    const signed = presignUrl({ method: 'GET', url }, await client.scope(), expiresIn, now);
    // URLSearchParams writes a space as "+"; S3 reads the query by RFC 3986, as it was signed.
    signed.search = [...signed.searchParams].map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`).join('&');
    return signed.href;
  }

  /**
   * A browser upload form (S3's POST policy, SigV4): the policy lists the conditions, the fields and
   * the key; its base64 is signed with the day's key. S3 refuses an upload that breaks a condition.
   */
  async presignedPost(input: PresignedPostInput, now = new Date()): Promise<PresignedPost> {
    const { client, path } = this.target(input.Bucket);
    const scope = await client.scope();
    const date = amzDate(now);
    const credential = `${scope.credentials.accessKeyId}/${date.slice(0, 8)}/${scope.region}/${scope.service}/aws4_request`;
    const fields: Record<string, string> = {
      ...input.Fields,
      bucket: input.Bucket,
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': credential,
      'X-Amz-Date': date,
      ...(scope.credentials.sessionToken ? { 'X-Amz-Security-Token': scope.credentials.sessionToken } : {}),
    };
    const conditions = [...(input.Conditions ?? []), ...Object.entries(fields).map(([k, v]) => ({ [k]: v })), { key: input.Key }];
    const policy = Buffer.from(
      JSON.stringify({ expiration: isoSeconds(new Date(now.getTime() + (input.Expires ?? 3600) * 1000)), conditions }),
      'utf8',
    ).toString('base64');
    return {
      url: client.url(path).href,
      fields: { ...fields, key: input.Key, Policy: policy, 'X-Amz-Signature': signString(policy, scope, now).signature },
    };
  }

  /** The client and path for a bucket (and key): the bucket in the host, or first in the path. */
  private target(bucket: string, key?: string): { client: AwsClient; path: string } {
    const keyPath = key === undefined ? '' : `/${encodeKey(key)}`;
    if (this.options.forcePathStyle || !HOST_STYLE_BUCKET.test(bucket)) return { client: this.base, path: `/${bucket}${keyPath}` };
    let client = this.byBucket.get(bucket);
    if (!client) {
      const { protocol, host, pathname } = this.base.endpoint;
      client = new AwsClient(S3_SERVICE, { ...this.options, region: this.base.region, endpoint: `${protocol}//${bucket}.${host}${pathname}` });
      this.byBucket.set(bucket, client);
    }
    return { client, path: keyPath || '/' };
  }
}
