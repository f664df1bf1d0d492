/**
 * Where agents' uploads land in the attachments bucket, and the tag an upload carries until a reply
 * sends it: the bucket expires tagged uploads after a day (a file chosen and never sent), while a
 * sent one stays with the ticket like any customer file.
 */
export const AGENT_UPLOADS_PREFIX = 'uploads';
export const UNSENT_UPLOAD_TAG = { key: 'destek-upload', value: 'unsent' } as const;
export const UNSENT_UPLOAD_DAYS = 1;

/**
 * What agents may attach: only types whose content says what they are (the API checks the bytes), so
 * a file without magic bytes (plain text, CSV) is not taken. The API and the console's file picker.
 */
export const uploadTypes = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
] as const;
export type UploadType = (typeof uploadTypes)[number];

/** 10 MiB: one file stays well inside an e-mail (25 MiB with base64) and the social providers' document limits. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/**
 * What a chat visitor may send from the widget: photos and PDF, recognised by their bytes (HEIC as
 * phones take them; file-type names it image/heic or image/heif). The widget's file picker offers these.
 */
export const chatFileTypes = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'application/pdf'] as const;
export type ChatFileType = (typeof chatFileTypes)[number];

/**
 * 4 MiB: the file travels through API Gateway to the chat function base64-encoded (4/3 larger), and a
 * Lambda request holds at most 6 MB; checked before anything is stored, so a refused file leaves nothing.
 */
export const MAX_CHAT_FILE_BYTES = 4 * 1024 * 1024;

/** Visitors' files are the chat channel's attachments: keyed chat/<yyyy>/<mm>/<dd>/<hash>/<n>-<name> like every channel's. */
export const CHAT_FILES_PREFIX = 'chat';

/** CSV exports too large for a response are written under this prefix of the attachments bucket (agent/exports.ts). */
export const EXPORTS_PREFIX = 'exports';
/** A stored export is deleted after this many days (a lifecycle rule); its link works for minutes. */
export const EXPORT_DAYS = 1;
