import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { attachmentsCorsRule } from '#definitions/console';
import { postPolicyMiddleware } from './s3-post-policy';

/** Credentials every local server accepts (s3rver only knows the key pairs registered with it). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

// s3rver checks signatures against its own dummy account; give that account our local key pair.
const s3rverAccounts = createRequire(import.meta.url)('s3rver/lib/models/account.js') as {
  DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void };
};
s3rverAccounts.DUMMY_ACCOUNT.createKeyPair(LOCAL_CREDENTIALS.accessKeyId, LOCAL_CREDENTIALS.secretAccessKey);

/** s3rver keeps objects in a folder: the data folder when persisting, else a temporary one. */
export async function startS3(port: number, dataDir?: string): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const directory = dataDir ? join(dataDir, 's3') : mkdtempSync(join(tmpdir(), 'destek-s3-'));
  mkdirSync(directory, { recursive: true });
  const s3 = new S3rver({ port, address: '127.0.0.1', silent: true, directory });
  // Browser form uploads are checked against their policy, as S3 checks them, before s3rver's routes.
  const middleware = (s3 as unknown as { middleware: unknown[] }).middleware;
  middleware.splice(middleware.length - 1, 0, postPolicyMiddleware({ keys: new Map([[LOCAL_CREDENTIALS.accessKeyId, LOCAL_CREDENTIALS.secretAccessKey]]) }));
  await s3.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      await s3.close();
      if (!dataDir) rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Creates the bucket unless it exists (a persisted data folder keeps it between runs). */
export async function ensureBucket(endpoint: string, bucket: string): Promise<void> {
  const s3 = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: LOCAL_CREDENTIALS });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (e) {
    if (!['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes((e as Error).name)) throw e;
  } finally {
    s3.destroy();
  }
}

/** A bucket's CORS rule, as the stack sets it in AWS (definitions/console attachmentsCorsRule). */
export async function setBucketCors(endpoint: string, bucket: string, rule: typeof attachmentsCorsRule): Promise<void> {
  const s3 = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: LOCAL_CREDENTIALS });
  try {
    await s3.send(
      new PutBucketCorsCommand({
        Bucket: bucket,
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedOrigins: [...rule.allowedOrigins],
              AllowedMethods: [...rule.allowedMethods],
              AllowedHeaders: [...rule.allowedHeaders],
              MaxAgeSeconds: rule.maxAgeSeconds,
            },
          ],
        },
      }),
    );
  } finally {
    s3.destroy();
  }
}
