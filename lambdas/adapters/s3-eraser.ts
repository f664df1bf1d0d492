import { DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { FileEraser } from '../agent/ports';

/** Deletes objects in batches of 1000 per bucket (DeleteObjects' limit); a missing object is not an error. */
export function s3FileEraser(s3: S3Client): FileEraser {
  return {
    async erase(refs) {
      const byBucket = new Map<string, string[]>();
      for (const r of refs) byBucket.set(r.bucket, [...(byBucket.get(r.bucket) ?? []), r.key]);
      let deleted = 0;
      for (const [bucket, keys] of byBucket) {
        for (let i = 0; i < keys.length; i += 1000) {
          const out = await s3.send(
            new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }),
          );
          if (out.Errors?.length) throw new Error(`could not delete ${out.Errors.length} objects from ${bucket}: ${out.Errors[0]?.Code}`);
          deleted += Math.min(1000, keys.length - i);
        }
      }
      return deleted;
    },
  };
}
