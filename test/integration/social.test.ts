import { createHash, randomInt } from 'node:crypto';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SqsClient } from '#adapters/aws/sqs';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '#adapters/aws/dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { sqsOutboundQueue } from '#adapters/fifo-queue';
import { interactionItem, keys } from '#adapters/table-keys';
import { DEFAULT_LOCAL_SOCIAL_SECRETS } from '#config/social';
import { signMetaBody } from '#channels/social/meta-signature';
import type { OutboundMessage } from '#core/messages';
import { interactionId, type Interaction, type Ticket } from '#core/model';
import { LOCAL_PAGE_ID, LOCAL_WHATSAPP_PHONE_NUMBER_ID, whatsAppMessagePayload, whatsAppStatusPayload } from '#local/social-payloads';
import type { SentRecord } from '#local/social-provider';
import { mail, sentTo, smtpSend, supportAddress, waitProcessed } from './email-helpers';
import { eventually, http, stack, unique } from './helpers';
import { fromItem } from '#adapters/table-keys';

const COMPLAINT = 'Müşteri hizmetleriniz rezalet, kimse dönüş yapmıyor, şikayetçiyim';
const secrets = DEFAULT_LOCAL_SOCIAL_SECRETS;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let db: ReturnType<typeof createDocumentClient>;
let sqs: SqsClient;

beforeAll(() => {
  const { info } = stack();
  db = createDocumentClient({ region: info.region, endpoint: info.dynamodb, credentials });
  sqs = new SqsClient({ region: info.region, endpoint: info.sqs, credentials });
});

