import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LOCAL_SOCIAL_SECRETS } from '#config/social';
import { cachedSecrets } from '#channels/social/secrets';
import { makeSocialSenders } from '#channels/social/senders';
import type { SocialSettings } from '#definitions/social';
import { replyWindow } from '#channels/social/window';
import { PermanentDeliveryError } from '#core/errors';
import type { OutboundMessage } from '#core/messages';
import type { Ticket } from '#core/model';
import { SocialProviderServer } from '#local/social-provider';

const provider = new SocialProviderServer({ ...DEFAULT_LOCAL_SOCIAL_SECRETS });
const NOW = new Date('2026-11-23T10:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

let lastInboundAt = hoursAgo(1);
const sleeps: number[] = [];
const remembered: { channel: string; id: string; ticketId: string }[] = [];

function senders(over: Partial<SocialSettings> = {}, secretsOver: object = {}) {
  return makeSocialSenders({
    secrets: cachedSecrets(async () => ({ ...DEFAULT_LOCAL_SOCIAL_SECRETS, ...secretsOver }), 'test'),
    settings: {
      graphBaseUrl: provider.graphBaseUrl,
      telegramBaseUrl: provider.url,
      whatsappTemplates: { tr: { name: 'destek_yanit_hazir', language: 'tr' } },
      maxMediaBytes: 1_000_000,
      retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 2000 },
      ...over,
    },
    tickets: { getTicket: async (id) => ({ id, lastInboundAt }) as Ticket },
    providerMessages: { remember: async (channel, id, ref) => void remembered.push({ channel, id, ticketId: ref.ticketId }) },
    files: { link: async (ref) => `https://files.example/${ref.key}?sig=1`, read: async (ref) => Buffer.from(`bytes of ${ref.key}`) },
    sleep: async (ms) => void sleeps.push(ms),
    now: () => NOW,
  });
}

const file = (key: string, contentType: string, filename = key) => ({ bucket: 'attachments', key, filename, contentType, size: 10 });
const sentSince = (n: number) => provider.sentMessages().slice(n);

let seq = 0;
const outbound = (over: Partial<OutboundMessage>): OutboundMessage => ({
  outboundId: `o-${++seq}`,
  ticketId: '10001',
  interactionKey: `INTERACTION#2026-11-23T10:00:00.000Z#o-${seq}`,
  kind: 'agent_reply',
  channel: 'whatsapp',
  to: '905321234567',
  conversationKey: '106540352242922/905321234567',
  text: 'Siparişiniz yarın teslim edilecek.',
  locale: 'tr',
  createdAt: NOW.toISOString(),
  ...over,
});
const lastSent = () => provider.sentMessages().at(-1)!;
const failNext = (body: object) => fetch(`${provider.url}/fail`, { method: 'POST', body: JSON.stringify(body) });

beforeAll(async () => {
  await provider.listen(0);
});
afterAll(() => provider.close());

