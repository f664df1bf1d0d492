import { S3Client } from '#adapters/aws/s3';

/**
 * The one place an S3 client is made; the endpoint comes from AWS_ENDPOINT_URL_S3 when set.
 * S3_FORCE_PATH_STYLE=true addresses buckets by path, which S3-compatible servers need (they have no
 * per-bucket host names); AWS itself works either way.
 */
export function createS3Client(env: NodeJS.ProcessEnv = process.env): S3Client {
  return new S3Client({ forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true', env });
}
