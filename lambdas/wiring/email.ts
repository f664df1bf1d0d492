import { DynamoEmailStore } from '#adapters/email-store';
import { createS3Client } from '#adapters/s3-client';
import { getObjectBytes, putObjectBytes } from '#adapters/s3-objects';
import type { EmailIngestDeps } from '#channels/email/ingest';
import { parseEmail } from '#channels/email/parse';
import { PoisonMessageError } from '#core/errors';
import { requireEnv } from './env';
import { emailSettingsFromEnv, replyTokenSecretFromEnv } from './settings';
import { documentClient, inboundQueueFromEnv } from './shared';

/** The e-mail ingest function's dependencies, and the bucket SES stores raw mail in. */
export function emailIngestDepsFromEnv(env = process.env): { deps: EmailIngestDeps; inboundMailBucket: string } {
  const s3 = createS3Client(env);
  const inboundMailBucket = requireEnv('INBOUND_MAIL_BUCKET', env);
  const attachmentsBucket = requireEnv('ATTACHMENTS_BUCKET', env);
  const deps: EmailIngestDeps = {
    store: new DynamoEmailStore(documentClient(), requireEnv('TABLE_NAME', env)),
    readRaw: (bucket, key) => {
      if (bucket !== inboundMailBucket) throw new PoisonMessageError(`notification names bucket ${bucket}, not the inbound-mail bucket`);
      return getObjectBytes(s3, bucket, key);
    },
    putAttachment: (key, content, contentType) => putObjectBytes(s3, attachmentsBucket, key, content, contentType),
    attachmentsBucket,
    parse: (raw, limits) => parseEmail(raw, limits),
    enqueue: inboundQueueFromEnv(env),
    settings: emailSettingsFromEnv(env),
    replyTokenSecret: replyTokenSecretFromEnv(env),
  };
  return { deps, inboundMailBucket };
}
