import { randomBytes } from 'node:crypto';

/**
 * Webhook bodies as the providers send them (shapes from Meta's WhatsApp Cloud API, Messenger Platform
 * and Instagram webhooks references, and the Telegram Bot API's Update), for the fake provider.
 */
export const LOCAL_WHATSAPP_PHONE_NUMBER_ID = '100000000000001';
export const LOCAL_PAGE_ID = '200000000000002';
export const LOCAL_INSTAGRAM_ID = '300000000000003';

export interface SimulatedMessage {
  readonly from: string;
  readonly text?: string;
  readonly name?: string;
  /** A file the fake provider holds (see SocialProvider.addMedia): sent as an image/voice/document. */
  readonly media?: {
    readonly id: string;
    readonly kind: 'image' | 'voice' | 'document';
    readonly mimeType: string;
    readonly filename?: string;
    readonly url: string;
  };
  /** A public comment under a post instead of a direct message (Messenger: page feed; Instagram: comments). */
  readonly comment?: boolean;
  readonly id?: string;
}

const seconds = () => Math.floor(Date.now() / 1000);
export const newId = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;

export function whatsAppMessagePayload(m: SimulatedMessage, id: string) {
  const message: Record<string, unknown> = { from: m.from, id, timestamp: String(seconds()) };
  if (m.media) {
    const type = m.media.kind === 'voice' ? 'audio' : m.media.kind;
    message.type = type;
    message[type] = {
      id: m.media.id,
      mime_type: m.media.mimeType,
      ...(m.media.kind === 'voice' ? { voice: true } : {}),
      ...(m.media.filename ? { filename: m.media.filename } : {}),
      ...(m.text && m.media.kind !== 'voice' ? { caption: m.text } : {}),
    };
  } else {
    message.type = 'text';
    message.text = { body: m.text ?? '' };
  }
  return whatsAppEnvelope({ contacts: [{ profile: { name: m.name ?? m.from }, wa_id: m.from }], messages: [message] });
}

export function whatsAppStatusPayload(messageId: string, recipient: string, status: 'sent' | 'delivered' | 'read' | 'failed', callbackData?: string) {
  return whatsAppEnvelope({
    statuses: [
      {
        id: messageId,
        status,
        timestamp: String(seconds()),
        recipient_id: recipient,
        ...(callbackData ? { biz_opaque_callback_data: callbackData } : {}),
        ...(status === 'failed'
          ? {
              errors: [
                { code: 131047, title: 'Re-engagement message', error_data: { details: 'Message failed to send because more than 24 hours have passed' } },
              ],
            }
          : {}),
      },
    ],
  });
}

function whatsAppEnvelope(value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '900000000000009',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '905550000000', phone_number_id: LOCAL_WHATSAPP_PHONE_NUMBER_ID },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

export function metaMessagingPayload(object: 'page' | 'instagram', m: SimulatedMessage, id: string) {
  const accountId = object === 'page' ? LOCAL_PAGE_ID : LOCAL_INSTAGRAM_ID;
  if (m.comment) {
    const change =
      object === 'page'
        ? {
            field: 'feed',
            value: {
              item: 'comment',
              verb: 'add',
              comment_id: id,
              post_id: `${LOCAL_PAGE_ID}_400000000000004`,
              parent_id: `${LOCAL_PAGE_ID}_400000000000004`,
              from: { id: m.from, name: m.name ?? m.from },
              message: m.text ?? '',
              created_time: seconds(),
            },
          }
        : {
            field: 'comments',
            value: { id, text: m.text ?? '', from: { id: m.from, username: m.name ?? m.from }, media: { id: '500000000000005', media_product_type: 'FEED' } },
          };
    return { object, entry: [{ id: accountId, time: seconds(), changes: [change] }] };
  }
  const message: Record<string, unknown> = { mid: id, ...(m.text ? { text: m.text } : {}) };
  if (m.media)
    message.attachments = [{ type: m.media.kind === 'voice' ? 'audio' : m.media.kind === 'document' ? 'file' : 'image', payload: { url: m.media.url } }];
  return {
    object,
    entry: [{ id: accountId, time: Date.now(), messaging: [{ sender: { id: m.from }, recipient: { id: accountId }, timestamp: Date.now(), message }] }],
  };
}

/** Messenger's `message_reads` / `message_deliveries` without mids: everything up to the watermark (ms). */
export function metaWatermarkPayload(object: 'page' | 'instagram', from: string, receipt: 'read' | 'delivery', watermark: number) {
  const accountId = object === 'page' ? LOCAL_PAGE_ID : LOCAL_INSTAGRAM_ID;
  return {
    object,
    entry: [
      { id: accountId, time: Date.now(), messaging: [{ sender: { id: from }, recipient: { id: accountId }, timestamp: Date.now(), [receipt]: { watermark } }] },
    ],
  };
}

export function telegramUpdatePayload(m: SimulatedMessage, updateId: number, messageId: number) {
  const [first, ...rest] = (m.name ?? 'Telegram User').split(' ');
  const message: Record<string, unknown> = {
    message_id: messageId,
    from: { id: Number(m.from), is_bot: false, first_name: first, ...(rest.length ? { last_name: rest.join(' ') } : {}), language_code: 'tr' },
    chat: { id: Number(m.from), type: 'private', first_name: first },
    date: seconds(),
  };
  if (m.media?.kind === 'image')
    message.photo = [
      { file_id: `${m.media.id}-small`, file_unique_id: 's', width: 90, height: 90 },
      { file_id: m.media.id, file_unique_id: 'l', width: 800, height: 800 },
    ];
  else if (m.media?.kind === 'voice') message.voice = { file_id: m.media.id, file_unique_id: 'v', duration: 3, mime_type: m.media.mimeType };
  else if (m.media) message.document = { file_id: m.media.id, file_unique_id: 'd', file_name: m.media.filename ?? 'document', mime_type: m.media.mimeType };
  if (m.text) message[m.media ? 'caption' : 'text'] = m.text;
  return { update_id: updateId, message };
}