describe('WhatsApp sender', () => {
  it('posts to /{phone-number-id}/messages for the customer, naming the interaction in the callback data its receipts bring back; nothing is stored', async () => {
    lastInboundAt = hoursAgo(1);
    const before = remembered.length;
    const msg = outbound({});
    const r = await senders().whatsapp.send(msg);
    expect(lastSent()).toMatchObject({
      provider: 'whatsapp',
      path: '/v21.0/106540352242922/messages',
      body: {
        messaging_product: 'whatsapp',
        to: '905321234567',
        type: 'text',
        text: { body: 'Siparişiniz yarın teslim edilecek.' },
        biz_opaque_callback_data: `10001 ${msg.interactionKey}`,
      },
    });
    expect(r.providerMessageId).toBe(lastSent().id);
    expect(remembered.length).toBe(before);
  });

  it('shows quick replies as interactive buttons and CSAT links as numbered text', async () => {
    await senders().whatsapp.send(
      outbound({
        actions: [
          { type: 'quick_reply', label: 'Kargom nerede?', value: 'Kargom nerede?' },
          { type: 'handover', label: 'Bir temsilciyle görüşmek istiyorum', value: 'temsilci' },
          { type: 'csat', label: 'Memnun kaldım', value: 'https://destek.example/csat/abc?r=5' },
        ],
      }),
    );
    expect(lastSent().body).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Siparişiniz yarın teslim edilecek.\n\n1) Memnun kaldım: https://destek.example/csat/abc?r=5' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'Kargom nerede?', title: 'Kargom nerede?' } },
            { type: 'reply', reply: { id: 'temsilci', title: 'Bir temsilciyle gör…' } },
          ],
        },
      },
    });
  });

  it("outside the 24-hour window sends the locale's approved template instead", async () => {
    lastInboundAt = hoursAgo(25);
    await senders().whatsapp.send(outbound({}));
    expect(lastSent().body).toMatchObject({ type: 'template', template: { name: 'destek_yanit_hazir', language: { code: 'tr' } }, to: '905321234567' });
  });

  it('outside the window with no template for the locale fails permanently, saying why', async () => {
    lastInboundAt = hoursAgo(30);
    const before = provider.sentMessages().length;
    const error = await senders()
      .whatsapp.send(outbound({ locale: 'en' }))
      .catch((e) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect(error.reason).toMatch(/24-hour window is closed .* no template is configured for locale en/);
    expect(provider.sentMessages().length).toBe(before);
  });

  it('retries 429 honouring Retry-After and 5xx with back-off, then succeeds', async () => {
    lastInboundAt = hoursAgo(1);
    sleeps.length = 0;
    await failNext({ count: 1, status: 429, retryAfter: '1', pathIncludes: '/messages' });
    await failNext({ count: 1, status: 503, pathIncludes: '/messages' });
    const before = provider.sentMessages().length;
    await senders().whatsapp.send(outbound({}));
    expect(sleeps).toEqual([1000, 200]);
    expect(provider.sentMessages().length).toBe(before + 1);
  });

  it('gives up after the attempts with a transient error the queue will retry', async () => {
    await failNext({ count: 3, status: 500, pathIncludes: '/messages' });
    const error = await senders()
      .whatsapp.send(outbound({}))
      .catch((e) => e);
    expect(error).not.toBeInstanceOf(PermanentDeliveryError);
    expect(error.message).toMatch(/whatsapp: 500 .*after 3 attempts/);
  });

  it("never retries a 4xx: a permanent failure with the provider's reason", async () => {
    sleeps.length = 0;
    await failNext({ count: 1, status: 400, pathIncludes: '/messages' });
    const error = await senders()
      .whatsapp.send(outbound({}))
      .catch((e) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect(error.reason).toBe('whatsapp: 400 injected 400');
    expect(sleeps).toEqual([]);
    const badToken = await senders({}, { whatsappAccessToken: 'revoked' })
      .whatsapp.send(outbound({}))
      .catch((e) => e);
    expect(badToken.reason).toMatch(/^whatsapp: 401 Invalid OAuth access token/);
  });
});

describe('senders for customers known by a business-scoped id or a guest reference', () => {
  it('WhatsApp: a user who shares no phone is answered through recipient (their BSUID), never a to field', async () => {
    lastInboundAt = hoursAgo(1);
    await senders().whatsapp.send(outbound({ to: 'TR.7301845529163740128', conversationKey: '106540352242922/TR.7301845529163740128' }));
    expect(lastSent().body).toMatchObject({ recipient: 'TR.7301845529163740128', type: 'text' });
    expect(lastSent().body.to).toBeUndefined();
  });

  it("Messenger: a chat plugin guest is answered by the guest's user_ref", async () => {
    lastInboundAt = hoursAgo(1);
    await senders().messenger.send(
      outbound({ channel: 'messenger', to: 'user_ref:c1f2e3d4-guest-5a6b7c8d', conversationKey: '110198765432101/user_ref:c1f2e3d4-guest-5a6b7c8d' }),
    );
    expect(lastSent().body.recipient).toEqual({ user_ref: 'c1f2e3d4-guest-5a6b7c8d' });
  });
});

