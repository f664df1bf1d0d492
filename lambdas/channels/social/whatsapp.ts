import type { InboundMessage } from '#core/messages';
import { refFromCallbackData } from './callback-data';
import {
  arr,
  isoFromSeconds,
  locationText,
  messageEvent,
  obj,
  providerError,
  str,
  UNSHOWN_NO_AUTO_REPLY,
  unshownText,
  type MediaRef,
  type Normalised,
  type ProviderError,
  type SocialEvent,
} from './events';

/**
 * WhatsApp Cloud API webhook (object "whatsapp_business_account"): entry[].changes[] with field
 * "messages"; value.messages[] are the customer's, value.statuses[] receipts of ours, value.errors[]
 * problems Meta reports for the whole change. The customer's address is their wa_id (digits) or, when
 * Meta withholds the phone (a user with a username), their business-scoped user id (`from_user_id`,
 * "TR.1234…"): two identifiers that never look alike, so a BSUID-only user is never taken for a phone
 * number's owner. The conversation is the shop number's id plus that address, so a reply goes out from
 * the number the customer wrote to.
 */
export function normaliseWhatsApp(payload: unknown, receivedAt: Date): Normalised {
  const events: SocialEvent[] = [];
  const ignored: string[] = [];
  const unplaced: string[] = [];
  const providerErrors: ProviderError[] = [];
  const body = obj(payload);
  if (body.object !== 'whatsapp_business_account') return { events, ignored: [`object ${String(body.object)}`] };
  for (const entry of arr(body.entry)) {
    for (const change of arr(obj(entry).changes)) {
      const { field, value } = obj(change);
      if (field !== 'messages') {
        ignored.push(`field ${String(field)}`);
        continue;
      }
      const v = obj(value);
      for (const e of arr(v.errors)) providerErrors.push(providerError(e, 'webhook'));
      const phoneNumberId = str(obj(v.metadata).phone_number_id) ?? 'unknown';
      const names = new Map<string, string>();
      for (const c of arr(v.contacts)) {
        const profile = obj(obj(c).profile);
        const name = str(profile.name) ?? str(profile.username);
        if (!name) continue;
        for (const id of [str(obj(c).wa_id), str(obj(c).user_id)]) if (id) names.set(id, name);
      }
      for (const m of arr(v.messages)) {
        const msg = obj(m);
        for (const e of arr(msg.errors)) providerErrors.push(providerError(e, 'message', str(msg.id)));
        const event = whatsAppMessage(msg, phoneNumberId, names, receivedAt, soleSender(v.contacts));
        if ('unplaced' in event) unplaced.push(event.unplaced);
        else if ('ignored' in event) ignored.push(event.ignored);
        else events.push(event);
      }
      for (const s of arr(v.statuses)) {
        const st = obj(s);
        const id = str(st.id);
        const status = st.status;
        for (const e of arr(st.errors)) providerErrors.push(providerError(e, 'status', id));
        if (!id || !['delivered', 'read', 'failed'].includes(status)) {
          ignored.push(`status ${String(status)}`);
          continue;
        }
        const err = obj(arr(st.errors)[0]);
        const outbound = refFromCallbackData(str(st.biz_opaque_callback_data));
        events.push({
          kind: 'status',
          channel: 'whatsapp',
          providerMessageId: id,
          // The FIFO group: the phone, else the BSUID; a receipt naming neither keeps a group of its own.
          recipient: str(st.recipient_id) ?? str(st.recipient_user_id) ?? `message/${id}`,
          status,
          at: isoFromSeconds(st.timestamp, receivedAt),
          ...(outbound ? { outbound } : {}),
          ...(status === 'failed' && Object.keys(err).length
            ? { error: `${err.code ?? ''} ${err.title ?? ''}${obj(err.error_data).details ? `: ${obj(err.error_data).details}` : ''}`.trim() }
            : {}),
        });
      }
    }
  }
  return { events, ignored, unplaced, providerErrors };
}

/**
 * The one sender a change names in `contacts`, when it names exactly one: some of Meta's samples (a
 * shared contact card, `origin: contact_request`) carry neither `from` nor `from_user_id` on the message.
 */
function soleSender(contacts: unknown): { phone?: string; userId?: string } | undefined {
  const all = arr(contacts);
  if (all.length !== 1) return undefined;
  const c = obj(all[0]);
  const phone = str(c.wa_id);
  const userId = str(c.user_id);
  return phone || userId ? { ...(phone ? { phone } : {}), ...(userId ? { userId } : {}) } : undefined;
}