const newNumber = () => `90532${randomInt(1_000_000, 9_999_999)}`;
const fake = async (path: string, body?: unknown) => {
  const res = await fetch(
    `${stack().info.socialProvider}${path}`,
    body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  return res.json() as Promise<any>;
};
const simulate = (provider: string, body: object) => fake(`/simulate/${provider}`, body);
const sent = async () => (await fake('/sent')).sent as SentRecord[];
const sentWhere = (what: string, match: (s: SentRecord) => boolean, timeoutMs = 15_000) => eventually(async () => (await sent()).find(match), timeoutMs, what);
const postWebhook = (provider: string, body: string, headers: Record<string, string>) =>
  fetch(`${stack().info.api}/webhooks/${provider}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

async function item<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
  return (await db.send(new GetCommand({ TableName: stack().info.tableName, Key: key, ConsistentRead: true }))).Item as T | undefined;
}
/** The conversation's ticket once its first message is on it too (written just after the ticket, the commit point). */
async function ticketOf(channel: string, conversationKey: string): Promise<Ticket | undefined> {
  const thread = await item<{ ticketId: string }>(keys.thread(channel as never, conversationKey));
  const ticket = thread ? await item<Ticket>(keys.ticket(thread.ticketId)) : undefined;
  return ticket && (await interactions(ticket.id)).some((i) => i.direction === 'in') ? ticket : undefined;
}
const ticketWhere = (channel: string, conversationKey: string, ok: (t: Ticket) => boolean = () => true, timeoutMs = 15_000) =>
  eventually(
    async () => {
      const t = await ticketOf(channel, conversationKey);
      return t && ok(t) ? t : undefined;
    },
    timeoutMs,
    `the ${channel} ticket of ${conversationKey}`,
  );
async function interactions(ticketId: string): Promise<Interaction[]> {
  const out = await db.send(
    new QueryCommand({
      TableName: stack().info.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :i)',
      ExpressionAttributeValues: { ':pk': `TICKET#${ticketId}`, ':i': 'INTERACTION#' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((i) => fromItem<Interaction>(i));
}
const waConversation = (number: string) => `${LOCAL_WHATSAPP_PHONE_NUMBER_ID}/${number}`;

/** What the agent API does for a reply (contracts §2): the outbound interaction, pending, then the queue. */
async function agentReply(ticket: Ticket, to: string, over: Partial<OutboundMessage> = {}): Promise<OutboundMessage> {
  const now = new Date().toISOString();
  const id = unique('reply');
  const msg: OutboundMessage = {
    outboundId: id,
    ticketId: ticket.id,
    interactionKey: interactionId(now, id),
    kind: 'agent_reply',
    channel: ticket.channel,
    to,
    conversationKey: ticket.conversationKey,
    text: 'Merhaba, kargonuz yarın teslim edilecek.',
    locale: ticket.locale,
    createdAt: now,
    ...over,
  };
  const interaction: Interaction = {
    ticketId: ticket.id,
    key: msg.interactionKey,
    direction: 'out',
    kind: 'agent_reply',
    channel: ticket.channel,
    customerId: ticket.customerId,
    at: now,
    to,
    text: msg.text,
    locale: msg.locale,
    delivery: { status: 'pending', attempts: 0 },
  };
  await db.send(new PutCommand({ TableName: stack().info.tableName, Item: interactionItem(interaction) }));
  await sqsOutboundQueue(sqs, stack().info.queues.outbound.url).send(msg);
  return msg;
}

describe('WhatsApp through the local stack', () => {
  it('a message becomes a ticket and the reply reaches the fake provider for that number, from the number written to', async () => {
    const number = newNumber();
    const r = await simulate('whatsapp', { from: number, name: 'Ayşe', text: COMPLAINT });
    expect(r.status).toBe(200);
    const reply = await sentWhere('the acknowledgement', (s) => s.provider === 'whatsapp' && s.body.to === number);
    expect(reply.path).toBe(`/v21.0/${LOCAL_WHATSAPP_PHONE_NUMBER_ID}/messages`);
    expect(reply.body.text.body).toMatch(/#\d+/);
    const ticket = await ticketWhere('whatsapp', waConversation(number));
    expect(ticket).toMatchObject({ channel: 'whatsapp', status: 'open' });
    const out = await eventually(
      async () => (await interactions(ticket.id)).find((i) => i.direction === 'out' && i.delivery?.status === 'sent'),
      5000,
      'the delivery record',
    );
    expect(out.delivery?.providerMessageId).toBe(reply.id);
    // The message names its interaction in the callback data WhatsApp returns with its receipts: no lookup item is written.
    expect(reply.body.biz_opaque_callback_data).toBe(`${ticket.id} ${out.key}`);
    expect(await item({ pk: `PROVIDERMSG#whatsapp#${reply.id}`, sk: 'PROVIDERMSG' })).toBeUndefined();
  });

  it('a replayed webhook stores one interaction; a batch mixing a message and receipts records both', async () => {
    const number = newNumber();
    const body = JSON.stringify(whatsAppMessagePayload({ from: number, text: COMPLAINT }, `wamid.${unique('replay')}`));
    for (let i = 0; i < 3; i++)
      expect((await postWebhook('whatsapp', body, { 'x-hub-signature-256': signMetaBody(body, secrets.appSecret) })).status).toBe(200);
    const ack = await sentWhere('the acknowledgement', (s) => s.body.to === number);
    const ticket = await ticketWhere('whatsapp', waConversation(number));

    // One webhook: the customer's next message plus delivered and read receipts for our acknowledgement.
    const batch = whatsAppMessagePayload({ from: number, text: 've hala cevap yok' }, `wamid.${unique('next')}`);
    // As WhatsApp sends them: with the callback data the acknowledgement went out with.
    const tracking = ack.body.biz_opaque_callback_data as string;
    const statuses = (whatsAppStatusPayload(ack.id, number, 'delivered', tracking).entry[0]!.changes[0]!.value as unknown as { statuses: object[] }).statuses;
    const readStatus = (whatsAppStatusPayload(ack.id, number, 'read', tracking).entry[0]!.changes[0]!.value as unknown as { statuses: object[] }).statuses;
    Object.assign(batch.entry[0]!.changes[0]!.value, { statuses: [...statuses, ...readStatus] });
    const batchBody = JSON.stringify(batch);
    expect((await postWebhook('whatsapp', batchBody, { 'x-hub-signature-256': signMetaBody(batchBody, secrets.appSecret) })).status).toBe(200);

    // interactionCount counts our acknowledgement too: wait for the second customer message itself.
    const all = await eventually(
      async () => {
        const xs = await interactions(ticket.id);
        return xs.filter((i) => i.direction === 'in').length >= 2 ? xs : undefined;
      },
      10_000,
      'the second message on the same ticket',
    );
    // Both messages, once each, in the order they came.
    expect(all.filter((i) => i.direction === 'in').map((i) => i.text)).toEqual([COMPLAINT, 've hala cevap yok']);
    const receipt = await eventually(
      async () => {
        const ackInteraction = (await interactions(ticket.id)).find((i) => i.delivery?.providerMessageId === ack.id);
        return ackInteraction?.delivery?.providerStatus === 'read' ? ackInteraction.delivery : undefined;
      },
      10_000,
      'the read receipt',
    );
    expect(receipt.deliveredAt).toBeDefined();
    expect(receipt.readAt).toBeDefined();
    // A late "delivered" does not move it back.
    await simulate('whatsapp', { from: number, messageId: ack.id, status: 'delivered' });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await interactions(ticket.id)).find((i) => i.delivery?.providerMessageId === ack.id)!.delivery!.providerStatus).toBe('read');
  });

  it('messages stamped in the same second stay in the order the webhook gave them', async () => {
    const number = newNumber();
    const texts = ['bir', 'iki', 'üç', 'dört'];
    const payloads = texts.map((text) => whatsAppMessagePayload({ from: number, text }, `wamid.${unique('same')}`));
    const batch = payloads[0]!;
    const value = batch.entry[0]!.changes[0]!.value as unknown as { messages: { timestamp: string }[] };
    value.messages = payloads.map((p) => (p.entry[0]!.changes[0]!.value as unknown as { messages: { timestamp: string }[] }).messages[0]!);
    for (const m of value.messages) m.timestamp = value.messages[0]!.timestamp;
    const body = JSON.stringify(batch);
    expect((await postWebhook('whatsapp', body, { 'x-hub-signature-256': signMetaBody(body, secrets.appSecret) })).status).toBe(200);
    const ticket = await ticketWhere('whatsapp', waConversation(number));
    const inbound = await eventually(
      async () => {
        const xs = (await interactions(ticket.id)).filter((i) => i.direction === 'in');
        return xs.length === texts.length ? xs : undefined;
      },
      15_000,
      'the four messages',
    );
    expect(new Set(inbound.map((i) => i.at)).size).toBe(1);
    expect(inbound.map((i) => i.text)).toEqual(texts);
  });

  it('a bad signature gets 401 and stores nothing; malformed JSON 400; the GET challenge answers', async () => {
    const number = newNumber();
    const body = JSON.stringify(whatsAppMessagePayload({ from: number, text: 'imzasız' }, `wamid.${unique('bad')}`));
    expect((await postWebhook('whatsapp', body, { 'x-hub-signature-256': signMetaBody(body, 'wrong-secret') })).status).toBe(401);
    expect((await postWebhook('whatsapp', body, {})).status).toBe(401);
    expect((await postWebhook('whatsapp', `${body} `, { 'x-hub-signature-256': signMetaBody(body, secrets.appSecret) })).status).toBe(401);
    expect((await postWebhook('whatsapp', '{"object":', { 'x-hub-signature-256': signMetaBody('{"object":', secrets.appSecret) })).status).toBe(400);
    // A good message after the bad ones: once it is stored, the queue has passed anything before it.
    const other = newNumber();
    await simulate('whatsapp', { from: other, text: COMPLAINT });
    await ticketWhere('whatsapp', waConversation(other));
    expect(await item(keys.identity('whatsapp', number))).toBeUndefined();
    expect(await ticketOf('whatsapp', waConversation(number))).toBeUndefined();

    const ok = await http('GET', '/webhooks/instagram?hub.mode=subscribe&hub.verify_token=local-verify-token&hub.challenge=8413', { token: null });
    expect(ok).toMatchObject({ status: 200, text: '8413' });
    expect((await http('GET', '/webhooks/instagram?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=8413', { token: null })).status).toBe(403);
  });

  it('an image is fetched through the media API into the attachments bucket', async () => {
    const number = newNumber();
    const held = await fake('/media', { base64: Buffer.from('fake-jpeg-bytes').toString('base64'), mimeType: 'image/jpeg' });
    await simulate('whatsapp', { from: number, text: 'Kutu ezik geldi', media: { ...held, kind: 'image', mimeType: 'image/jpeg' } });
    const ticket = await ticketWhere('whatsapp', waConversation(number));
    const [inbound] = (await interactions(ticket.id)).filter((i) => i.direction === 'in');
    expect(inbound!.text).toBe('Kutu ezik geldi');
    const [attachment] = inbound!.attachments!;
    expect(attachment).toMatchObject({ bucket: stack().info.attachmentsBucket, contentType: 'image/jpeg', size: 15 });
    expect(attachment!.key).toMatch(/^whatsapp\/\d{4}\/\d{2}\/\d{2}\/[0-9a-f]{32}\/1-image-.*\.jpg$/);
    const s3 = new S3Client({ region: 'us-east-1', endpoint: stack().info.s3, forcePathStyle: true, credentials });
    const got = await s3.send(new GetObjectCommand({ Bucket: attachment!.bucket, Key: attachment!.key }));
    expect(await got.Body!.transformToString()).toBe('fake-jpeg-bytes');
    s3.destroy();
  });

  it('outside the 24-hour window an agent reply goes out as the template; without one it fails on the ticket', async () => {
    const number = newNumber();
    await simulate('whatsapp', { from: number, text: COMPLAINT });
    const ticket = await ticketWhere('whatsapp', waConversation(number));
    await sentWhere('the acknowledgement', (s) => s.body.to === number);
    const dayAgo = new Date(Date.now() - 25 * 3_600_000).toISOString();
    await db.send(
      new UpdateCommand({
        TableName: stack().info.tableName,
        Key: keys.ticket(ticket.id),
        UpdateExpression: 'SET lastInboundAt = :t',
        ExpressionAttributeValues: { ':t': dayAgo },
      }),
    );
    await agentReply(ticket, number);
    const template = await sentWhere('the template', (s) => s.body.to === number && s.body.type === 'template');
    expect(template.body.template).toEqual({ name: 'destek_yanit_hazir', language: { code: 'tr' } });

    const noTemplate = await agentReply(ticket, number, { locale: 'de' });
    const failed = await ticketWhere('whatsapp', waConversation(number), (t) => Boolean(t.lastDeliveryFailure));
    expect(failed.lastDeliveryFailure).toMatchObject({
      interactionKey: noTemplate.interactionKey,
      reason: expect.stringMatching(/24-hour window is closed.*no template is configured for locale de/),
    });
  });
});

