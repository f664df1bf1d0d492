import type { S3Client } from '#adapters/aws/s3';
import type { AttachmentSource } from '#core/ports';
import { getObjectBytes } from './s3-objects';

/** Long enough for a provider to fetch the file now, short enough that a leaked link soon dies. */
export const ATTACHMENT_LINK_SECONDS = 15 * 60;

/** Outbound files from the attachments bucket: presigned GET links, or the object's bytes. */
export function s3AttachmentSource(s3: S3Client): AttachmentSource {
  return {
    link: (ref) => s3.presignGetObject({ Bucket: ref.bucket, Key: ref.key, ResponseContentType: ref.contentType }, ATTACHMENT_LINK_SECONDS),
    read: (ref) => getObjectBytes(s3, ref.bucket, ref.key),
  };
}
