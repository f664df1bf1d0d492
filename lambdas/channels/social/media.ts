import type { AttachmentRef } from '#core/messages';
import type { MediaRef } from './events';
import { callProvider, downloadFile, type ProviderHttpDeps } from './provider-http';
import type { SocialSecrets, SocialSettings } from '#definitions/social';

/** The key layout every channel's files share (moved to the core, so the chat ingest uses it too). */
export { attachmentKey, sanitiseFilename } from '#core/attachment-key';

/** Downloads one provider file: through the media API (WhatsApp, Telegram) or its CDN URL (Messenger, Instagram). */
export async function fetchMedia(
  http: ProviderHttpDeps,
  settings: SocialSettings,
  secrets: SocialSecrets,
  ref: MediaRef,
): Promise<{ bytes: Buffer; contentType: string }> {
  const max = settings.maxMediaBytes;
  let file: { bytes: Buffer; contentType?: string };
  if (ref.source === 'graph') {
    const auth = { authorization: `Bearer ${secrets.whatsappAccessToken}` };
    const meta = await callProvider<{ url?: string; mime_type?: string }>(http, 'whatsapp media', `${settings.graphBaseUrl}/${ref.id}`, { headers: auth });
    if (!meta.url) throw new Error(`whatsapp media ${ref.id}: no url in the answer`);
    file = await downloadFile(http, 'whatsapp media download', meta.url, auth, max);
    file.contentType = ref.mimeType ?? meta.mime_type ?? file.contentType;
  } else if (ref.source === 'telegram') {
    const base = `${settings.telegramBaseUrl}`;
    const token = secrets.telegramBotToken;
    const info = await callProvider<{ result?: { file_path?: string } }>(
      http,
      'telegram getFile',
      `${base}/bot${token}/getFile?file_id=${encodeURIComponent(ref.fileId)}`,
      {},
    );
    if (!info.result?.file_path) throw new Error(`telegram getFile ${ref.fileId}: no file_path in the answer`);
    file = await downloadFile(http, 'telegram file download', `${base}/file/bot${token}/${info.result.file_path}`, {}, max);
  } else {
    file = await downloadFile(http, 'attachment download', ref.url, {}, max);
  }
  return { bytes: file.bytes, contentType: ref.mimeType ?? file.contentType ?? 'application/octet-stream' };
}

export function attachmentRef(bucket: string, key: string, filename: string, contentType: string, size: number): AttachmentRef {
  return { bucket, key, filename: filename.slice(0, 255), contentType, size };
}
