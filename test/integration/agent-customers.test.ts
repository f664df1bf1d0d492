import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '#adapters/aws/dynamodb';
import { describe, expect, it } from 'vitest';
import { IDENTITY_LIST, identityItem, keys, LEGACY_IDENTITY_PREFIX } from '#adapters/table-keys';
import { chat, chatTicket, COMPLAINT, db, inbound, s3, ticketOf } from './agent-helpers';
import { eventually, http, stack, unique } from './helpers';

describe('one customer across channels', () => {
  it('finds the customer by e-mail or phone with identities, tickets and interactions on every channel, newest first', async () => {
    const email = `${unique('zeynep')}@Example.com`;
    const visitor = unique('v');
    // A chat visitor the shop vouched for (a signed customer reference): the address links.
    await inbound({
      channel: 'chat',
      channelMessageId: `${visitor}/m1`,
      from: { address: visitor, name: 'Zeynep', email, emailVerified: true },
      conversationKey: visitor,
      text: COMPLAINT,
    });
    const chatT = await ticketOf('chat', visitor);
    const root = `<${unique('m')}@mail.example.com>`;
    await inbound({
      channel: 'email',
      channelMessageId: root,
      from: { address: email.toLowerCase() },
      conversationKey: root,
      subject: 'İade',
      text: COMPLAINT,
    });
    const mailT = await ticketOf('email', root);
    expect(mailT.customerId).toBe(chatT.customerId);
    const phone = `+90532${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
    // A phone linked by an earlier version: an identity listed on byCustomer, not on the profile.
    await db().send(
      new PutCommand({
        TableName: stack().info.tableName,
        Item: {
          ...identityItem({ channel: 'phone', address: phone, customerId: chatT.customerId }),
          gsi2pk: `CUSTOMER#${chatT.customerId}`,
          gsi2sk: `${LEGACY_IDENTITY_PREFIX}phone#${phone}`,
        },
      }),
    );

    const byEmail = await http('GET', `/customers?email=${encodeURIComponent(email)}`);
    expect(byEmail.status).toBe(200);
    expect(byEmail.json).toMatchObject({ id: chatT.customerId, name: 'Zeynep' });
    expect(byEmail.json.identities.map((i: any) => i.kind).sort()).toEqual(['chat', 'email', 'phone']);
    expect(byEmail.json.tickets.items.map((t: any) => t.id)).toEqual([mailT.id, chatT.id]);
    const at = byEmail.json.interactions.items.map((i: any) => i.at);
    expect([...at].sort().reverse()).toEqual(at);
    expect(new Set(byEmail.json.interactions.items.map((i: any) => i.channel))).toEqual(new Set(['chat', 'email']));
    // As Turkish customers write the number: with +90 and spaces, with the trunk 0, without either.
    const national = phone.slice(3);
    const written = [
      phone.replace('+90532', '+90 532 '),
      `0${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6, 8)} ${national.slice(8)}`,
      national,
      `(0${national.slice(0, 3)}) ${national.slice(3)}`,
    ];
    for (const w of written) {
      const byPhone = await http('GET', `/customers?phone=${encodeURIComponent(w)}`);
      expect([w, byPhone.json.id]).toEqual([w, chatT.customerId]);
    }
    expect((await http('GET', `/customers?phone=${encodeURIComponent('+90 532 000 00 01')}`)).status).toBe(404);
    // Not a phone number: 400, naming the parameter.
    const bad = await http('GET', `/customers?phone=12345`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toMatch(/phone/);

    // Interactions page past one page without repeats.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await http('GET', `/customers/${chatT.customerId}?limit=1${cursor ? `&interactionsCursor=${cursor}` : ''}`);
      seen.push(...r.json.interactions.items.map((i: any) => i.id));
      cursor = r.json.interactions.next;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('the list of every customer', () => {
  it('lists customers without a filter, newest first, a page at a time, none twice', async () => {
    const made: string[] = [];
    for (let i = 0; i < 3; i++) made.push((await chatTicket(unique('v'))).customerId);
    const seen: { id: string; createdAt: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    // Other tests add customers meanwhile: ours are among the newest, so a few pages find them.
    do {
      const r = await http('GET', `/customers?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      expect(r.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...r.json.items);
      cursor = r.json.next;
      pages++;
    } while (cursor && !made.every((id) => seen.some((c) => c.id === id)) && pages < 200);
    expect(pages).toBeGreaterThan(1);
    expect(new Set(seen.map((c) => c.id)).size).toBe(seen.length);
    const at = seen.map((c) => c.createdAt);
    expect([...at].sort().reverse()).toEqual(at);
    expect(seen.map((c) => c.id).filter((id) => made.includes(id))).toEqual([...made].reverse());
    expect(seen.find((c) => c.id === made[0])).not.toHaveProperty('identities');
    expect((await http('GET', '/customers?cursor=garbage')).status).toBe(400);
  });
});

describe('merging customers (admin)', () => {
  it('moves identities, tickets and interactions; repeating it changes nothing; the old id points to the new', async () => {
    const [a, b] = [unique('v'), unique('v')];
    const ta = await chatTicket(a);
    const tb = await chatTicket(b);
    const before = (await http('GET', `/customers/${tb.customerId}`)).json;
    const r = await http('POST', `/customers/${ta.customerId}/merge`, { body: { from: tb.customerId } });
    expect(r.status).toBe(200);
    expect(r.json.moved).toEqual({ identities: 1, tickets: 1, interactions: before.interactions.items.length, nps: 0 });
    const again = await http('POST', `/customers/${ta.customerId}/merge`, { body: { from: tb.customerId } });
    expect(again.json.moved).toMatchObject({ identities: 0, tickets: 0 });
    const merged = (await http('GET', `/customers/${ta.customerId}`)).json;
    expect(merged.identities.map((i: any) => i.address).sort()).toEqual([a, b].sort());
    expect(merged.tickets.items.map((t: any) => t.id).sort()).toEqual([ta.id, tb.id].sort());
    expect((await http('GET', `/customers/${tb.customerId}`)).json).toMatchObject({ id: ta.customerId, redirectedFrom: tb.customerId });
    // The profiles' lists of identities moved with them.
    const list = async (id: string) => (await db().send(new GetCommand({ TableName: stack().info.tableName, Key: keys.customer(id) }))).Item?.[IDENTITY_LIST];
    expect([...((await list(ta.customerId)) ?? [])].sort()).toEqual([`chat#${a}`, `chat#${b}`].sort());
    expect(await list(tb.customerId)).toBeUndefined();
    // Merging the other way now is refused, and a new message from b lands on the merged customer.
    expect((await http('POST', `/customers/${tb.customerId}/merge`, { body: { from: ta.customerId } })).status).toBe(409);
    await chat(b, 'm9', 'hala bekliyorum, şikayetçiyim');
    await eventually(async () => ((await http('GET', `/tickets/${tb.id}`)).json.interactionCount === 2 ? true : undefined), 8000);
    expect((await http('GET', `/tickets/${tb.id}`)).json.customerId).toBe(ta.customerId);
  });
});

describe('erasing a customer (admin)', () => {
  it('removes identities, message content and files; keeps the tickets anonymised for the metrics', async () => {
    const address = `${unique('erase')}@example.com`;
    const root = `<${unique('m')}@mail.example.com>`;
    const { attachmentsBucket } = stack().info;
    const fileKey = `email/2026/11/23/${unique('h')}/1-fatura.pdf`;
    await s3().send(new PutObjectCommand({ Bucket: attachmentsBucket, Key: fileKey, Body: 'PDF' }));
    await inbound({
      channel: 'email',
      channelMessageId: root,
      from: { address, name: 'Erase Me' },
      conversationKey: root,
      subject: 'Adresim: Bağdat Cad. 1',
      text: `${COMPLAINT} telefonum 05321234567`,
      attachments: [{ bucket: attachmentsBucket, key: fileKey, filename: 'fatura.pdf', contentType: 'application/pdf', size: 3 }],
    });
    const t = await ticketOf('email', root);
    await http('PATCH', `/tickets/${t.id}`, { body: { status: 'resolved' } });
    const r = await http('POST', `/customers/${t.customerId}/erase`);
    expect(r.status).toBe(200);
    expect(r.json.erased).toMatchObject({ identities: 1, tickets: 1, files: 1 });
    await expect(s3().send(new HeadObjectCommand({ Bucket: attachmentsBucket, Key: fileKey }))).rejects.toThrow();
    expect((await http('GET', `/customers?email=${encodeURIComponent(address)}`)).status).toBe(404);
    const profile = (await http('GET', `/customers/${t.customerId}`)).json;
    expect(profile).toMatchObject({ name: null, email: null, identities: [] });
    expect(profile.erasedAt).toBeTruthy();
    const stored = await db().send(new GetCommand({ TableName: stack().info.tableName, Key: keys.customer(t.customerId) }));
    expect(stored.Item?.[IDENTITY_LIST]).toBeUndefined();
    const ticket = (await http('GET', `/tickets/${t.id}`)).json;
    expect(ticket).toMatchObject({ subject: null, status: 'resolved' });
    expect(ticket.resolvedAt).toBeTruthy();
    const text = JSON.stringify(ticket);
    for (const secret of [address, 'Bağdat', '05321234567', 'fatura', root, 'Erase Me']) expect(text).not.toContain(secret);
    const guard = await db().send(new GetCommand({ TableName: stack().info.tableName, Key: keys.message(`email#${root}`) }));
    // The record keeps no reply text (by reference since this version; an earlier version's whole replies are emptied) and no suggestion.
    expect(guard.Item!.outbound ?? []).toEqual([]);
    expect(guard.Item!.suggestedAnswer).toBeUndefined();
  });
});

describe('canned responses and bot answers', () => {
  it('canned responses: create, read, list per locale, replace, delete', async () => {
    const created = await http('POST', '/canned-responses', { body: { locale: 'tr', title: 'Kargo', text: 'Kargonuz yolda.' } });
    expect(created.status).toBe(201);
    const path = `/canned-responses/tr/${created.json.id}`;
    expect((await http('GET', path)).json.text).toBe('Kargonuz yolda.');
    expect((await http('GET', '/canned-responses?locale=tr&limit=100')).json.items.map((c: any) => c.id)).toContain(created.json.id);
    expect((await http('GET', '/canned-responses?locale=en&limit=100')).json.items.map((c: any) => c.id)).not.toContain(created.json.id);
    expect((await http('PUT', path, { body: { title: 'Kargo', text: 'Yarın teslim.' } })).json.text).toBe('Yarın teslim.');
    expect((await http('DELETE', path)).status).toBe(204);
    expect((await http('GET', path)).status).toBe(404);
    expect((await http('DELETE', path)).status).toBe(404);
  });

  it("an admin's answer for an intent and locale is what the bot then says, until it is deleted", async () => {
    const put = await http('PUT', '/bot/answers/check_payment_methods/tr', { body: { text: '{{shop.name}}: kredi kartı ve havale.' } });
    expect(put.status).toBe(200);
    expect((await http('GET', '/bot/answers/check_payment_methods', { token: stack().agentOnlyToken })).json.overrides).toMatchObject([
      { locale: 'tr', enabled: true },
    ]);
    const visitor = unique('v');
    await chat(visitor, 'q1', 'hangi ödeme yöntemlerini kabul ediyorsunuz');
    const answer = await eventually(
      async () => {
        for (const status of ['resolved', 'pending', 'open']) {
          const t = (await http('GET', `/tickets?status=${status}&channel=chat&limit=100`)).json.items.find((x: any) => x.conversationId === visitor);
          if (t) return (await http('GET', `/tickets/${t.id}`)).json.timeline.find((i: any) => i.kind === 'bot_answer');
        }
        return undefined;
      },
      8000,
      'the bot answer',
    );
    expect(answer.text).toBe('Demo Mağaza: kredi kartı ve havale.');
    expect((await http('DELETE', '/bot/answers/check_payment_methods/tr')).status).toBe(204);
    expect((await http('GET', '/bot/answers/check_payment_methods')).json.overrides).toEqual([]);
  });
});