describe('public comments', () => {
  it('a comment under a post opens a public, higher-priority ticket answered under it; agents can answer publicly or privately', async () => {
    const commenter = unique('fb');
    const r = await simulate('messenger', { from: commenter, name: 'Zeynep', comment: true, text: 'Siparişim nerede, 3 haftadır bekliyorum!' });
    const conversation = `comment/${r.messageId}`;
    const ticket = await ticketWhere('messenger', conversation);
    expect(ticket.public).toBe(true);
    expect(['high', 'urgent']).toContain(ticket.priority);
    // The bot's first answer (here: it asks for the order number) goes under the comment, where it was asked.
    const first = await sentWhere('the first public answer', (s) => s.path === `/v21.0/${r.messageId}/comments`);
    expect(first.body.message.length).toBeGreaterThan(0);

    await agentReply(ticket, commenter, { visibility: 'private', text: 'Size özelden yazıyoruz: sipariş numaranız?' });
    const dm = await sentWhere('the private reply', (s) => s.path === '/v21.0/me/messages' && s.body.recipient?.comment_id === r.messageId);
    expect(dm.body.message.text).toBe('Size özelden yazıyoruz: sipariş numaranız?');
    await agentReply(ticket, commenter, { visibility: 'public', text: 'Özelden yazdık 🙏' });
    await sentWhere('the public reply', (s) => s.path === `/v21.0/${r.messageId}/comments` && s.body.message === 'Özelden yazdık 🙏');
  });
});

