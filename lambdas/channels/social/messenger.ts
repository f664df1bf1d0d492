import type { Channel, InboundMessage } from '#core/messages';
import {
  arr,
  EDIT_NO_AUTO_REPLY,
  isoFromEpoch,
  isoFromSeconds,
  locationText,
  messageEvent,
  obj,
  str,
  type MediaRef,
  type Normalised,
  type SocialEvent,
} from './events';

/** Conversation key of a public comment's ticket: the sender answers under (or privately to) it. */
export const commentConversation = (commentId: string): string => `comment/${commentId}`;
export const commentIdOf = (conversationKey: string): string | undefined =>
  conversationKey.startsWith('comment/') ? conversationKey.slice('comment/'.length) : undefined;

/** A guest of the website chat plugin, known by the plugin's user_ref instead of a page-scoped id. */
const USER_REF = 'user_ref:';

/** Who a reply goes to: a page-scoped id, or a guest's user_ref (Send API: recipient.user_ref). */
export const metaRecipient = (address: string): { id: string } | { user_ref: string } =>
  address.startsWith(USER_REF) ? { user_ref: address.slice(USER_REF.length) } : { id: address };

/**
 * Why nothing automatic answers a message that came in standby: under the handover protocol another
 * app (the Page inbox, another bot) holds the conversation, so ours must not speak in it. The message is
 * still the customer's and still reaches the ticket, where agents see it.
 */
export const STANDBY_NO_AUTO_REPLY = 'another app holds the conversation (Messenger handover protocol: the event came in standby)';

/**
 * Messenger and Instagram direct messages share one shape: entry[].messaging[] with sender,
 * recipient, timestamp and one of message / message_edit / delivery / read / reaction / postback. The
 * shop's own messages come back as echoes and are skipped. The conversation is the page (or IG account)
 * plus the customer's scoped id, or a chat plugin guest's user_ref. Events in entry[].standby[] (our app
 * is not the thread owner) have the same shape: `source` says which list is read.
 */
export function normaliseMessaging(
  channel: Channel,
  entry: Record<string, any>,
  receivedAt: Date,
  out: { events: SocialEvent[]; ignored: string[]; unplaced: string[] },
  source: 'messaging' | 'standby' = 'messaging',
) {
  const accountId = str(entry.id) ?? 'unknown';
  const standby = source === 'standby';
  for (const raw of arr(entry[source])) {
    const ev = obj(raw);
    const senderId = str(obj(ev.sender).id);
    const userRef = str(obj(ev.sender).user_ref);
    const sender = senderId ?? (userRef ? `${USER_REF}${userRef}` : undefined);
    if (!sender) {
      out.unplaced.push(`${source} event without sender id or user_ref`);
      continue;
    }
    // Meta documents milliseconds, yet postbacks (and standby events) have come stamped in seconds.
    const at = isoFromEpoch(ev.timestamp, receivedAt);
    const base = (id: string, text: string, extra: Partial<InboundMessage> = {}): InboundMessage => ({
      channel,
      channelMessageId: id,
      from: { address: sender },
      conversationKey: `${accountId}/${sender}`,
      text,
      attachments: [],
      receivedAt: at,
      ...(standby ? { suppressAutoReply: STANDBY_NO_AUTO_REPLY } : {}),
      ...extra,
    });
    if (ev.message) {
      const m = obj(ev.message);
      const mid = str(m.mid);
      if (m.is_echo || !mid) {
        if (m.is_echo) out.ignored.push('echo of our own message');
        else out.unplaced.push('message without mid');
        continue;
      }
      const media: MediaRef[] = [];
      const lines: string[] = [];
      arr(m.attachments).forEach((a, n) => {
        const { type, payload } = obj(a);
        const p = obj(payload);
        if (type === 'location' && p.coordinates) lines.push(locationText(obj(p.coordinates).lat, obj(p.coordinates).long, p.title));
        else if (str(p.url) && ['image', 'audio', 'video', 'file'].includes(type)) {
          media.push({ source: 'url', url: p.url, filename: `${type}-${n + 1}${type === 'audio' ? '.mp4' : ''}` });
        } else if (str(p.url)) lines.push(p.url);
      });
      // A quick reply's payload is the action's value: the customer "said" it by tapping.
      const text = str(obj(m.quick_reply).payload) ?? [str(m.text), ...lines].filter(Boolean).join('\n');
      const replyTo = str(obj(m.reply_to).mid);
      out.events.push(messageEvent(base(mid, text, replyTo ? { replyTo } : {}), media));
    } else if (ev.message_edit) {
      const e = obj(ev.message_edit);
      const mid = str(e.mid);
      if (!mid) {
        out.unplaced.push('message edit without mid');
        continue;
      }
      // Each edit is a message of its own (num_edit counts them, up to five), so a replay is one.
      const nth = str(e.num_edit) ?? str(ev.timestamp) ?? at;
      out.events.push(
        messageEvent(base(`${mid}#edit/${nth}`, str(e.text) ?? '', { editOf: mid, suppressAutoReply: standby ? STANDBY_NO_AUTO_REPLY : EDIT_NO_AUTO_REPLY })),
      );
    } else if (ev.postback) {
      const pb = obj(ev.postback);
      const mid = str(pb.mid) ?? `postback/${sender}/${str(ev.timestamp) ?? at}`;
      out.events.push(messageEvent(base(mid, str(pb.payload) ?? str(pb.title) ?? '')));
    } else if (ev.reaction) {
      const r = obj(ev.reaction);
      if (r.action !== 'react' || !str(r.mid)) {
        out.ignored.push('reaction removed');
        continue;
      }
      out.events.push(messageEvent(base(`reaction/${r.mid}/${sender}/${ev.timestamp}`, str(r.emoji) ?? str(r.reaction) ?? '👍', { replyTo: r.mid })));
    } else if (ev.delivery || ev.read) {
      // Receipts name our messages (mids; Instagram's read names one mid) or, when they do not, a
      // watermark: everything we sent on the conversation up to that time.
      const status = ev.read ? 'read' : 'delivered';
      const receipt = obj(ev.read ?? ev.delivery);
      const mids = [...arr(receipt.mids), receipt.mid].filter((m): m is string => Boolean(str(m)));
      for (const mid of mids) out.events.push({ kind: 'status', channel, providerMessageId: mid, recipient: sender, status, at });
      if (!mids.length && Number(receipt.watermark) > 0) {
        out.events.push({
          kind: 'watermark',
          channel,
          conversationKey: `${accountId}/${sender}`,
          recipient: sender,
          status,
          watermark: isoFromEpoch(receipt.watermark, receivedAt),
          at,
        });
      } else if (!mids.length) out.ignored.push(`${status} receipt without mids or watermark`);
    } else {
      out.ignored.push(
        `messaging event ${Object.keys(ev)
          .filter((k) => !['sender', 'recipient', 'timestamp'].includes(k))
          .join(',')}`,
      );
    }
  }
}

