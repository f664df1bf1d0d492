import type { S3Client } from '#adapters/aws/s3';
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
      s3.presignGetObject(
        {
          Bucket: ref.bucket,
          Key: ref.key,
          ResponseContentType: ref.contentType,
          ResponseContentDisposition: disposition(inline(ref.contentType) ? 'inline' : 'attachment', ref.filename),
        },
        seconds,
      ),
    async uploadForm(key, contentType, maxBytes, seconds) {
      const { url, fields } = await s3.presignedPost({
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
        const out = await s3.getObject({ Bucket: bucket, Key: key, Range: `bytes=0-${UPLOAD_SNIFF_BYTES - 1}` });
        const head = new Uint8Array(out.Body);
        // A ranged answer names the whole size after the slash (bytes 0-4099/123456).
        const size = Number(/\/(\d+)$/.exec(out.ContentRange ?? '')?.[1] ?? out.ContentLength ?? head.length);
        return { bucket, key, size, contentType: out.ContentType ?? 'application/octet-stream', head };
      } catch (e) {
        if (notFound(e)) return undefined;
        throw e;
      }
    },
    async remove(key) {
      await s3.deleteObject({ Bucket: bucket, Key: key });
    },
    async keep(key) {
      // An empty tag set, not DeleteObjectTagging: the same on S3, and understood by the local S3 stand-in.
      await s3.putObjectTagging({ Bucket: bucket, Key: key, TagSet: [] });
    },
  };
}
