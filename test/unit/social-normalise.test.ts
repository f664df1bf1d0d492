import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isoFromEpoch, type SocialEvent } from '#channels/social/events';
import { normaliseInstagram } from '#channels/social/instagram';
import { normaliseMessenger } from '#channels/social/messenger';
import { socialQueueIds } from '#channels/social/queue-ids';
import { normaliseTelegram } from '#channels/social/telegram';
import { normaliseWhatsApp } from '#channels/social/whatsapp';
import { inboundMessageSchema } from '#core/messages';

const fixture = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/social', name), 'utf8'));
const at = new Date('2025-11-23T12:00:00Z');
const messages = (events: SocialEvent[]) => events.flatMap((e) => (e.kind === 'message' ? [e] : []));

describe('WhatsApp Cloud API webhooks', () => {
  const { events, ignored } = normaliseWhatsApp(fixture('whatsapp-batch.json'), at);
  const byId = (suffix: string) => messages(events).find((e) => e.message.channelMessageId.includes(suffix))!;

  it('one webhook with several messages and receipts becomes one event each, every message valid', () => {
    expect(messages(events)).toHaveLength(7);
    for (const e of messages(events)) expect(inboundMessageSchema.safeParse(e.message).success).toBe(true);
    expect(ignored).toEqual(['status sent']);
  });

  it('a kind of message we cannot show still reaches the agent, saying so, and the bot does not answer it', () => {
    const unshown = messages(events).find((e) => e.message.text.startsWith('[unsupported'))!;
    expect(unshown.message).toMatchObject({
      text: '[unsupported: this kind of message cannot be shown here; see it in WhatsApp]',
      suppressAutoReply: 'a kind of message the channel does not let us show',
    });
  });

  it('a text message: wa_id as address, E.164 phone, profile name, reply context, conversation of the shop number', () => {
    const { message } = byId('QTFBMk');
    expect(message).toMatchObject({
      channel: 'whatsapp',
      from: { address: '905321234567', phone: '+905321234567', name: 'Ayşe Yılmaz' },
      conversationKey: '106540352242922/905321234567',
      text: 'Merhaba, 100001 numaralı siparişim nerede?',
      replyTo: 'wamid.HBgMOTA1NTUwMDAwMDAwFQIAERgSQkE1QzE2NkY3RjNCNTMyRTQA',
      receivedAt: '2025-11-23T12:13:20.000Z',
    });
  });

  it('images, voice notes and documents carry media references for the worker, captions as text', () => {
    expect(byId('QjFCMk')).toMatchObject({
      message: { text: 'Kutu ezik geldi' },
      media: [{ source: 'graph', id: '1479537139650973', mimeType: 'image/jpeg' }],
    });
    expect(byId('QzFDMk').media).toEqual([
      { source: 'graph', id: '2754859441498128', mimeType: 'audio/ogg; codecs=opus', filename: expect.stringMatching(/^voice-.*\.ogg$/) },
    ]);
    expect(byId('RDFEMk')).toMatchObject({ message: { text: 'Fatura' }, media: [{ filename: 'fatura 2025/11.pdf', mimeType: 'application/pdf' }] });
  });

  it('a location becomes readable text with a map link; a reaction its emoji, pointing at the message', () => {
    expect(byId('RTFFMk').message.text).toBe('📍 Sultanahmet, Fatih, İstanbul (41.0082, 28.9784) https://maps.google.com/?q=41.0082,28.9784');
    expect(byId('RjFGMk').message).toMatchObject({ text: '👍', replyTo: 'wamid.HBgMOTA1NTUwMDAwMDAwFQIAERgSQkE1QzE2NkY3RjNCNTMyRTQA' });
  });

  it('delivered, read and failed receipts, with the failure reason', () => {
    const statuses = events.filter((e) => e.kind === 'status');
    expect(statuses).toEqual([
      {
        kind: 'status',
        channel: 'whatsapp',
        providerMessageId: 'wamid.OUTBOUND-1',
        recipient: '905321234567',
        status: 'delivered',
        at: '2025-11-23T12:13:22.000Z',
      },
      { kind: 'status', channel: 'whatsapp', providerMessageId: 'wamid.OUTBOUND-2', recipient: '905339876543', status: 'read', at: '2025-11-23T12:13:23.000Z' },
      expect.objectContaining({
        providerMessageId: 'wamid.OUTBOUND-3',
        status: 'failed',
        error: expect.stringMatching(/^131047 Re-engagement message: Message failed to send because more than 24 hours/),
      }),
    ]);
  });

  it('a receipt with our callback data names the outbound interaction; data that is not ours is left out', () => {
    const payload = (data: string) => ({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'w',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { phone_number_id: '106540352242922' },
                statuses: [{ id: 'wamid.X', status: 'delivered', timestamp: '1763900002', recipient_id: '905321234567', biz_opaque_callback_data: data }],
              },
            },
          ],
        },
      ],
    });
    const statusOf = (data: string) => normaliseWhatsApp(payload(data), at).events.find((e) => e.kind === 'status') as Extract<SocialEvent, { kind: 'status' }>;
    expect(statusOf('10001 INTERACTION#2026-11-23T10:00:00.000Z#o1').outbound).toEqual({
      ticketId: '10001',
      interactionKey: 'INTERACTION#2026-11-23T10:00:00.000Z#o1',
    });
    expect(statusOf('campaign-42').outbound).toBeUndefined();
    expect(statusOf('campaign-42').providerMessageId).toBe('wamid.X');
  });

  it("a reply button's id comes back as what the customer said", () => {
    const [e] = messages(normaliseWhatsApp(fixture('whatsapp-interactive-reply.json'), at).events);
    expect(e!.message).toMatchObject({ text: 'Bir temsilciyle görüşmek istiyorum', replyTo: 'wamid.OUTBOUND-1' });
  });

  it('queue ids: the conversation is the group, the provider message id deduplicates', () => {
    expect(socialQueueIds(byId('QTFBMk'))).toEqual({
      group: 'whatsapp#106540352242922/905321234567',
      dedup: 'whatsapp#wamid.HBgMOTA1MzIxMjM0NTY3FQIAEhggQTFBMkEzQTRBNUE2QTdBOEE5QUFBQkFDQUQA',
    });
    const status = events.find((e) => e.kind === 'status')!;
    expect(socialQueueIds(status)).toEqual({ group: 'whatsapp#905321234567', dedup: 'whatsapp#status#wamid.OUTBOUND-1#delivered' });
  });
});

