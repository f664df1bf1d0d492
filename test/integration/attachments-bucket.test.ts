import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createS3Client } from '#adapters/s3-client';
import { stack, unique } from './helpers';

describe('the attachments bucket', () => {
  it('takes and returns a file through the S3 client the functions build from their environment', async () => {
    // The social worker's environment: it stores the media customers send.
    const { info } = stack();
    const env = stack().envs.socialWorker;
    const previous = { ...process.env };
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_S3: env.AWS_ENDPOINT_URL_S3,
      AWS_REGION: env.AWS_REGION,
      AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY,
    });
    const s3 = createS3Client(env);
    try {
      const key = `${unique('att')}/fatura.pdf`;
      await s3.send(new PutObjectCommand({ Bucket: env.ATTACHMENTS_BUCKET, Key: key, Body: 'PDF bytes', ContentType: 'application/pdf' }));
      const got = await s3.send(new GetObjectCommand({ Bucket: info.attachmentsBucket, Key: key }));
      expect(got.ContentType).toBe('application/pdf');
      expect(await got.Body!.transformToString()).toBe('PDF bytes');
    } finally {
      s3.destroy();
      process.env = previous;
    }
  });
});
