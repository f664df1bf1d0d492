import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export async function getObjectBytes(s3: S3Client, bucket: string, key: string): Promise<Uint8Array> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return out.Body ? out.Body.transformToByteArray() : new Uint8Array(0);
}

export async function putObjectBytes(s3: S3Client, bucket: string, key: string, body: Uint8Array, contentType: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
}
