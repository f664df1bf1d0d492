import { randomInt } from 'node:crypto';
import { GetCommand, QueryCommand } from '#adapters/aws/dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { fromItem, keys } from '#adapters/table-keys';
import { signMetaBody } from '#channels/social/meta-signature';
import { DEFAULT_LOCAL_SOCIAL_SECRETS } from '#config/social';
import type { Interaction, Ticket } from '#core/model';
import { LOCAL_PAGE_ID, LOCAL_WHATSAPP_PHONE_NUMBER_ID } from '#local/social-payloads';
import type { SentRecord } from '#local/social-provider';
import { eventually, http, stack, unique } from './helpers';

/**
 * Webhooks shaped as the providers' own reference samples show them today (see
 * test/fixtures/social/README.md), through the local stack: the webhook, the social worker, the
 * pipeline and the agent API.
 */
const secrets = DEFAULT_LOCAL_SOCIAL_SECRETS;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let db: ReturnType<typeof createDocumentClient>;

beforeAll(() => {
  const { info } = stack();
  db = createDocumentClient({ region: info.region, endpoint: info.dynamodb, credentials });
});

const seconds = () => Math.floor(Date.now() / 1000);
const post = (provider: string, payload: object) => {
  const body = JSON.stringify(payload);
  const auth: Record<string, string> =
    provider === 'telegram'
      ? { 'x-telegram-bot-api-secret-token': secrets.telegramSecretToken }
      : { 'x-hub-signature-256': signMetaBody(body, secrets.appSecret) };
  return fetch(`${stack().info.api}/webhooks/${provider}`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body });
};
const sent = async () => ((await (await fetch(`${stack().info.socialProvider}/sent`)).json()) as { sent: SentRecord[] }).sent;

async function item<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
  return (await db.send(new GetCommand({ TableName: stack().info.tableName, Key: key, ConsistentRead: true }))).Item as T | undefined;
}
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
/** The conversation's ticket once `count` customer messages are on it. */
const ticketWith = (channel: string, conversationKey: string, count = 1, timeoutMs = 15_000) =>
  eventually(
    async () => {
      const thread = await item<{ ticketId: string }>(keys.thread(channel as never, conversationKey));
      const ticket = thread ? await item<Ticket>(keys.ticket(thread.ticketId)) : undefined;
      const all = ticket ? await interactions(ticket.id) : [];
      return ticket && all.filter((i) => i.direction === 'in').length >= count ? { ticket, all } : undefined;
    },
    timeoutMs,
    `${count} message(s) on the ${channel} ticket of ${conversationKey}`,
  );
const settle = () => new Promise((r) => setTimeout(r, 2000));

const whatsAppFromBsuid = (users: { bsuid: string; name: string; text: string }[]) => ({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '102290129340398',
      changes: [
        {
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '905550000000', phone_number_id: LOCAL_WHATSAPP_PHONE_NUMBER_ID },
            contacts: users.map((u) => ({ profile: { name: u.name, username: u.name.toLowerCase() }, user_id: u.bsuid })),
            messages: users.map((u) => ({
              from_user_id: u.bsuid,
              id: `wamid.${unique('bsuid')}`,
              timestamp: String(seconds()),
              type: 'text',
              text: { body: u.text },
            })),
          },
          field: 'messages',
        },
      ],
    },
  ],
});

