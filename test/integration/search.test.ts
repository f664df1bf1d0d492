import { QueryCommand } from '#adapters/aws/dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoTicketSearchIndex } from '#adapters/search-index-dynamo';
import { postingPartition, searchDocumentKey } from '#adapters/search-keys';
import { GetCommand } from '#adapters/aws/dynamodb';
import { queryTerms } from '#core/search-terms';
import { chat, COMPLAINT, db, inbound, ticketOf } from './agent-helpers';
import { eventually, http, stack, unique } from './helpers';

/** A word nobody else's test writes, with Turkish letters in it, and how it is typed without them. */
function uniqueWord() {
  const tail = Array.from({ length: 6 }, () => 'bdfhjkmprtvz'[Math.floor(Math.random() * 12)]).join('');
  return { turkish: `çiçekçiğ${tail}`, plain: `cicekcig${tail}` };
}

const randomDigits = (n: number) =>
  Array.from({ length: n }, (_, i) => (i === 0 ? 1 + Math.floor(Math.random() * 9) : Math.floor(Math.random() * 10))).join('');

const search = (params: Record<string, string>) => http('GET', `/search?${new URLSearchParams(params)}`);
const idsOf = (r: { json: any }) => (r.json.items as { id: string }[]).map((t) => t.id);

/** Waits until the index (written from the change feed) answers `params` with exactly `ids`. */
const searchFinds = (params: Record<string, string>, ids: string[], timeoutMs = 15_000) =>
  eventually(
    async () => {
      const r = await search(params);
      return r.status === 200 && JSON.stringify(idsOf(r).sort()) === JSON.stringify([...ids].sort()) ? r : undefined;
    },
    timeoutMs,
    `search ${JSON.stringify(params)} to find ${ids.join(', ') || 'nothing'}`,
  );