function whatsAppMessage(
  m: Record<string, any>,
  phoneNumberId: string,
  names: Map<string, string>,
  receivedAt: Date,
  contact?: { phone?: string; userId?: string },
): SocialEvent | { ignored: string } | { unplaced: string } {
  // The phone when Meta shares it (conversations keep the key they always had), else the BSUID.
  const named = str(m.from) ?? str(m.from_user_id);
  const phone = named ? str(m.from) : contact?.phone;
  const from = named ?? contact?.phone ?? contact?.userId;
  const id = str(m.id);
  if (!from || !id) return { unplaced: `message ${id ?? '(no id)'} without from or from_user_id` };
  const type = String(m.type);
  const media: MediaRef[] = [];
  const mediaOf = (part: Record<string, any>, fallbackName: string) => {
    if (str(part.id)) {
      media.push({
        source: 'graph',
        id: part.id,
        ...(str(part.mime_type) ? { mimeType: part.mime_type } : {}),
        filename: str(part.filename) ?? fallbackName,
      });
    }
    return str(part.caption) ?? '';
  };
  let text: string;
  let unshown = false;
  let replyTo = str(obj(m.context).id);
  switch (type) {
    case 'text':
      text = str(obj(m.text).body) ?? '';
      break;
    case 'image':
    case 'video':
    case 'sticker':
    case 'document':
      text = mediaOf(obj(m[type]), `${type}-${id.slice(-12)}`);
      break;
    case 'audio':
      // Voice notes are audio with voice: true (OGG/Opus).
      text = mediaOf(obj(m.audio), `${obj(m.audio).voice ? 'voice' : 'audio'}-${id.slice(-12)}.ogg`);
      break;
    case 'contacts':
      // A shared contact card: readable text for the agent. Its numbers are only text, never an identity.
      text = arr(m.contacts)
        .map((c) => {
          const card = obj(c);
          return [str(obj(card.name).formatted_name), ...arr(card.phones).map((p) => str(obj(p).phone)), ...arr(card.emails).map((e) => str(obj(e).email))]
            .filter(Boolean)
            .join(' · ');
        })
        .filter(Boolean)
        .join('\n');
      break;
    case 'location': {
      const l = obj(m.location);
      text = locationText(l.latitude, l.longitude, l.name, l.address);
      break;
    }
    case 'reaction': {
      const r = obj(m.reaction);
      replyTo = str(r.message_id);
      // An empty emoji withdraws a reaction: nothing a person needs to read.
      if (!str(r.emoji)) return { ignored: 'reaction removed' };
      text = r.emoji;
      break;
    }
    case 'button':
      text = str(obj(m.button).text) ?? str(obj(m.button).payload) ?? '';
      break;
    case 'interactive': {
      const i = obj(m.interactive);
      const reply = obj(i.button_reply ?? i.list_reply);
      // The button's id is the action's value: what the customer "says" by pressing it.
      text = str(reply.id) ?? str(reply.title) ?? '';
      break;
    }
    case 'order': {
      // A cart sent from the catalogue: its items, for the agent.
      const o = obj(m.order);
      text = [str(o.text), ...arr(o.product_items).map((p) => `${str(obj(p).quantity) ?? '1'} × ${str(obj(p).product_retailer_id) ?? '?'}`)]
        .filter(Boolean)
        .join('\n');
      break;
    }
    case 'system':
      text = str(obj(m.system).body) ?? unshownText('system message', 'WhatsApp');
      unshown = true;
      break;
    default:
      // unsupported, unknown or a kind newer than this code: the customer wrote; the agent must know.
      text = unshownText(type, 'WhatsApp');
      unshown = true;
  }
  const message: InboundMessage = {
    channel: 'whatsapp',
    channelMessageId: id,
    from: {
      address: from,
      ...(names.get(from) ? { name: String(names.get(from)).slice(0, 200) } : {}),
      ...(phone && /^[1-9]\d{6,14}$/.test(phone) ? { phone: `+${phone}` } : {}),
    },
    conversationKey: `${phoneNumberId}/${from}`,
    text,
    attachments: [],
    receivedAt: isoFromSeconds(m.timestamp, receivedAt),
    ...(replyTo ? { replyTo } : {}),
    ...(unshown ? { suppressAutoReply: UNSHOWN_NO_AUTO_REPLY } : {}),
  };
  return messageEvent(message, media);
}
