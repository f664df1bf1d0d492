import { beforeAll, describe, expect, it } from 'vitest';
import { visitorToken } from './chat-helpers';
import { chatTicket, COMPLAINT, chat, ticketOf } from './agent-helpers';
import { http, stack, unique } from './helpers';

/** Decodes a cursor the API gave, changes its key, encodes it again: the right list, a wrong key. */
function crafted(cursor: string, change: (key: Record<string, unknown>) => void): string {
  const outer = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
  const key = (outer.k && typeof outer.k === 'object' ? outer.k : outer) as Record<string, unknown>;
  change(key);
  return Buffer.from(JSON.stringify(outer)).toString('base64url');
}

/** Every way a crafted key can be wrong: an attribute missing or added, another partition, a sort key out of range. */
function wrongKeys(cursor: string): Record<string, string> {
  const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
  if (typeof decoded.s === 'string') {
    // A sharded view's cursor: the view and the sort key it has read up to (no DynamoDB key).
    const view = (change: (c: Record<string, unknown>) => void) => {
      const c = { ...decoded };
      change(c);
      return Buffer.from(JSON.stringify(c)).toString('base64url');
    };
    return {
      missing: view((c) => delete c.s),
      extra: view((c) => (c.evil = 'x')),
      otherView: view((c) => (c.i = 'byStatus:STATUS#closed:')),
      sortOutOfRange: view((c) => (c.s = 'ZZZ')),
      notAString: view((c) => (c.s = 42)),
    };
  }
  const attrs = Object.keys(
    (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: object }).k ?? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')),
  );
  // The Query's own key: the index's when the list reads an index, else the table's.
  const sortAttr = attrs.find((a) => /^gsi\d+sk$/.test(a)) ?? 'sk';
  const partitionAttr = attrs.find((a) => /^gsi\d+pk$/.test(a)) ?? 'pk';
  return {
    missing: crafted(cursor, (k) => delete k[sortAttr]),
    extra: crafted(cursor, (k) => (k.evil = 'x')),
    otherPartition: crafted(cursor, (k) => (k[partitionAttr] = 'CUSTOMER#someone-else')),
    sortOutOfRange: crafted(cursor, (k) => (k[sortAttr] = 'ZZZ')),
    notAString: crafted(cursor, (k) => (k[sortAttr] = 42)),
  };
}

async function expectAll400(path: (cursor: string) => string, cursor: string) {
  for (const [how, bad] of Object.entries(wrongKeys(cursor))) {
    const r = await http('GET', path(bad));
    // A sort key past the end is harmless where the Query has no range on it: an empty page.
    if (how === 'sortOutOfRange' && r.status === 200) continue;
    expect({ how, status: r.status }).toEqual({ how, status: 400 });
    expect(r.json.error.message).toMatch(/cursor/);
  }
}

describe('a crafted cursor (right list, wrong key) answers 400 on every paginated route', () => {
  let customerId: string;
  let ticketId: string;

  beforeAll(async () => {
    const visitor = unique('v_cursor');
    const t = await chatTicket(visitor);
    await chat(visitor, 'm2', `${COMPLAINT} (tekrar)`);
    await chatTicket(unique('v_cursor'));
    customerId = t.customerId;
    ticketId = t.id;
    for (const title of ['a', 'b']) await http('POST', '/canned-responses', { body: { locale: 'tr', title, text: `metin ${title}` } });
    await ticketOf('chat', visitor);
  });

  it('ticket lists (by status, by channel, the work queue)', async () => {
    for (const query of ['status=open', 'status=open&channel=chat', 'status=open&sort=priority']) {
      const first = await http('GET', `/tickets?${query}&limit=1`);
      expect(first.status).toBe(200);
      await expectAll400((c) => `/tickets?${query}&limit=1&cursor=${c}`, first.json.next);
    }
  });

  it("a ticket's timeline", async () => {
    let first = await http('GET', `/tickets/${ticketId}?limit=1`);
    for (let i = 0; first.json.timelineNext === null && i < 40; i++) {
      await new Promise((r) => setTimeout(r, 100));
      first = await http('GET', `/tickets/${ticketId}?limit=1`);
    }
    await expectAll400((c) => `/tickets/${ticketId}?limit=1&cursor=${c}`, first.json.timelineNext);
  });

  it("a customer's tickets and interactions, and canned responses", async () => {
    const first = await http('GET', `/customers/${customerId}?limit=1`);
    await expectAll400((c) => `/customers/${customerId}?limit=1&interactionsCursor=${c}`, first.json.interactions.next);
    const canned = await http('GET', '/canned-responses?locale=tr&limit=1');
    await expectAll400((c) => `/canned-responses?locale=tr&limit=1&cursor=${c}`, canned.json.next);
  });

  it("the chat history's after= takes only a message id of the history", async () => {
    const token = await visitorToken();
    for (const after of ['TICKET#2026-01-01T00:00:00.000Z#1', 'INTERACTION#x', 'INTERACTION#2026-01-01T00:00:00.000Z#a/b', '%E0%A4%A']) {
      const res = await fetch(`${stack().info.api}/chat/conversations/${token.visitorId}/messages?after=${encodeURIComponent(after)}`, {
        headers: { authorization: `Bearer ${token.token}`, origin: 'https://shop.test' },
      });
      expect({ after, status: res.status }).toEqual({ after, status: 400 });
    }
  });
});

describe('the local gateway decodes paths as API Gateway does', () => {
  it('a malformed percent escape in a path parameter is a 400, not a 500', async () => {
    for (const path of ['/tickets/%E0%A4%A', '/tickets/%', '/customers/%zz']) {
      const r = await http('GET', path);
      expect({ path, status: r.status }).toEqual({ path, status: 400 });
      expect(r.json.message).toBeTruthy();
    }
    // A well-formed escape still reaches the function, which validates the value.
    expect((await http('GET', '/tickets/%31%32x')).status).toBe(400);
  });
});

describe('agent routes need the agent or admin group', () => {
  it("a valid token of a user in no group, or in a group we do not know, reads and writes nothing (403); an agent's does", async () => {
    const t = await chatTicket(unique('v_group'));
    const { noGroup, unknownGroup } = stack().outsiderTokens;
    for (const token of [noGroup, unknownGroup]) {
      for (const [method, path, body] of [
        ['GET', '/tickets?status=open'],
        ['GET', `/tickets/${t.id}`],
        ['GET', `/customers/${t.customerId}`],
        ['POST', `/tickets/${t.id}/replies`, { text: 'Merhaba, size yardımcı olayım.' }],
        ['POST', `/tickets/${t.id}/notes`, { text: 'not' }],
        ['PATCH', `/tickets/${t.id}`, { priority: 'low' }],
      ] as const) {
        const r = await http(method, path, { token, ...(body ? { body } : {}) });
        expect({ method, path, status: r.status }).toEqual({ method, path, status: 403 });
        expect(r.json.error.message).toMatch(/agent or admin group/);
      }
    }
    const after = await http('GET', `/tickets/${t.id}`, { token: stack().agentOnlyToken });
    expect(after.status).toBe(200);
    expect(after.json.timeline.filter((i: { kind: string }) => ['agent_reply', 'note', 'event'].includes(i.kind))).toEqual([]);
    expect(after.json.priority).not.toBe('low');
  });
});