/** A public comment: a public ticket of its own; the shop's own comments are skipped. */
export function commentEvent(
  channel: Channel,
  c: { commentId?: string; fromId?: string; fromName?: string; text?: string; at: string; parentId?: string; accountId?: string },
): SocialEvent | string {
  if (!c.commentId || !c.fromId) return 'comment without id or author';
  if (c.fromId === c.accountId) return 'our own comment';
  return messageEvent({
    channel,
    channelMessageId: commentConversation(c.commentId),
    from: { address: c.fromId, ...(c.fromName ? { name: c.fromName.slice(0, 200) } : {}) },
    conversationKey: commentConversation(c.commentId),
    text: c.text ?? '',
    attachments: [],
    receivedAt: c.at,
    public: true,
    ...(c.parentId ? { replyTo: c.parentId } : {}),
  });
}

/** Facebook Page webhook (object "page"): Messenger's entry[].messaging[] (and standby[]) and the feed's comments. */
export function normaliseMessenger(payload: unknown, receivedAt: Date): Normalised {
  const out = { events: [] as SocialEvent[], ignored: [] as string[], unplaced: [] as string[] };
  const body = obj(payload);
  if (body.object !== 'page') return { events: [], ignored: [`object ${String(body.object)}`] };
  for (const raw of arr(body.entry)) {
    const entry = obj(raw);
    if (entry.messaging) normaliseMessaging('messenger', entry, receivedAt, out);
    if (entry.standby) normaliseMessaging('messenger', entry, receivedAt, out, 'standby');
    for (const change of arr(entry.changes)) {
      const { field, value } = obj(change);
      const v = obj(value);
      if (field !== 'feed' || v.item !== 'comment' || v.verb !== 'add') {
        out.ignored.push(`change ${String(field)}/${String(v.item)}/${String(v.verb)}`);
        continue;
      }
      const event = commentEvent('messenger', {
        commentId: str(v.comment_id),
        fromId: str(obj(v.from).id),
        fromName: str(obj(v.from).name),
        text: str(v.message),
        at: isoFromSeconds(v.created_time, receivedAt),
        accountId: str(entry.id),
        ...(str(v.parent_id) && v.parent_id !== v.post_id ? { parentId: v.parent_id } : {}),
      });
      if (typeof event === 'string') out.ignored.push(event);
      else out.events.push(event);
    }
  }
  return out;
}
