import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';

/** The help center's files as CloudFront reads them from its bucket: by key, undefined when there is none. */
export class S3HelpFiles {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async read(path: string): Promise<Buffer | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: path }));
      return out.Body ? Buffer.from(await out.Body.transformToByteArray()) : Buffer.alloc(0);
    } catch (e) {
      if (e instanceof NoSuchKey || (e as Error).name === 'NoSuchKey') return undefined;
      throw e;
    }
  }
}
