import type { Channel, InboundMessage } from '#core/messages';
import { arr, isoFromMillis, isoFromSeconds, locationText, messageEvent, obj, str, type MediaRef, type Normalised, type SocialEvent } from './events';

/** Conversation key of a public comment's ticket: the sender answers under (or privately to) it. */
export const commentConversation = (commentId: string): string => `comment/${commentId}`;
export const commentIdOf = (conversationKey: string): string | undefined =>
  conversationKey.startsWith('comment/') ? conversationKey.slice('comment/'.length) : undefined;

/**
 * Messenger and Instagram direct messages share one shape: entry[].messaging[] with sender,
 * recipient, timestamp (ms) and one of message / delivery / read / reaction / postback. The shop's own
 * messages come back as echoes and are skipped. The conversation is the page (or IG account) plus the
 * customer's scoped id.
 */
export function normaliseMessaging(channel: Channel, entry: Record<string, any>, receivedAt: Date, out: { events: SocialEvent[]; ignored: string[] }) {
  const accountId = str(entry.id) ?? 'unknown';
  for (const raw of arr(entry.messaging)) {
    const ev = obj(raw);
    const sender = str(obj(ev.sender).id);
    if (!sender) {
      out.ignored.push('messaging event without sender');
      continue;
    }
    const at = isoFromMillis(ev.timestamp, receivedAt);
    const base = (id: string, text: string, extra: Partial<InboundMessage> = {}): InboundMessage => ({
      channel,
      channelMessageId: id,
      from: { address: sender },
      conversationKey: `${accountId}/${sender}`,
      text,
      attachments: [],
      receivedAt: at,
      ...extra,
    });
    if (ev.message) {
      const m = obj(ev.message);
      const mid = str(m.mid);
      if (m.is_echo || !mid) {
        out.ignored.push(m.is_echo ? 'echo of our own message' : 'message without mid');
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
    } else if (ev.postback) {
      const pb = obj(ev.postback);
      const mid = str(pb.mid) ?? `postback/${sender}/${ev.timestamp}`;
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
          watermark: isoFromMillis(receipt.watermark, receivedAt),
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

/** Facebook Page webhook (object "page"): Messenger's entry[].messaging[] and the feed's comments. */
export function normaliseMessenger(payload: unknown, receivedAt: Date): Normalised {
  const out = { events: [] as SocialEvent[], ignored: [] as string[] };
  const body = obj(payload);
  if (body.object !== 'page') return { events: [], ignored: [`object ${String(body.object)}`] };
  for (const raw of arr(body.entry)) {
    const entry = obj(raw);
    if (entry.messaging) normaliseMessaging('messenger', entry, receivedAt, out);
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
