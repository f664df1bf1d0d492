import { describe, expect, it } from 'vitest';
import { createS3Client } from '#adapters/s3-client';
import { stack, unique } from './helpers';

describe('the attachments bucket', () => {
  it('takes and returns a file through the S3 client the functions build from their environment', async () => {
    // The social worker's environment (endpoint, region, credentials, path style): it stores the media customers send.
    const { info } = stack();
    const env = stack().envs.socialWorker;
    const s3 = createS3Client(env);
    const key = `${unique('att')}/fatura.pdf`;
    await s3.putObject({ Bucket: env.ATTACHMENTS_BUCKET!, Key: key, Body: 'PDF bytes', ContentType: 'application/pdf' });
    const got = await s3.getObject({ Bucket: info.attachmentsBucket, Key: key });
    expect(got.ContentType).toBe('application/pdf');
    expect(got.Body.toString('utf8')).toBe('PDF bytes');
  });
});