describe('ticket search', () => {
  it('finds a chat and an e-mail by a word typed without Turkish letters, by phone as written, order and ticket number; filters by status, channel and date', async () => {
    const word = uniqueWord();
    const phone = `532${randomDigits(7)}`;
    const order = `7${randomDigits(8)}`;
    const visitor = unique('v');
    await chat(visitor, 'm1', `${COMPLAINT}. ${word.turkish}larım hâlâ yok`, { name: 'Gülşen Öztürk' });
    const root = `<${unique('m')}@mail.example.com>`;
    const address = `${unique('ayse')}@example.com`;
    await inbound({
      channel: 'email',
      channelMessageId: root,
      from: { address, name: 'Ayşe Yılmaz' },
      conversationKey: root,
      subject: `${word.turkish} iadesi`,
      text: `${COMPLAINT} Siparişim ${order} hasarlı geldi. Beni arayın: +90 ${phone.slice(0, 3)} ${phone.slice(3, 6)} ${phone.slice(6, 8)} ${phone.slice(8)}`,
    });
    const [chatT, mailT] = await Promise.all([ticketOf('chat', visitor, 'open', 20_000), ticketOf('email', root, 'open', 20_000)]);

    const both = await searchFinds({ q: word.plain }, [chatT.id, mailT.id]);
    // Newest first.
    expect(idsOf(both)).toEqual([mailT.id, chatT.id]);
    await searchFinds({ q: word.turkish.toLocaleUpperCase('tr') }, [chatT.id, mailT.id]);
    for (const written of [`0${phone}`, `+90${phone}`, phone, `(0${phone.slice(0, 3)}) ${phone.slice(3)}`]) await searchFinds({ q: written }, [mailT.id]);
    await searchFinds({ q: order }, [mailT.id]);
    // With the word: the shared stack's other tickets may mention this number (the e-mail corpus writes of order 10235).
    await searchFinds({ q: `${word.plain} #${mailT.number}` }, [mailT.id]);
    await searchFinds({ q: address.toUpperCase() }, [mailT.id]);
    await searchFinds({ q: `${word.plain} ayse yilmaz` }, [mailT.id]);
    await searchFinds({ q: `${word.plain} gulsen` }, [chatT.id]);
    // Every word must match: a word neither has finds nothing.
    await searchFinds({ q: `${word.plain} zzqxw` }, []);

    await searchFinds({ q: word.plain, channel: 'chat' }, [chatT.id]);
    expect((await http('PATCH', `/tickets/${mailT.id}`, { body: { status: 'resolved' } })).status).toBe(200);
    await searchFinds({ q: word.plain, status: 'resolved' }, [mailT.id]);
    await searchFinds({ q: word.plain, status: 'open' }, [chatT.id]);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await searchFinds({ q: word.plain, from: tomorrow }, []);
    await searchFinds({ q: word.plain, from: yesterday, to: tomorrow }, [chatT.id, mailT.id]);
    await searchFinds({ q: word.plain, to: yesterday }, []);
    // Best first: the subject and the order weigh more than a word of the message.
    const best = await search({ q: word.plain, sort: 'best' });
    expect(idsOf(best)).toEqual([mailT.id, chatT.id]);

    expect((await search({ q: '' })).status).toBe(400);
    expect((await search({ q: word.plain, cursor: 'not-a-cursor!' })).status).toBe(400);
  });

  it('pages newest first with an opaque cursor, each ticket once', async () => {
    const word = uniqueWord();
    const visitors = [unique('p'), unique('p'), unique('p')];
    const ids: string[] = [];
    for (const v of visitors) {
      await chat(v, 'm1', `${word.turkish} hakkında şikayetim var, kimse dönmüyor`);
      ids.push((await ticketOf('chat', v, 'open', 20_000)).id);
    }
    await searchFinds({ q: word.plain }, ids);
    for (const sort of ['newest', 'best']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const r = await search({ q: word.plain, limit: '1', sort, ...(cursor ? { cursor } : {}) });
        expect(r.status).toBe(200);
        seen.push(...idsOf(r));
        cursor = r.json.next;
      } while (cursor);
      expect([sort, seen]).toEqual([sort, [...ids].reverse()]);
    }
  });

  it('finds nothing of an erased customer: name, address, phone, words', async () => {
    const word = uniqueWord();
    const phone = `532${randomDigits(7)}`;
    const root = `<${unique('m')}@mail.example.com>`;
    const address = `${unique('silinecek')}@example.com`;
    await inbound({
      channel: 'email',
      channelMessageId: root,
      from: { address, name: 'Şükrü Unutulmak' },
      conversationKey: root,
      subject: `${word.turkish} şikayeti`,
      text: `Rezalet, telefonum 0${phone}, ${word.turkish} hâlâ yok`,
    });
    const t = await ticketOf('email', root, 'open', 20_000);
    const queries = [word.plain, address, `0${phone}`, 'sukru unutulmak'].map((q) => ({ q }));
    for (const q of queries.slice(0, 3)) await searchFinds(q, [t.id]);
    expect((await http('POST', `/customers/${t.customerId}/erase`)).status).toBe(200);
    for (const q of queries) await searchFinds(q, []);
    // Nothing personal is left in the index either.
    const docItem = await db().send(new GetCommand({ TableName: stack().info.tableName, Key: searchDocumentKey(t.id) }));
    const indexed = Object.keys(docItem.Item?.t ?? {});
    for (const term of [...queryTerms(word.plain), address, `+90${phone}`, ...queryTerms('sukru unutulmak')]) expect(indexed).not.toContain(term);
  });
});

describe('the search index writer', () => {
  const postings = async (term: string, month: string) =>
    (
      await db().send(
        new QueryCommand({
          TableName: stack().info.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': postingPartition(term, month) },
        }),
      )
    ).Items ?? [];

  it('writes the same index for the same document twice, and removes exactly the terms a ticket lost', async () => {
    const index = new DynamoTicketSearchIndex(db(), stack().info.tableName);
    const ticketId = randomDigits(9);
    const [a, b, c] = [unique('ta'), unique('tb'), unique('tc')];
    const doc = (terms: [string, number][]) => ({
      ticketId,
      number: Number(ticketId),
      createdAt: '2026-11-30T23:59:59.000Z',
      channel: 'chat' as const,
      status: 'open' as const,
      terms: new Map(terms),
    });
    await index.replace(
      doc([
        [a, 1],
        [b, 3],
      ]),
    );
    await index.replace(
      doc([
        [a, 1],
        [b, 3],
      ]),
    );
    expect((await postings(a, '2026-11')).map((p) => p.sk)).toEqual([`2026-11-30T23:59:59.000Z#${ticketId}`]);
    expect((await postings(b, '2026-11')).map((p) => p.w)).toEqual([3]);
    await index.replace(
      doc([
        [b, 8],
        [c, 1],
      ]),
    );
    expect(await postings(a, '2026-11')).toEqual([]);
    expect((await postings(b, '2026-11')).map((p) => p.w)).toEqual([8]);
    expect((await postings(c, '2026-11')).length).toBe(1);
    await index.remove(ticketId);
    expect([...(await postings(b, '2026-11')), ...(await postings(c, '2026-11'))]).toEqual([]);
  });
});