describe('Messenger (Page) webhooks', () => {
  it('messages, attachments, quick replies and reactions; echoes skipped; delivery receipts per mid', () => {
    const { events, ignored } = normaliseMessenger(fixture('messenger-messaging.json'), at);
    const msgs = messages(events);
    expect(msgs.map((e) => e.message.text)).toEqual(['Siparişim hâlâ gelmedi', '', 'Bir temsilciyle görüşmek istiyorum', '❤']);
    expect(msgs[0]!.message).toMatchObject({
      channel: 'messenger',
      from: { address: '6543210987654321' },
      conversationKey: '110198765432101/6543210987654321',
      replyTo: 'm_previous-from-shop',
    });
    expect(msgs[1]!.media).toEqual([{ source: 'url', url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg?_nc_cat=1', filename: 'image-1' }]);
    expect(msgs[3]!.message.replyTo).toBe('m_OUTBOUND-A');
    expect(events.filter((e) => e.kind === 'status').map((e) => (e as { providerMessageId: string }).providerMessageId)).toEqual([
      'm_OUTBOUND-A',
      'm_OUTBOUND-B',
    ]);
    expect(ignored).toEqual(['echo of our own message']);
  });

  it('a read receipt, and a delivery without mids, name a watermark on the conversation', () => {
    const { events } = normaliseMessenger(fixture('messenger-messaging.json'), at);
    expect(events.filter((e) => e.kind === 'watermark')).toEqual([
      {
        kind: 'watermark',
        channel: 'messenger',
        conversationKey: '110198765432101/6543210987654321',
        recipient: '6543210987654321',
        status: 'read',
        watermark: '2025-11-23T12:16:44.500Z',
        at: '2025-11-23T12:16:45.000Z',
      },
      {
        kind: 'watermark',
        channel: 'messenger',
        conversationKey: '110198765432101/6543210987654321',
        recipient: '6543210987654321',
        status: 'delivered',
        watermark: '2025-11-23T12:16:45.400Z',
        at: '2025-11-23T12:16:45.500Z',
      },
    ]);
  });

  it("a comment under the page's post opens a public conversation; the page's own comment is skipped", () => {
    const { events, ignored } = normaliseMessenger(fixture('messenger-feed-comment.json'), at);
    expect(messages(events)).toHaveLength(1);
    expect(messages(events)[0]!.message).toMatchObject({
      channel: 'messenger',
      channelMessageId: 'comment/998877665544_123456789012345',
      conversationKey: 'comment/998877665544_123456789012345',
      from: { address: '7777000011112222', name: 'Zeynep Kaya' },
      public: true,
    });
    expect(ignored).toEqual(['our own comment', 'change feed/reaction/add']);
  });
});

describe('Instagram webhooks', () => {
  it("a comment on the account's media is public; other fields are acknowledged", () => {
    const { events, ignored } = normaliseInstagram(fixture('instagram-comment.json'), at);
    expect(messages(events)[0]!.message).toMatchObject({
      channel: 'instagram',
      conversationKey: 'comment/17919697626119712',
      from: { address: '232323232323232', name: 'musteri.ig' },
      text: 'Ürün kırık geldi, iade nasıl olacak?',
      public: true,
    });
    expect(ignored).toEqual(['field mentions']);
  });

  it("direct messages have Messenger's shape", () => {
    const { events } = normaliseInstagram(fixture('instagram-messaging.json'), at);
    expect(messages(events)[0]!.message).toMatchObject({
      channel: 'instagram',
      conversationKey: '17841400000000001/232323232323232',
      text: 'Merhaba, iade kodu alabilir miyim?',
    });
    expect(events.filter((e) => e.kind === 'status')).toEqual([
      {
        kind: 'status',
        channel: 'instagram',
        providerMessageId: expect.stringMatching(/-OURS$/),
        recipient: '232323232323232',
        status: 'read',
        at: '2025-11-23T12:23:21.000Z',
      },
    ]);
    expect(normaliseInstagram(fixture('messenger-messaging.json'), at)).toEqual({ events: [], ignored: ['object page'] });
  });
});

describe('Telegram updates', () => {
  const updates = fixture('telegram-updates.json');
  const one = (name: string) => normaliseTelegram(updates[name], at);

  it('a text message: chat id as address and conversation, per-chat message id, language hint, reply-to', () => {
    expect(messages(one('text').events)[0]!.message).toEqual({
      channel: 'telegram',
      channelMessageId: '555000111/41',
      from: { address: '555000111', name: 'Ali Demir' },
      conversationKey: '555000111',
      text: 'Kargom nerede? Sipariş 100002',
      attachments: [],
      receivedAt: '2025-11-23T12:25:00.000Z',
      localeHint: 'tr',
      replyTo: '555000111/40',
    });
  });

  it('the largest photo size and voice notes become media references; a location, text', () => {
    expect(messages(one('photo').events)[0]).toMatchObject({
      message: { text: 'Paket böyle geldi' },
      media: [{ source: 'telegram', fileId: 'AgACAgIAAxkBAAIBlarge' }],
    });
    expect(messages(one('voice').events)[0]!.media).toEqual([
      { source: 'telegram', fileId: 'AwACAgIAAxkBAAIBvoice', filename: 'voice-43.ogg', mimeType: 'audio/ogg' },
    ]);
    expect(messages(one('location').events)[0]!.message.text).toContain('(39.9334, 32.8597)');
  });

  it('inline-keyboard presses and reactions are messages', () => {
    expect(messages(one('callback').events)[0]!.message).toMatchObject({
      channelMessageId: 'callback/4382bfdwdsb323b2d9',
      text: 'Bir temsilciyle görüşmek istiyorum',
    });
    expect(messages(one('reaction').events)[0]!.message).toMatchObject({ text: '👍', replyTo: '555000111/40' });
    expect(normaliseTelegram({ hello: 1 }, at).ignored).toEqual(['not a Telegram update']);
  });

  it('a sticker is kept as its file; a poll or contact reaches the agent saying it cannot be shown, and the bot stays quiet', () => {
    const update = (message: Record<string, unknown>) => ({
      update_id: 9,
      message: { message_id: 77, date: 1764927000, chat: { id: 555000111, type: 'private' }, from: { id: 555000111, first_name: 'Ali' }, ...message },
    });
    const sticker = messages(
      normaliseTelegram(update({ sticker: { file_id: 'CAACAgIAAxkB', file_unique_id: 'AgAD', width: 512, height: 512, is_animated: false } }), at).events,
    );
    expect(sticker[0]!.media).toEqual([{ source: 'telegram', fileId: 'CAACAgIAAxkB', filename: 'sticker-77.webp' }]);
    const poll = messages(normaliseTelegram(update({ poll: { id: '1', question: 'Hangisi?', options: [] } }), at).events);
    expect(poll[0]!.message).toMatchObject({
      text: '[poll: this kind of message cannot be shown here; see it in Telegram]',
      suppressAutoReply: 'a kind of message the channel does not let us show',
    });
    const contact = messages(normaliseTelegram(update({ contact: { phone_number: '+905321234567', first_name: 'Ali' } }), at).events);
    expect(contact[0]!.message.text).toMatch(/^\[contact:/);
    // Nothing to show and no known kind: still logged as not handled.
    expect(normaliseTelegram(update({ new_chat_title: 'x' }), at).ignored).toEqual(['message kind message_id,date,chat,from,new_chat_title']);
  });
});

describe('WhatsApp users known only by a business-scoped user id (no from, no wa_id)', () => {
  const { events, unplaced } = normaliseWhatsApp(fixture('whatsapp-bsuid.json'), at);

  it('a message from a BSUID-only user is a message, addressed and keyed by that id, with no phone and the profile name', () => {
    const [first, second] = messages(events);
    expect(first!.message).toMatchObject({
      channel: 'whatsapp',
      from: { address: 'TR.7301845529163740128', name: 'Elif' },
      conversationKey: '106540352242922/TR.7301845529163740128',
      text: 'Merhaba, 100004 numaralı siparişim ne zaman gelir?',
      receivedAt: '2025-11-23T12:15:00.000Z',
    });
    expect(first!.message.from.phone).toBeUndefined();
    expect(inboundMessageSchema.safeParse(first!.message).success).toBe(true);
    // A user with a username and no display name is named by the username.
    expect(second!.message.from).toEqual({ address: 'TR.9918273645501928374', name: 'kargo.bekleyen' });
  });

  it('two BSUID-only users never share a conversation, a queue group or a receipt group', () => {
    const [a, b] = messages(events);
    expect(a!.message.conversationKey).not.toBe(b!.message.conversationKey);
    expect(socialQueueIds(a!).group).not.toBe(socialQueueIds(b!).group);
    const statuses = events.filter((e) => e.kind === 'status');
    expect(statuses.map((s) => (s as { recipient: string }).recipient)).toEqual(['TR.7301845529163740128', 'TR.9918273645501928374']);
    expect(new Set(statuses.map((s) => socialQueueIds(s).group)).size).toBe(2);
  });

  it('a message naming neither phone nor BSUID is reported as not placed, not silently dropped', () => {
    expect(messages(events)).toHaveLength(2);
    expect(unplaced).toEqual([expect.stringMatching(/^message wamid\..* without from or from_user_id$/)]);
  });

  it("a message naming no sender is the sender's when the change names exactly one contact (Meta's contact-card sample); a card becomes text", () => {
    const payload = fixture('whatsapp-bsuid.json');
    const value = payload.entry[0].changes[0].value;
    value.contacts = [value.contacts[0]];
    value.messages = [
      {
        id: 'wamid.CONTACT-CARD',
        timestamp: '1763900105',
        type: 'contacts',
        origin: 'contact_request',
        contacts: [{ name: { formatted_name: 'Elif Kaya' }, phones: [{ phone: '+90 532 000 00 00', type: 'CELL' }], emails: [{ email: 'elif@example.com' }] }],
      },
    ];
    const { events, unplaced } = normaliseWhatsApp(payload, at);
    expect(unplaced).toEqual([]);
    expect(messages(events)[0]!.message).toMatchObject({
      from: { address: 'TR.7301845529163740128', name: 'Elif' },
      conversationKey: '106540352242922/TR.7301845529163740128',
      text: 'Elif Kaya · +90 532 000 00 00 · elif@example.com',
    });
    // A number in a shared card is text, not the sender's phone.
    expect(messages(events)[0]!.message.from.phone).toBeUndefined();
  });

  it('a receipt naming no recipient at all keeps a queue group of its own', () => {
    const payload = fixture('whatsapp-bsuid.json');
    const value = payload.entry[0].changes[0].value;
    value.messages = [];
    value.statuses = [
      { id: 'wamid.A', status: 'read', timestamp: '1763900104' },
      { id: 'wamid.B', status: 'read', timestamp: '1763900104' },
    ];
    const groups = normaliseWhatsApp(payload, at).events.map((e) => socialQueueIds(e).group);
    expect(groups).toEqual(['whatsapp#message/wamid.A', 'whatsapp#message/wamid.B']);
  });
});

describe('WhatsApp errors', () => {
  it("value.errors and a failed status's errors are reported with code, title and details; the status still becomes an event", () => {
    const { events, providerErrors } = normaliseWhatsApp(fixture('whatsapp-errors.json'), at);
    expect(providerErrors).toEqual([
      { code: '131000', title: 'Something went wrong', details: 'Message failed to send because of an unknown error.', scope: 'webhook' },
      {
        code: '131026',
        title: 'Message undeliverable',
        details: 'Message could not be delivered to the recipient.',
        scope: 'status',
        messageId: 'wamid.OUTBOUND-ERR-1',
      },
    ]);
    expect(events).toEqual([expect.objectContaining({ kind: 'status', status: 'failed', error: expect.stringMatching(/^131026 Message undeliverable/) })]);
  });

  it("a customer's message Meta could not read is reported as an error too, beside a failed receipt's", () => {
    expect(normaliseWhatsApp(fixture('whatsapp-batch.json'), at).providerErrors).toEqual([
      { code: '131051', title: 'Message type unknown', scope: 'message', messageId: expect.stringMatching(/^wamid\./) },
      expect.objectContaining({ code: '131047', scope: 'status', messageId: 'wamid.OUTBOUND-3' }),
    ]);
  });
});

describe('Messenger standby, postbacks and edits as Meta sends them', () => {
  const { events, ignored, unplaced } = normaliseMessenger(fixture('messenger-standby-postbacks-edits.json'), at);
  const byId = (id: string) => messages(events).find((e) => e.message.channelMessageId.startsWith(id))?.message;

  it('a message in standby (another app holds the thread) still reaches the ticket, with nothing automatic answering; its echo is skipped', () => {
    expect(byId('m_STANDBY-aGVs')).toMatchObject({
      from: { address: '6543210987650001' },
      conversationKey: '110198765432101/6543210987650001',
      text: 'Sayfa gelen kutusundan yazıyorum, iade kodum gelmedi',
      suppressAutoReply: expect.stringMatching(/standby/),
      receivedAt: '2025-11-23T12:18:20.120Z',
    });
    expect(ignored).toEqual(['echo of our own message']);
  });

  it('a postback stamped in seconds gets its real date, not one in January 1970', () => {
    expect(byId('m_POSTBACK')).toMatchObject({ text: 'track_order', receivedAt: '2025-11-23T12:18:30.000Z' });
  });

  it("a postback from a chat plugin guest (sender.user_ref) is a message of the guest's own conversation", () => {
    const guest = byId('postback/user_ref:');
    expect(guest).toMatchObject({
      from: { address: 'user_ref:c1f2e3d4-guest-5a6b7c8d' },
      conversationKey: '110198765432101/user_ref:c1f2e3d4-guest-5a6b7c8d',
      text: 'Bir temsilciyle görüşmek istiyorum',
      receivedAt: '2025-11-23T12:18:31.000Z',
    });
    expect(guest!.suppressAutoReply).toBeUndefined();
  });

  it('an edit is a message of its own pointing at the original, one per edit, answered by nothing automatic', () => {
    expect(byId('m_ORIGINAL')).toMatchObject({
      channelMessageId: 'm_ORIGINAL-b3JkZXItMTAwMDA1#edit/1',
      editOf: 'm_ORIGINAL-b3JkZXItMTAwMDA1',
      conversationKey: '110198765432101/6543210987650002',
      text: 'Sipariş numaram 100005, 100006 değil',
      suppressAutoReply: 'an edit of an earlier message',
    });
    expect(messages(events)).toHaveLength(4);
  });

  it('an event naming no sender is reported as not placed', () => {
    expect(unplaced).toEqual(['messaging event without sender id or user_ref']);
  });

  it('Instagram standby events are read the same way', () => {
    const payload = fixture('messenger-standby-postbacks-edits.json');
    payload.object = 'instagram';
    const ig = messages(normaliseInstagram(payload, at).events);
    expect(ig.find((e) => e.message.channelMessageId.startsWith('m_STANDBY'))!.message).toMatchObject({
      channel: 'instagram',
      suppressAutoReply: expect.any(String),
    });
  });

  it('seconds and milliseconds both read as the same instant; a missing stamp is the time of receipt', () => {
    expect(isoFromEpoch(1763900310, at)).toBe(isoFromEpoch(1763900310000, at));
    expect(isoFromEpoch(undefined, at)).toBe(at.toISOString());
  });
});

describe('Telegram edits', () => {
  it('edited_message is a message of its own pointing at the original, stamped at the edit, answered by nothing automatic', () => {
    const { events } = normaliseTelegram(fixture('telegram-updates.json').edited, at);
    expect(messages(events)[0]!.message).toEqual({
      channel: 'telegram',
      channelMessageId: '555000111/41/edit/1763900800',
      editOf: '555000111/41',
      from: { address: '555000111', name: 'Ali Demir' },
      conversationKey: '555000111',
      text: 'Kargom nerede? Sipariş 100003',
      attachments: [],
      receivedAt: '2025-11-23T12:26:40.000Z',
      localeHint: 'tr',
      suppressAutoReply: 'an edit of an earlier message',
    });
  });
});