describe('files in agent replies', () => {
  const reply = (ticketId: string, attachments: string[]) =>
    http('POST', `/tickets/${ticketId}/replies`, { body: { text: 'Fotoğrafınızı aldık, ektedir.', attachments } });
  const customerFile = async (ticketId: string) =>
    eventually(
      async () => (await interactions(ticketId)).find((i) => i.direction === 'in' && i.attachments?.length)?.attachments![0],
      15_000,
      'the customer file',
    );

  it("WhatsApp: the customer's photo goes back as an image by a short-lived link that serves it; another ticket's file is refused", async () => {
    const number = newNumber();
    const held = await fake('/media', { base64: Buffer.from('fake-jpeg-bytes').toString('base64'), mimeType: 'image/jpeg' });
    await simulate('whatsapp', { from: number, text: 'Kutu ezik geldi', media: { ...held, kind: 'image', mimeType: 'image/jpeg' } });
    const ticket = await ticketWhere('whatsapp', waConversation(number));
    const file = await customerFile(ticket.id);

    const r = await reply(ticket.id, [file.key]);
    expect(r.status).toBe(201);
    expect(r.json.attachments).toEqual([file]);
    const image = await sentWhere('the image', (s) => s.provider === 'whatsapp' && s.body.to === number && s.body.type === 'image');
    expect(image.body.image.link).toContain('X-Amz-Expires=900');
    expect(await (await fetch(image.body.image.link)).text()).toBe('fake-jpeg-bytes');

    const other = await reply(ticket.id, ['whatsapp/2026/01/01/elsewhere/1-image.jpg']);
    expect(other.status).toBe(400);
    expect(other.json.error.details).toEqual({ 'attachments.0': `not a file of ticket ${ticket.id}` });
  });

  it('Telegram: the file is uploaded with sendPhoto, byte for byte', async () => {
    const chatId = String(randomInt(100_000_000, 999_999_999));
    const held = await fake('/media', { base64: Buffer.from('telegram-photo').toString('base64'), mimeType: 'image/jpeg' });
    await simulate('telegram', { from: chatId, text: 'Bakın', media: { ...held, kind: 'image', mimeType: 'image/jpeg' } });
    const ticket = await ticketWhere('telegram', chatId);
    const file = await customerFile(ticket.id);
    expect((await reply(ticket.id, [file.key])).status).toBe(201);
    const photo = await sentWhere('the photo', (s) => s.provider === 'telegram' && s.path.endsWith('/sendPhoto') && s.body.chat_id === chatId);
    expect(photo.body.photo).toMatchObject({ contentType: 'image/jpeg', size: 14, sha256: createHash('sha256').update('telegram-photo').digest('hex') });
  });

  it("e-mail: the customer's attachment goes back attached to the reply", async () => {
    const from = `${unique('ekli')}@example.com`;
    const id = `<${unique('mail')}@example.com>`;
    const raw = [
      `From: ${from}`,
      `To: ${supportAddress()}`,
      'Subject: Fatura',
      `Message-ID: ${id}`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Faturam ekte, kontrol eder misiniz?',
      '--b1',
      'Content-Type: application/pdf; name="fatura.pdf"',
      'Content-Disposition: attachment; filename="fatura.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4 fatura').toString('base64'),
      '--b1--',
      '',
    ].join('\r\n');
    await smtpSend(raw, { from, to: [supportAddress()] });
    const { ticketId } = await waitProcessed(id);
    const file = await customerFile(ticketId);
    expect((await reply(ticketId, [file.key])).status).toBe(201);
    const mail = await eventually(async () => (await sentTo(from)).find((m) => m.body.text?.includes('ektedir')), 20_000, 'the reply with the file');
    expect((mail.attachments ?? []).map((a) => [a.filename, Buffer.from(a.content, 'base64').toString()])).toEqual([['fatura.pdf', '%PDF-1.4 fatura']]);
  });
});

