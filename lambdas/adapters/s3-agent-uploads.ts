import { DeleteObjectCommand, GetObjectCommand, PutObjectTaggingCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { AgentUploads } from '#agent/ports';
import { UPLOAD_SNIFF_BYTES } from '#agent/uploads';
import { UNSENT_UPLOAD_TAG } from '#definitions/uploads';

/** The tag set a form's upload is stored with (the form field takes S3's tagging XML). */
const UNSENT_TAGGING = `<Tagging><TagSet><Tag><Key>${UNSENT_UPLOAD_TAG.key}</Key><Value>${UNSENT_UPLOAD_TAG.value}</Value></Tag></TagSet></Tagging>`;

const notFound = (e: unknown) =>
  (e as Error).name === 'NoSuchKey' || (e as Error).name === 'NotFound' || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/** Shown in the browser: images (not SVG, which can carry script) and PDF; everything else is saved. */
const inline = (contentType: string) => /^image\/(png|jpeg|gif|webp)$|^application\/pdf$/.test(contentType);

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name (Turkish letters survive). */
export const disposition = (kind: 'inline' | 'attachment', filename: string) =>
  `${kind}; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${extValue(filename)}`;

/** RFC 5987's value-chars: encodeURIComponent leaves ' ( ) * as they are, which an ext-value may not hold. */
const extValue = (s: string) => encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Signed links on the attachments bucket: GET links for a ticket's files (any bucket the ticket's
 * files are in), POST forms for agents' uploads into `bucket`. S3 enforces the form's conditions
 * (content-length-range, Content-Type, the unsent tag the bucket expires after a day); the content
 * check reads the first bytes with a ranged GET; a sent upload's tag is removed.
 */
export function s3AgentUploads(s3: S3Client, bucket: string): AgentUploads {
  return {
    downloadLink: (ref, seconds) =>
      getSignedUrl(
        s3,
        new GetObjectCommand({
          Bucket: ref.bucket,
          Key: ref.key,
          ResponseContentType: ref.contentType,
          ResponseContentDisposition: disposition(inline(ref.contentType) ? 'inline' : 'attachment', ref.filename),
        }),
        { expiresIn: seconds },
      ),
    async uploadForm(key, contentType, maxBytes, seconds) {
      // Loaded with the first upload: most of the agent API's requests never build a form (cold start).
      const { createPresignedPost } = await import('@aws-sdk/s3-presigned-post');
      const { url, fields } = await createPresignedPost(s3, {
        Bucket: bucket,
        Key: key,
        Conditions: [
          ['content-length-range', 1, maxBytes],
          ['eq', '$Content-Type', contentType],
          ['eq', '$tagging', UNSENT_TAGGING],
        ],
        Fields: { 'Content-Type': contentType, tagging: UNSENT_TAGGING },
        Expires: seconds,
      });
      return { url, fields };
    },
    async inspect(key) {
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${UPLOAD_SNIFF_BYTES - 1}` }));
        const head = out.Body ? await out.Body.transformToByteArray() : new Uint8Array(0);
        // A ranged answer names the whole size after the slash (bytes 0-4099/123456).
        const size = Number(/\/(\d+)$/.exec(out.ContentRange ?? '')?.[1] ?? out.ContentLength ?? head.length);
        return { bucket, key, size, contentType: out.ContentType ?? 'application/octet-stream', head };
      } catch (e) {
        if (notFound(e)) return undefined;
        throw e;
      }
    },
    async remove(key) {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    async keep(key) {
      // An empty tag set, not DeleteObjectTagging: the same on S3, and understood by the local S3 stand-in.
      await s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: key, Tagging: { TagSet: [] } }));
    },
  };
}
