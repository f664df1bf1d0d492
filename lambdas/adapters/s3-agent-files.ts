import type { S3Client } from '#adapters/aws/s3';
import type { AgentFiles } from '#agent/ports';

/**
 * The agent API's files in S3. Erasing deletes in batches of 1000 per bucket (DeleteObjects' limit);
 * a missing object is not an error there.
 */
export function s3AgentFiles(s3: S3Client): AgentFiles {
  return {
    async erase(refs) {
      const byBucket = new Map<string, string[]>();
      for (const r of refs) byBucket.set(r.bucket, [...(byBucket.get(r.bucket) ?? []), r.key]);
      let deleted = 0;
      for (const [bucket, keys] of byBucket) {
        for (let i = 0; i < keys.length; i += 1000) {
          const out = await s3.deleteObjects({ Bucket: bucket, Keys: keys.slice(i, i + 1000) });
          if (out.Errors.length) throw new Error(`could not delete ${out.Errors.length} objects from ${bucket}: ${out.Errors[0]?.Code}`);
          deleted += Math.min(1000, keys.length - i);
        }
      }
      return deleted;
    },
    async missing(refs) {
      const gone = await Promise.all(
        refs.map(async (r) => {
          try {
            await s3.headObject({ Bucket: r.bucket, Key: r.key });
            return undefined;
          } catch (e) {
            if ((e as Error).name === 'NotFound' || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return r.key;
            throw e;
          }
        }),
      );
      return gone.filter((k): k is string => k !== undefined);
    },
  };
}