describe('Messenger read receipts', () => {
  it('a read watermark marks what we sent by then as read, not what came later; a replay changes nothing', async () => {
    const psid = `65${randomInt(1e12, 9e12)}`;
    await simulate('messenger', { from: psid, text: 'Merhaba, bir sorum var' });
    const ticket = await ticketWhere('messenger', `${LOCAL_PAGE_ID}/${psid}`);
    const ack = () =>
      eventually(
        async () => (await interactions(ticket.id)).find((i) => i.direction === 'out' && i.delivery?.status === 'sent'),
        15_000,
        'the sent acknowledgement',
      );
    const sentAt = Date.parse((await ack()).delivery!.sentAt!);

    // Before the acknowledgement (by more than the send latency allowed): it stays unread.
    await simulate('messenger', { from: psid, watermark: sentAt - 5_000 });
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await ack()).delivery?.providerStatus).toBeUndefined();

    const read = await simulate('messenger', { from: psid, watermark: sentAt });
    const first = await eventually(
      async () => {
        const i = await ack();
        return i.delivery?.providerStatus === 'read' ? i : undefined;
      },
      15_000,
      'the acknowledgement read',
    );
    expect(first.delivery?.readAt).toBeTruthy();

    const replay = await postWebhook('messenger', JSON.stringify(read.payload), {
      'x-hub-signature-256': signMetaBody(JSON.stringify(read.payload), secrets.appSecret),
    });
    expect(replay.status).toBe(200);
    // A later watermark gets past the queue's deduplication: the store itself leaves read alone.
    await simulate('messenger', { from: psid, watermark: sentAt + 1 });
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await ack()).delivery).toEqual(first.delivery);
  });
});

