import type { S3Client } from '#adapters/aws/s3';

export async function getObjectBytes(s3: S3Client, bucket: string, key: string): Promise<Uint8Array> {
  return (await s3.getObject({ Bucket: bucket, Key: key })).Body;
}

export async function putObjectBytes(s3: S3Client, bucket: string, key: string, body: Uint8Array, contentType: string): Promise<void> {
  await s3.putObject({ Bucket: bucket, Key: key, Body: body, ContentType: contentType });
}
