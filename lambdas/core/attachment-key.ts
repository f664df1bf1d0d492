import { createHash } from 'node:crypto';
import type { InboundMessage } from './messages';

const extensions: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'audio/ogg': '.ogg',
  'audio/mpeg': '.mp3',
  'audio/mp4': '.m4a',
  'video/mp4': '.mp4',
  'application/pdf': '.pdf',
};

/** Letters, digits, dot, dash and underscore only; an extension from the content type when it has none. */
export function sanitiseFilename(name: string, contentType: string): string {
  const safe =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ı/g, 'i')
      .replace(/[^\w.-]+/g, '_')
      .replace(/^[._]+/, '')
      .slice(0, 100) || 'file';
  const ext = extensions[contentType.split(';')[0]!.trim()];
  return /\.[A-Za-z0-9]{1,5}$/.test(safe) || !ext ? safe : `${safe}${ext}`;
}

/** Every channel's files (e-mail, social, chat) in the attachments bucket; contracts §5: <channel>/<yyyy>/<mm>/<dd>/<message-id-hash>/<n>-<sanitised filename>. */
export function attachmentKey(msg: Pick<InboundMessage, 'channel' | 'channelMessageId' | 'receivedAt'>, n: number, filename: string): string {
  const day = msg.receivedAt.slice(0, 10).replaceAll('-', '/');
  const hash = createHash('sha256').update(`${msg.channel}#${msg.channelMessageId}`).digest('hex').slice(0, 32);
  return `${msg.channel}/${day}/${hash}/${n}-${filename}`;
}
