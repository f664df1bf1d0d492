import type { InboundMessage } from '#core/messages';
import {
  EDIT_NO_AUTO_REPLY,
  isoFromSeconds,
  UNSHOWN_NO_AUTO_REPLY,
  unshownText,
  locationText,
  messageEvent,
  obj,
  str,
  arr,
  type MediaRef,
  type Normalised,
} from './events';

/**
 * Telegram Bot API update: one update per POST (update_id), with message / edited_message /
 * callback_query / message_reaction. Message ids are per chat, so the chat id prefixes them; the chat
 * id is the address replies go to.
 */
export function normaliseTelegram(payload: unknown, receivedAt: Date): Normalised {
  const u = obj(payload);
  if (u.update_id === undefined) return { events: [], ignored: ['not a Telegram update'] };
  if (u.message) return telegramMessage(obj(u.message), receivedAt);
  if (u.edited_message) return telegramMessage(obj(u.edited_message), receivedAt, true);
  if (u.callback_query) {
    // An inline-keyboard button: its callback_data is the action's value, said by the customer.
    const q = obj(u.callback_query);
    const chat = str(obj(obj(q.message).chat).id) ?? str(obj(q.from).id);
    if (!chat || !str(q.id)) return { events: [], ignored: [], unplaced: ['callback without chat or id'] };
    return {
      events: [messageEvent({ ...base(chat, obj(q.from), `callback/${q.id}`, receivedAt.toISOString()), text: str(q.data) ?? '' })],
      ignored: [],
    };
  }
  if (u.message_reaction) {
    const r = obj(u.message_reaction);
    const chat = str(obj(r.chat).id);
    const emoji = arr(r.new_reaction)
      .map((x) => str(obj(x).emoji))
      .filter(Boolean)
      .join('');
    if (!chat || !emoji) return { events: [], ignored: ['reaction removed'] };
    return {
      events: [
        messageEvent({
          ...base(chat, obj(r.user), `reaction/${chat}/${r.message_id}/${u.update_id}`, isoFromSeconds(r.date, receivedAt)),
          text: emoji,
          replyTo: `${chat}/${r.message_id}`,
        }),
      ],
      ignored: [],
    };
  }
  return {
    events: [],
    ignored: [
      `update ${Object.keys(u)
        .filter((k) => k !== 'update_id')
        .join(',')}`,
    ],
  };
}

function base(chat: string, from: Record<string, any>, id: string, at: string): Omit<InboundMessage, 'text'> {
  const name = [str(from.first_name), str(from.last_name)].filter(Boolean).join(' ') || str(from.username);
  const lang = str(from.language_code);
  return {
    channel: 'telegram',
    channelMessageId: id,
    from: { address: chat, ...(name ? { name: name.slice(0, 200) } : {}) },
    conversationKey: chat,
    attachments: [],
    receivedAt: at,
    ...(lang && /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(lang) ? { localeHint: lang } : {}),
  };
}

/**
 * A message, or an edit of one (edited_message: the whole message again, with edit_date). An edit is a
 * message of its own, one per edit_date, pointing at the original; nothing automatic answers it.
 */
/** Message kinds that carry no text or file we store, yet are the customer writing. */
const UNSHOWN_KINDS = ['contact', 'poll', 'dice', 'game', 'venue', 'story', 'invoice'] as const;

function telegramMessage(m: Record<string, any>, receivedAt: Date, edited = false): Normalised {
  const chat = str(obj(m.chat).id);
  const id = str(m.message_id);
  if (!chat || !id) return { events: [], ignored: [], unplaced: [`${edited ? 'edited message' : 'message'} without chat or id`] };
  const media: MediaRef[] = [];
  const file = (part: Record<string, any>, name: string) => {
    if (str(part.file_id))
      media.push({
        source: 'telegram',
        fileId: part.file_id,
        filename: str(part.file_name) ?? name,
        ...(str(part.mime_type) ? { mimeType: part.mime_type } : {}),
      });
  };
  // Photos come in several sizes, smallest first: the largest is the one to keep.
  const photos = arr(m.photo);
  if (photos.length) file(obj(photos[photos.length - 1]), `photo-${id}.jpg`);
  if (m.voice) file(obj(m.voice), `voice-${id}.ogg`);
  if (m.audio) file(obj(m.audio), `audio-${id}`);
  if (m.document) file(obj(m.document), `document-${id}`);
  if (m.video) file(obj(m.video), `video-${id}.mp4`);
  const loc = obj(m.location);
  const text = m.location ? locationText(loc.latitude, loc.longitude, obj(m.venue).title, obj(m.venue).address) : (str(m.text) ?? str(m.caption) ?? '');
  if (m.sticker) file(obj(m.sticker), `sticker-${id}.webp`);
  // A poll, dice, contact, game …: the customer wrote something; the agent must know, even if we cannot show it.
  const kind = UNSHOWN_KINDS.find((k) => m[k] !== undefined);
  const unshown = !text && !media.length && !edited;
  if (!text && !media.length && !kind) return { events: [], ignored: [`message kind ${Object.keys(m).join(',')}`] };
  const replyTo = str(obj(m.reply_to_message).message_id);
  const original = `${chat}/${id}`;
  const edit = edited ? { editOf: original, suppressAutoReply: EDIT_NO_AUTO_REPLY } : {};
  const editedAt = str(m.edit_date);
  return {
    events: [
      messageEvent(
        {
          ...base(
            chat,
            obj(m.from),
            edited ? `${original}/edit/${editedAt ?? str(m.date) ?? 0}` : original,
            isoFromSeconds(edited ? (m.edit_date ?? m.date) : m.date, receivedAt),
          ),
          text: text || (media.length ? '' : unshownText(kind ?? 'message', 'Telegram')),
          ...(replyTo ? { replyTo: `${chat}/${replyTo}` } : {}),
          ...edit,
          ...(unshown && !edited ? { suppressAutoReply: UNSHOWN_NO_AUTO_REPLY } : {}),
        },
        media,
      ),
    ],
    ignored: [],
  };
}
