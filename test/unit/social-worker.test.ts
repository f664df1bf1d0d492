import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LOCAL_SOCIAL_SECRETS } from '#config/social';
import type { MediaRef, SocialEvent } from '#channels/social/events';
import { attachmentKey, sanitiseFilename } from '#channels/social/media';
import { cachedSecrets } from '#channels/social/secrets';
import { processSocialEvent, ReceiptTooEarlyError, type SocialWorkerDeps } from '#channels/social/worker';
import type { InboundMessage } from '#core/messages';
import { SocialProviderServer } from '#local/social-provider';

const provider = new SocialProviderServer({ ...DEFAULT_LOCAL_SOCIAL_SECRETS });
const NOW = new Date('2026-11-23T10:00:00Z');
const objects = new Map<string, { bytes: Buffer; contentType: string }>();
const forwarded: InboundMessage[] = [];
const receipts: unknown[] = [];
const sentByAsked: unknown[] = [];

const deps = (): SocialWorkerDeps => ({
  secrets: cachedSecrets(async () => ({ ...DEFAULT_LOCAL_SOCIAL_SECRETS }), 'test'),
  settings: {
    graphBaseUrl: provider.graphBaseUrl,
    telegramBaseUrl: provider.url,
    whatsappTemplates: {},
    maxMediaBytes: 1000,
    retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
  },
  bucket: 'attachments',
  putObject: async (key, bytes, contentType) => void objects.set(key, { bytes, contentType }),
  enqueueInbound: async (m) => void forwarded.push(m),
  receipts: {
    findOutbound: async (_c, id) => (id === 'wamid.known' ? { ticketId: '10001', interactionKey: 'INTERACTION#x' } : undefined),
    recordReceipt: async (ref, status) => void receipts.push({ ref, status }),
    outboundSentBy: async (_c, conversation, sentBy, status) => {
      if (conversation !== 'page/psid') return undefined;
      sentByAsked.push({ sentBy, status });
      return [
        { ticketId: '10002', interactionKey: 'INTERACTION#a' },
        { ticketId: '10002', interactionKey: 'INTERACTION#b' },
      ];
    },
  },
  now: () => NOW,
});

const message = (id: string, media: MediaRef[], channel: InboundMessage['channel'] = 'whatsapp'): SocialEvent => ({
  kind: 'message',
  message: {
    channel,
    channelMessageId: id,
    from: { address: '905321234567' },
    conversationKey: 'p/905321234567',
    text: 'bakın',
    attachments: [],
    receivedAt: '2026-11-23T09:59:00.000Z',
  },
  media,
});

beforeAll(() => provider.listen(0));
afterAll(() => provider.close());

