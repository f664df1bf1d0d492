/**
 * Where agents' uploads land in the attachments bucket, and the tag an upload carries until a reply
 * sends it: the bucket expires tagged uploads after a day (a file chosen and never sent), while a
 * sent one stays with the ticket like any customer file.
 */
export const AGENT_UPLOADS_PREFIX = 'uploads';
export const UNSENT_UPLOAD_TAG = { key: 'destek-upload', value: 'unsent' } as const;
export const UNSENT_UPLOAD_DAYS = 1;