describe('WhatsApp users known only by a business-scoped user id', () => {
  it("a BSUID-only user's message reaches a ticket of their own, answered through recipient; a second such user gets another", async () => {
    const [a, b] = [`TR.${randomInt(1e9, 9e9)}${randomInt(1e9, 9e9)}`, `TR.${randomInt(1e9, 9e9)}${randomInt(1e9, 9e9)}`];
    const r = await post(
      'whatsapp',
      whatsAppFromBsuid([
        { bsuid: a, name: 'Elif', text: 'Siparişim 3 gündür kargoya verilmedi, ne zaman gelir?' },
        { bsuid: b, name: 'Deniz', text: 'Ürün kırık geldi, iade etmek istiyorum' },
      ]),
    );
    expect(r.status).toBe(200);
    const first = await ticketWith('whatsapp', `${LOCAL_WHATSAPP_PHONE_NUMBER_ID}/${a}`);
    const second = await ticketWith('whatsapp', `${LOCAL_WHATSAPP_PHONE_NUMBER_ID}/${b}`);
    expect(first.ticket.id).not.toBe(second.ticket.id);
    expect(first.ticket.customerId).not.toBe(second.ticket.customerId);
    expect(first.all.find((i) => i.direction === 'in')).toMatchObject({ from: a, text: 'Siparişim 3 gündür kargoya verilmedi, ne zaman gelir?' });
    // The reply goes to the user by their BSUID, in recipient: there is no phone to put in `to`.
    const reply = await eventually(
      async () => (await sent()).find((s) => s.provider === 'whatsapp' && s.body.recipient === a),
      15_000,
      'the reply to the BSUID',
    );
    expect(reply.body.to).toBeUndefined();
  });
});

describe('edits reach the agent as edits', () => {
  it('Telegram: an edited message lands on the same ticket marked as an edit of the original, answered by nothing, shown so by the agent API; a replayed edit is stored once', async () => {
    const chat = randomInt(100_000_000, 999_999_999);
    const from = { id: chat, is_bot: false, first_name: 'Ali', last_name: 'Demir', language_code: 'tr' };
    const date = seconds();
    const message = { message_id: 41, from, chat: { id: chat, first_name: 'Ali', type: 'private' }, date, text: 'Kargom nerede? Sipariş 100007' };
    expect((await post('telegram', { update_id: randomInt(1e8, 9e8), message })).status).toBe(200);
    const opened = await ticketWith('telegram', String(chat));
    await settle();
    const answersBefore = (await interactions(opened.ticket.id)).filter((i) => i.direction === 'out').length;
    const edited = { update_id: randomInt(1e8, 9e8), edited_message: { ...message, edit_date: date + 30, text: 'Kargom nerede? Sipariş 100008' } };
    // Telegram retries a webhook it got no answer for: the same update three times.
    for (let i = 0; i < 3; i++) expect((await post('telegram', edited)).status).toBe(200);
    const { ticket } = await ticketWith('telegram', String(chat), 2);
    await settle();
    const all = await interactions(ticket.id);
    const inbound = all.filter((i) => i.direction === 'in');
    expect(inbound.map((i) => i.text)).toEqual(['Kargom nerede? Sipariş 100007', 'Kargom nerede? Sipariş 100008']);
    expect(inbound[1]).toMatchObject({ editOf: `${chat}/41`, autoReplySuppressed: 'an edit of an earlier message' });
    // Whatever answered the first message, nothing more goes out for the edit.
    expect(all.filter((i) => i.direction === 'out')).toHaveLength(answersBefore);

    const view = await http('GET', `/tickets/${ticket.id}`);
    expect(view.status).toBe(200);
    const timeline = view.json.timeline as { direction: string; messageId: string | null; editOf: string | null; text: string }[];
    const original = timeline.find((i) => i.text === 'Kargom nerede? Sipariş 100007')!;
    const edit = timeline.find((i) => i.text === 'Kargom nerede? Sipariş 100008')!;
    expect(original).toMatchObject({ messageId: `${chat}/41`, editOf: null });
    expect(edit.editOf).toBe(original.messageId);
  });

  it('Messenger: message_edit is stored as an edit of its message on the same ticket', async () => {
    const psid = `65${randomInt(1e9, 9e9)}${randomInt(1e3, 9e3)}`;
    const mid = `m_${unique('orig')}`;
    const messaging = (event: object) => ({ object: 'page', entry: [{ id: LOCAL_PAGE_ID, time: Date.now(), messaging: [event] }] });
    const base = { sender: { id: psid }, recipient: { id: LOCAL_PAGE_ID } };
    expect((await post('messenger', messaging({ ...base, timestamp: Date.now(), message: { mid, text: 'İade kodum 100009 siparişi için' } }))).status).toBe(
      200,
    );
    await ticketWith('messenger', `${LOCAL_PAGE_ID}/${psid}`);
    const edit = messaging({ ...base, timestamp: Date.now(), message_edit: { mid, text: 'İade kodum 100010 siparişi için', num_edit: 1 } });
    for (let i = 0; i < 2; i++) expect((await post('messenger', edit)).status).toBe(200);
    const { all } = await ticketWith('messenger', `${LOCAL_PAGE_ID}/${psid}`, 2);
    await settle();
    const inbound = (await interactions(all[0]!.ticketId)).filter((i) => i.direction === 'in');
    expect(inbound.map((i) => [i.text, i.editOf])).toEqual([
      ['İade kodum 100009 siparişi için', undefined],
      ['İade kodum 100010 siparişi için', mid],
    ]);
  });
});