describe('Messenger and Instagram senders', () => {
  it('a direct message goes to /me/messages for the scoped id, quick replies as quick_replies', async () => {
    lastInboundAt = hoursAgo(2);
    await senders().messenger.send(
      outbound({
        channel: 'messenger',
        to: '6543210987654321',
        conversationKey: '110198765432101/6543210987654321',
        actions: [{ type: 'quick_reply', label: 'Evet', value: 'evet' }],
      }),
    );
    expect(lastSent()).toMatchObject({
      provider: 'messenger',
      path: '/v21.0/me/messages',
      body: {
        recipient: { id: '6543210987654321' },
        messaging_type: 'RESPONSE',
        message: { text: 'Siparişiniz yarın teslim edilecek.', quick_replies: [{ content_type: 'text', title: 'Evet', payload: 'evet' }] },
      },
    });
  });

  it("an agent's reply after 24 hours carries the HUMAN_AGENT tag; after 7 days it fails permanently", async () => {
    lastInboundAt = hoursAgo(30);
    await senders().instagram.send(outbound({ channel: 'instagram', to: '2323', conversationKey: '1784/2323' }));
    expect(lastSent()).toMatchObject({ provider: 'instagram', body: { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' } });
    lastInboundAt = hoursAgo(8 * 24);
    const error = await senders()
      .instagram.send(outbound({ channel: 'instagram', to: '2323', conversationKey: '1784/2323' }))
      .catch((e) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
  });

  it('a public comment is answered publicly under it, or privately by a private reply', async () => {
    lastInboundAt = hoursAgo(1);
    const comment = { channel: 'messenger' as const, to: '7777000011112222', conversationKey: 'comment/998877665544_123456789012345' };
    await senders().messenger.send(outbound({ ...comment, visibility: 'public' }));
    expect(lastSent()).toMatchObject({ path: '/v21.0/998877665544_123456789012345/comments', body: { message: 'Siparişiniz yarın teslim edilecek.' } });
    await senders().messenger.send(outbound({ ...comment, visibility: 'private' }));
    expect(lastSent()).toMatchObject({ path: '/v21.0/me/messages', body: { recipient: { comment_id: '998877665544_123456789012345' } } });
    await senders().instagram.send(outbound({ channel: 'instagram', to: '2323', conversationKey: 'comment/17919697626119712' }));
    expect(lastSent()).toMatchObject({ provider: 'instagram', path: '/v21.0/17919697626119712/replies' });
  });
});

describe('Telegram sender', () => {
  it('sendMessage to the chat, with an inline keyboard for the actions', async () => {
    const r = await senders().telegram.send(
      outbound({
        channel: 'telegram',
        to: '555000111',
        conversationKey: '555000111',
        actions: [
          { type: 'handover', label: 'Temsilci', value: 'temsilci' },
          { type: 'csat', label: '⭐⭐⭐⭐⭐', value: 'https://destek.example/csat/x' },
        ],
      }),
    );
    expect(lastSent()).toMatchObject({
      provider: 'telegram',
      path: '/bot<token>/sendMessage',
      body: {
        chat_id: '555000111',
        text: 'Siparişiniz yarın teslim edilecek.',
        reply_markup: { inline_keyboard: [[{ text: 'Temsilci', callback_data: 'temsilci' }], [{ text: '⭐⭐⭐⭐⭐', url: 'https://destek.example/csat/x' }]] },
      },
    });
    expect(r.providerMessageId).toMatch(/^555000111\/\d+$/);
  });
});

describe('files with a reply', () => {
  it('WhatsApp: the text, then each file as an image or a named document by link; each names the interaction for its receipts', async () => {
    lastInboundAt = hoursAgo(1);
    const before = provider.sentMessages().length;
    const msg = outbound({ attachments: [file('a/photo.jpg', 'image/jpeg'), file('a/fatura.pdf', 'application/pdf', 'fatura.pdf')] });
    const r = await senders().whatsapp.send(msg);
    const [text, photo, pdf] = sentSince(before);
    expect(text!.body).toMatchObject({ type: 'text' });
    expect(photo!.body).toMatchObject({ to: '905321234567', type: 'image', image: { link: 'https://files.example/a/photo.jpg?sig=1' } });
    expect(pdf!.body).toMatchObject({ type: 'document', document: { link: 'https://files.example/a/fatura.pdf?sig=1', filename: 'fatura.pdf' } });
    expect(r.providerMessageId).toBe(text!.id);
    expect([text, photo, pdf].map((m) => m!.body.biz_opaque_callback_data)).toEqual(Array(3).fill(`10001 ${msg.interactionKey}`));
  });

  it('WhatsApp outside the window: only the template goes, no files', async () => {
    lastInboundAt = hoursAgo(30);
    const before = provider.sentMessages().length;
    await senders().whatsapp.send(outbound({ attachments: [file('a/photo.jpg', 'image/jpeg')] }));
    expect(sentSince(before).map((x) => x.body.type)).toEqual(['template']);
  });

  it('Messenger: each file an attachment message of its kind, by URL; a comment cannot carry files', async () => {
    lastInboundAt = hoursAgo(1);
    const before = provider.sentMessages().length;
    await senders().messenger.send(
      outbound({ channel: 'messenger', to: '65', conversationKey: '110/65', attachments: [file('v.mp4', 'video/mp4'), file('x.zip', 'application/zip')] }),
    );
    expect(sentSince(before).map((x) => x.body.message.attachment ?? 'text')).toEqual([
      'text',
      { type: 'video', payload: { url: 'https://files.example/v.mp4?sig=1', is_reusable: false } },
      { type: 'file', payload: { url: 'https://files.example/x.zip?sig=1', is_reusable: false } },
    ]);
    const error = await senders()
      .messenger.send(
        outbound({ channel: 'messenger', to: '77', conversationKey: 'comment/99_1', visibility: 'private', attachments: [file('x.zip', 'application/zip')] }),
      )
      .catch((e) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
  });

  it('Telegram: pictures by sendPhoto, other files by sendDocument, uploaded with their names', async () => {
    const before = provider.sentMessages().length;
    await senders().telegram.send(
      outbound({
        channel: 'telegram',
        to: '555000111',
        conversationKey: '555000111',
        attachments: [file('p.png', 'image/png'), file('k/iade.pdf', 'application/pdf', 'iade.pdf')],
      }),
    );
    const [, photo, doc] = sentSince(before);
    expect(photo).toMatchObject({
      path: '/bot<token>/sendPhoto',
      body: { chat_id: '555000111', photo: { filename: 'p.png', contentType: 'image/png', size: 'bytes of p.png'.length } },
    });
    expect(doc).toMatchObject({
      path: '/bot<token>/sendDocument',
      body: { document: { filename: 'iade.pdf', contentType: 'application/pdf', size: 'bytes of k/iade.pdf'.length } },
    });
  });
});

describe('replyWindow (what the agent API asks before a reply)', () => {
  it('WhatsApp: open for 24 hours after the last inbound message, then a template is required', () => {
    expect(replyWindow('whatsapp', hoursAgo(23), NOW)).toEqual({ open: true, closesAt: '2026-11-23T11:00:00.000Z', templateRequired: false });
    expect(replyWindow('whatsapp', hoursAgo(24), NOW)).toMatchObject({ open: false, templateRequired: true });
    expect(replyWindow('whatsapp', undefined, NOW)).toMatchObject({ open: false, templateRequired: true, reason: expect.stringContaining('has not written') });
  });

  it('Messenger/Instagram: 7 days for an agent, 24 hours for automated messages; other channels always open', () => {
    expect(replyWindow('messenger', hoursAgo(48), NOW)).toMatchObject({ open: true, templateRequired: false });
    expect(replyWindow('messenger', hoursAgo(48), NOW, 'automated')).toMatchObject({ open: false, templateRequired: false });
    expect(replyWindow('instagram', hoursAgo(24 * 7 + 1), NOW).open).toBe(false);
    for (const channel of ['telegram', 'email', 'chat'] as const)
      expect(replyWindow(channel, hoursAgo(1000), NOW)).toEqual({ open: true, templateRequired: false });
  });
});
