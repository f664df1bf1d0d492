import { ValidationError } from '#core/errors';
import type { AttachmentRef } from '#core/messages';
import { AGENT_UPLOADS_PREFIX } from '#definitions/uploads';
import type { AgentUploads } from './ports';

/**
 * Files agents attach to replies: uploaded straight to the bucket with a signed form (bounded size,
 * fixed type), then checked by content before a reply may carry them. The types and the size live in
 * the definitions, which the console reads too.
 */
import { MAX_UPLOAD_BYTES, uploadTypes } from '#definitions/uploads';

export { MAX_UPLOAD_BYTES, uploadTypes, type UploadType } from '#definitions/uploads';

/** Enough of the file for the content check (file-type reads at most 4100 bytes for these types). */
export const UPLOAD_SNIFF_BYTES = 4100;
/** The upload form and a download link live a few minutes: long enough to use, short if leaked. */
export const UPLOAD_FORM_SECONDS = 10 * 60;
export const DOWNLOAD_LINK_SECONDS = 5 * 60;

const PREFIX = AGENT_UPLOADS_PREFIX;

/** Where a ticket's uploads live: the key names the ticket, so a file cannot be carried to another ticket. */
export const uploadKey = (ticketId: string, uploadId: string, filename: string) => `${PREFIX}/${ticketId}/${uploadId}/${filename}`;
export const isUploadOf = (ticketId: string, key: string) => key.startsWith(`${PREFIX}/${ticketId}/`);

/** A file name as it may stand in a key and a Content-Disposition: no path, no control characters. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f"<>|*?:]+/g, '_')
    .trim()
    .slice(-120);
  return clean && !/^\.+$/.test(clean) ? clean : 'file';
}

/** What the content says the file is; undefined when its bytes name no known type. */
export async function detectedType(head: Uint8Array): Promise<string | undefined> {
  // Loaded with the first check: most of the agent API's requests never sniff a file (cold start).
  // file-type/core: the same sniffing of a buffer, without the Node entry's stream and file-system modules, which load at import.
  const { fileTypeFromBuffer } = await import('file-type/core');
  return (await fileTypeFromBuffer(head))?.mime;
}

/**
 * An uploaded file of the ticket as a reply may carry it, checked by content: it must be there, within
 * the size bound, of an accepted type, and its bytes must be that type. A refused file is deleted, so it
 * cannot be used later either.
 */
export async function checkedUpload(uploads: AgentUploads, ticketId: string, key: string): Promise<AttachmentRef & { detectedType: string }> {
  if (!isUploadOf(ticketId, key)) throw new ValidationError(`not an upload of ticket ${ticketId}`, { key: 'upload keys come from POST /tickets/{id}/uploads' });
  const stored = await uploads.inspect(key);
  if (!stored) throw new ValidationError('nothing was uploaded under this key (or it expired)', { key: 'upload the file first' });
  const refuse = async (message: string) => {
    await uploads.remove(key);
    throw new ValidationError(message, { key: 'refused and deleted: upload a file of an accepted type' });
  };
  if (!(uploadTypes as readonly string[]).includes(stored.contentType)) return refuse(`${stored.contentType} files are not accepted`);
  if (stored.size > MAX_UPLOAD_BYTES || stored.size === 0) return refuse(`the file is ${stored.size} bytes; the limit is ${MAX_UPLOAD_BYTES}`);
  const detected = await detectedType(stored.head);
  if (detected !== stored.contentType) {
    return refuse(`the file's content is ${detected ?? 'of no recognised type'}, not the declared ${stored.contentType}`);
  }
  return {
    bucket: stored.bucket,
    key,
    filename: key.split('/').pop()!,
    contentType: stored.contentType,
    size: stored.size,
    detectedType: detected,
  };
}