describe('Telegram through the local stack', () => {
  it('an update signed with the secret token becomes a ticket and the reply goes to the chat', async () => {
    const chat = String(randomInt(100_000_000, 999_999_999));
    await simulate('telegram', { from: chat, name: 'Ali Demir', text: COMPLAINT });
    const reply = await sentWhere('the Telegram reply', (s) => s.provider === 'telegram' && String(s.body.chat_id) === chat);
    expect(reply.path).toBe('/bot<token>/sendMessage');
    const ticket = await ticketWhere('telegram', chat);
    expect(ticket.customerId).toBeDefined();
    const wrong = await postWebhook('telegram', JSON.stringify({ update_id: 1, message: { message_id: 1, chat: { id: 1 }, text: 'x' } }), {
      'x-telegram-bot-api-secret-token': 'guess',
    });
    expect(wrong.status).toBe(401);
  });
});

describe('one customer across channels', () => {
  /** An order in the shop's orders table, naming the customer's e-mail address and phone. */
  async function order(email: string, phone: string): Promise<string> {
    const orderNumber = String(randomInt(700_000_000, 799_999_999));
    await db.send(
      new PutCommand({
        TableName: stack().info.ordersTableName!,
        Item: { orderNumber, status: 'shipped', customerEmail: email, customerPhone: phone, updatedAt: new Date().toISOString() },
      }),
    );
    return orderNumber;
  }
  const emailIdentity = (email: string) =>
    eventually(async () => item<{ customerId: string }>(keys.identity('email', email)), 20_000, `the identity of ${email}`);
  /** Sends a customer's mail through the local SMTP server; answers its Message-ID. */
  async function sendMail(from: string, body: string): Promise<string> {
    const id = `<${unique('mail')}@example.com>`;
    await smtpSend(mail({ from, subject: 'Siparişim', id, body }), { from, to: [supportAddress()] });
    return id;
  }

  it("an e-mail about an order, then a WhatsApp message from the order's phone: one customer", async () => {
    const number = newNumber();
    const email = `${unique('musteri')}@example.com`;
    const orderNumber = await order(email, `+${number}`);
    await sendMail(email, `Merhaba, ${orderNumber} numaralı siparişim nerede?`);
    const byEmail = await emailIdentity(email);
    expect(await eventually(() => item(keys.identity('phone', `+${number}`)), 15_000, 'the phone identity')).toMatchObject({ customerId: byEmail.customerId });

    await simulate('whatsapp', { from: number, text: 'WhatsApp’tan da yazıyorum' });
    const ticket = await ticketWhere('whatsapp', waConversation(number));
    expect(ticket.customerId).toBe(byEmail.customerId);
    expect(await item(keys.identity('whatsapp', number))).toMatchObject({ customerId: byEmail.customerId });
  });

  it("a WhatsApp message about an order, then an e-mail from the order's address: one customer", async () => {
    const number = newNumber();
    const email = `${unique('musteri')}@example.com`;
    const orderNumber = await order(email, `+${number}`);
    await simulate('whatsapp', { from: number, text: `${orderNumber} nolu siparişim nerede?` });
    const waTicket = await ticketWhere('whatsapp', waConversation(number));
    expect(await emailIdentity(email)).toMatchObject({ customerId: waTicket.customerId });

    const processed = await waitProcessed(await sendMail(email, 'Faturamı e-posta ile alabilir miyim?'));
    expect((await item<Ticket>(keys.ticket(processed.ticketId)))!.customerId).toBe(waTicket.customerId);
  });

  it("a phone number typed in an e-mail, or someone else's order, links nobody to that number", async () => {
    const number = newNumber();
    const owner = `${unique('sahibi')}@example.com`;
    const stranger = `${unique('yabanci')}@example.com`;
    const orderNumber = await order(owner, `+${number}`);
    await waitProcessed(await sendMail(stranger, `${orderNumber} numaralı siparişim nerede?\n--\nTelefon: +${number}`));
    expect(await item(keys.identity('phone', `+${number}`))).toBeUndefined();
    expect(await item(keys.identity('email', owner))).toBeUndefined();

    await simulate('whatsapp', { from: number, text: 'Merhaba' });
    const ticket = await ticketWhere('whatsapp', waConversation(number));
    expect(ticket.customerId).not.toBe((await emailIdentity(stranger)).customerId);
  });
});
