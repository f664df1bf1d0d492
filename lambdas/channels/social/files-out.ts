import type { AttachmentRef } from '#core/messages';

/**
 * The request bodies that send one of our files on a social channel. WhatsApp and Messenger fetch
 * the file from a link (a short-lived presigned URL); Telegram gets the bytes uploaded, because its
 * sendDocument fetches links only for GIF, PDF and ZIP.
 */

/**
 * Who a WhatsApp message goes to: a phone number (wa_id, digits) goes in `to`; a business-scoped user id
 * ("TR.1234…", a user who shares no phone) goes in `recipient`, as the Cloud API takes it.
 */
export function whatsAppAddressee(address: string): { to: string } | { recipient: string } {
  return /^\d+$/.test(address) ? { to: address } : { recipient: address };
}

const lower = (ref: AttachmentRef) => ref.contentType.toLowerCase().split(';')[0]!.trim();

/** WhatsApp shows JPEG and PNG as images; anything else goes as a document with its name. */
export function whatsAppFileBody(to: string, ref: AttachmentRef, link: string): Record<string, unknown> {
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', ...whatsAppAddressee(to) };
  return ['image/jpeg', 'image/png'].includes(lower(ref))
    ? { ...base, type: 'image', image: { link } }
    : { ...base, type: 'document', document: { link, filename: ref.filename } };
}

/** Messenger / Instagram: an attachment message of the file's kind, fetched from the link. */
export function metaFileMessage(ref: AttachmentRef, link: string): Record<string, unknown> {
  const major = lower(ref).split('/')[0];
  const type = major === 'image' || major === 'video' || major === 'audio' ? major : 'file';
  return { attachment: { type, payload: { url: link, is_reusable: false } } };
}

/** Telegram: sendPhoto for pictures it can show, sendDocument for the rest, as a multipart upload. */
export function telegramFileUpload(chatId: string, ref: AttachmentRef, bytes: Uint8Array): { method: 'sendPhoto' | 'sendDocument'; form: FormData } {
  const photo = ['image/jpeg', 'image/png', 'image/webp'].includes(lower(ref));
  const form = new FormData();
  form.set('chat_id', chatId);
  form.set(photo ? 'photo' : 'document', new Blob([bytes], { type: ref.contentType }), ref.filename);
  return { method: photo ? 'sendPhoto' : 'sendDocument', form };
}