describe('Messenger events beyond the primary receiver', () => {
  it('a message in standby reaches a ticket with no automatic answer; a postback in seconds is dated today; a user_ref guest gets a ticket and a reply', async () => {
    const psid = `66${randomInt(1e9, 9e9)}${randomInt(1e3, 9e3)}`;
    const standby = {
      object: 'page',
      entry: [
        {
          id: LOCAL_PAGE_ID,
          time: Date.now(),
          standby: [
            {
              sender: { id: psid },
              recipient: { id: LOCAL_PAGE_ID },
              timestamp: Date.now(),
              message: { mid: `m_${unique('standby')}`, text: 'Sayfadan yazıyorum, iadem ne oldu?' },
            },
          ],
        },
      ],
    };
    expect((await post('messenger', standby)).status).toBe(200);
    const held = await ticketWith('messenger', `${LOCAL_PAGE_ID}/${psid}`);
    expect(held.all.find((i) => i.direction === 'in')!.autoReplySuppressed).toMatch(/standby/);
    await settle();
    expect((await interactions(held.ticket.id)).filter((i) => i.direction === 'out')).toEqual([]);

    const guest = unique('guest');
    const postbacks = {
      object: 'page',
      entry: [
        {
          id: LOCAL_PAGE_ID,
          time: Date.now(),
          messaging: [
            {
              sender: { id: psid },
              recipient: { id: LOCAL_PAGE_ID },
              timestamp: seconds(),
              postback: { mid: `m_${unique('pb')}`, title: 'Siparişim nerede?', payload: 'track_order' },
            },
            {
              sender: { user_ref: guest },
              recipient: { id: LOCAL_PAGE_ID },
              timestamp: Date.now(),
              postback: { title: 'Temsilciye bağlan', payload: 'Bir temsilciyle görüşmek istiyorum' },
            },
          ],
        },
      ],
    };
    expect((await post('messenger', postbacks)).status).toBe(200);
    const { all } = await ticketWith('messenger', `${LOCAL_PAGE_ID}/${psid}`, 2);
    const postback = all.filter((i) => i.direction === 'in')[1]!;
    expect(Math.abs(Date.parse(postback.at) - Date.now())).toBeLessThan(10 * 60_000);
    const guestTicket = await ticketWith('messenger', `${LOCAL_PAGE_ID}/user_ref:${guest}`);
    expect(guestTicket.all.find((i) => i.direction === 'in')).toMatchObject({ from: `user_ref:${guest}`, text: 'Bir temsilciyle görüşmek istiyorum' });
    await eventually(
      async () => (await sent()).find((s) => s.provider === 'messenger' && s.body.recipient?.user_ref === guest),
      15_000,
      "the reply to the guest's user_ref",
    );
  });
});