describe('social worker: media', () => {
  it('fetches WhatsApp media through the media API into the bucket, keyed by channel, day and message', async () => {
    const photo = provider.addMedia(Buffer.from('jpeg-bytes'), 'image/jpeg');
    const result = await processSocialEvent(deps(), message('wamid.photo', [{ source: 'graph', id: photo.id, mimeType: 'image/jpeg', filename: 'image-abc' }]));
    expect(result).toBe('forwarded');
    const sent = forwarded.at(-1)!;
    expect(sent.attachments).toEqual([
      { bucket: 'attachments', key: attachmentKey(sent, 1, 'image-abc.jpg'), filename: 'image-abc.jpg', contentType: 'image/jpeg', size: 10 },
    ]);
    expect(sent.attachments[0]!.key).toMatch(/^whatsapp\/2026\/11\/23\/[0-9a-f]{32}\/1-image-abc\.jpg$/);
    expect(objects.get(sent.attachments[0]!.key)!.bytes.toString()).toBe('jpeg-bytes');
  });

  it('fetches Telegram files through getFile and Messenger files from their URL', async () => {
    const voice = provider.addMedia(Buffer.from('ogg'), 'audio/ogg');
    await processSocialEvent(deps(), message('1/2', [{ source: 'telegram', fileId: voice.id, filename: 'voice-2.ogg', mimeType: 'audio/ogg' }], 'telegram'));
    expect(forwarded.at(-1)!.attachments[0]).toMatchObject({ filename: 'voice-2.ogg', contentType: 'audio/ogg', size: 3 });
    const pic = provider.addMedia(Buffer.from('png'), 'image/png');
    await processSocialEvent(deps(), message('m_1', [{ source: 'url', url: pic.url, filename: 'image-1' }], 'messenger'));
    expect(forwarded.at(-1)!.attachments[0]).toMatchObject({ filename: 'image-1.png', contentType: 'image/png' });
  });

  it('a file that is gone or too large does not lose the message: it goes on, saying so', async () => {
    const big = provider.addMedia(Buffer.alloc(5000), 'application/pdf');
    await processSocialEvent(
      deps(),
      message('wamid.gone', [
        { source: 'graph', id: 'no-such-media' },
        { source: 'graph', id: big.id, filename: 'x.pdf' },
      ]),
    );
    const sent = forwarded.at(-1)!;
    expect(sent.attachments).toEqual([]);
    expect(sent.text.split('\n')).toEqual([
      'bakın',
      expect.stringMatching(/^\[attachment not available: whatsapp media: 404 Unsupported get request/),
      '[attachment not available: whatsapp media download: 5000 bytes, above the limit of 1000]',
    ]);
  });

  it('a provider that is down fails the record, so the queue tries again (nothing forwarded)', async () => {
    const before = forwarded.length;
    const down = { ...deps(), settings: { ...deps().settings, graphBaseUrl: 'http://127.0.0.1:1/v21.0' } };
    await expect(processSocialEvent(down, message('wamid.down', [{ source: 'graph', id: 'x' }]))).rejects.toThrow(/after 2 attempts/);
    expect(forwarded.length).toBe(before);
  });

  it('file names keep only safe characters and gain an extension from the content type', () => {
    expect(sanitiseFilename('fatura 2025/11.pdf', 'application/pdf')).toBe('fatura_2025_11.pdf');
    expect(sanitiseFilename('../../etc/passwd', 'text/plain')).toBe('etc_passwd');
    expect(sanitiseFilename('şikayet', 'image/jpeg')).toBe('sikayet.jpg');
  });
});

describe('social worker: receipts', () => {
  const status = (id: string, at: string): SocialEvent => ({
    kind: 'status',
    channel: 'whatsapp',
    providerMessageId: id,
    recipient: '9053',
    status: 'read',
    at,
  });

  it('records a receipt on the outbound interaction it names', async () => {
    expect(await processSocialEvent(deps(), status('wamid.known', NOW.toISOString()))).toBe('receipt-recorded');
    expect(receipts.at(-1)).toEqual({ ref: { ticketId: '10001', interactionKey: 'INTERACTION#x' }, status: 'read' });
  });

  it('a receipt that names its interaction (WhatsApp callback data) is recorded there without looking the id up', async () => {
    const named: SocialEvent = {
      ...(status('wamid.never-stored', NOW.toISOString()) as Extract<SocialEvent, { kind: 'status' }>),
      outbound: { ticketId: '10003', interactionKey: 'INTERACTION#y' },
    };
    expect(await processSocialEvent(deps(), named)).toBe('receipt-recorded');
    expect(receipts.at(-1)).toEqual({ ref: { ticketId: '10003', interactionKey: 'INTERACTION#y' }, status: 'read' });
  });

  it('a fresh receipt for an id not yet stored is retried; an old one for an unknown message is dropped', async () => {
    await expect(processSocialEvent(deps(), status('wamid.unknown', '2026-11-23T09:59:30.000Z'))).rejects.toBeInstanceOf(ReceiptTooEarlyError);
    expect(await processSocialEvent(deps(), status('wamid.unknown', '2026-11-23T09:00:00.000Z'))).toBe('receipt-unknown');
  });

  it("a watermark records the status on every message of the conversation's ticket sent by then (plus the send latency)", async () => {
    const watermark = (conversationKey: string): SocialEvent => ({
      kind: 'watermark',
      channel: 'messenger',
      conversationKey,
      recipient: 'psid',
      status: 'read',
      watermark: '2026-11-23T09:59:00.000Z',
      at: NOW.toISOString(),
    });
    receipts.length = 0;
    expect(await processSocialEvent(deps(), watermark('page/psid'))).toBe('receipt-recorded');
    expect(sentByAsked.at(-1)).toEqual({ sentBy: '2026-11-23T09:59:02.000Z', status: 'read' });
    expect(receipts).toEqual([
      { ref: { ticketId: '10002', interactionKey: 'INTERACTION#a' }, status: 'read' },
      { ref: { ticketId: '10002', interactionKey: 'INTERACTION#b' }, status: 'read' },
    ]);
    expect(await processSocialEvent(deps(), watermark('page/stranger'))).toBe('receipt-unknown');
  });
});
