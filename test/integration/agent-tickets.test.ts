import { GetCommand, UpdateCommand } from '#adapters/aws/dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '#adapters/table-keys';
import { csatToken } from '#agent/csat';
import { unauthorizedSchema } from '#agent/responses';
import { agentRoutes } from '#agent/api';
import { definitionServing, routeDefinitions } from '#definitions/routes';
import { chat, chatTicket, db, inbound, ticketOf } from './agent-helpers';
import { eventually, http, stack, stackKey, unique } from './helpers';

const timeline = async (id: string) => (await http('GET', `/tickets/${id}`)).json.timeline as any[];

describe('who may call the agent API', () => {
  it('every agent route refuses a missing, expired, forged or wrong-audience token with 401', async () => {
    const { badTokens } = stack();
    // Every operation of the agent API that is not public, each through the route that serves it.
    for (const r of agentRoutes.filter((a) => definitionServing(a.method, a.path)?.auth === 'agent')) {
      const path = r.path
        .replace(/\{(id|token)\}/g, '10001')
        .replace('{locale}', 'tr')
        .replace('{intent}', 'track_order')
        .replace(/\{\w+\}/g, 'x');
      const method = r.method;
      for (const token of [null, badTokens.expired, badTokens.forged, badTokens.wrongAudience]) {
        const res = await http(method, path, { token, ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }) });
        expect(res.status, `${r.method} ${r.path}`).toBe(401);
        // The authorizer's answer, as API Gateway gives it and the OpenAPI document says.
        expect(unauthorizedSchema.parse(res.json)).toEqual({ message: 'Unauthorized' });
      }
    }
  });

  it('an agent outside the admin group gets 403 on admin routes; an admin gets through', async () => {
    const agent = stack().agentOnlyToken;
    const merge = await http('POST', '/customers/c_x/merge', { token: agent, body: { from: 'c_y' } });
    expect(merge.status).toBe(403);
    expect(merge.json.error.code).toBe('forbidden');
    expect((await http('POST', '/customers/c_x/erase', { token: agent })).status).toBe(403);
    expect((await http('PUT', '/bot/answers/track_order/tr', { token: agent, body: { text: 'x' } })).status).toBe(403);
    // The admin passes the check and meets the real answer: no such customer.
    expect((await http('POST', '/customers/c_x/merge', { body: { from: 'c_y' } })).status).toBe(404);
    // Agents read and use everything else.
    expect((await http('GET', '/tickets', { token: agent })).status).toBe(200);
  });

  it('bad bodies and queries get 400 naming the field; unknown tickets 404', async () => {
    const bad = await http('PATCH', '/tickets/10001', { body: { status: 'done', priority: 'meh', colour: 'red' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['(body)', 'priority', 'status']);
    expect((await http('PATCH', '/tickets/10001', { body: {} })).json.error.message).toMatch(/nothing to change/);
    expect((await http('PATCH', '/tickets/10001', { raw: '{"status":' })).status).toBe(400);
    expect((await http('POST', '/tickets/10001/replies', { body: { text: '   ' } })).status).toBe(400);
    const filters = await http('GET', '/tickets?channel=fax&sort=random&breached=maybe');
    expect(filters.status).toBe(400);
    expect(filters.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['query.breached', 'query.channel', 'query.sort']);
    expect((await http('GET', '/metrics?from=2026-02-01&to=2026-01-01')).status).toBe(400);
    // A problem of the query as a whole names the query, never the body.
    const both = await http('GET', '/customers?email=a@b.co&phone=+905321234567');
    expect(both.status).toBe(400);
    expect(both.json.error.details.map((d: { path: string }) => d.path.split('.')[0])).not.toContain('(body)');
    expect(both.json.error.details.every((d: { path: string }) => d.path.startsWith('query'))).toBe(true);
    expect((await http('GET', '/tickets/abc')).json.error.details.map((d: { path: string }) => d.path)).toEqual(['path.id']);
    expect((await http('GET', '/tickets?cursor=eyJpIjoieCJ9')).status).toBe(400);
    for (const [method, path, body] of [
      ['PATCH', '/tickets/999999999', { status: 'pending' }],
      ['POST', '/tickets/999999999/replies', { text: 'hi' }],
      ['POST', '/tickets/999999999/notes', { text: 'hi' }],
      ['GET', '/customers/c_nobody', undefined],
    ] as const) {
      const r = await http(method, path, body ? { body } : {});
      expect(r.status, path).toBe(404);
      expect(r.json.error.code).toBe('not_found');
    }
  });
});

describe('changing a ticket', () => {
  it('records each change as an event with who made it, and a stale version gets 409', async () => {
    const t = await chatTicket(unique('v'));
    const r = await http('PATCH', `/tickets/${t.id}`, { body: { status: 'pending', priority: 'urgent', assignee: 'agent-7', tags: ['kargo'] } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'pending', priority: 'urgent', assignee: 'agent-7', tags: ['kargo'], version: t.version + 1 });
    const events = (await timeline(t.id)).filter((i) => i.kind === 'event');
    expect(events.map((e) => e.event.type).sort()).toEqual(['assignee', 'priority', 'status', 'tags']);
    expect(events.every((e) => e.author === 'local-agent' && e.direction === 'internal')).toBe(true);
    expect(events.find((e) => e.event.type === 'status').event).toEqual({ type: 'status', from: 'open', to: 'pending' });
    const stale = await http('PATCH', `/tickets/${t.id}`, { body: { priority: 'low', version: t.version } });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe('conflict');
    // The same change again changes nothing and adds no event.
    await http('PATCH', `/tickets/${t.id}`, { body: { priority: 'urgent' } });
    expect((await timeline(t.id)).filter((i) => i.kind === 'event')).toHaveLength(4);
  });

  it('concurrent PATCHes lose no update: eight agents tagging at once leave eight tags and eight events', async () => {
    const t = await chatTicket(unique('v'));
    const tags = Array.from({ length: 8 }, (_, i) => `t${i}`);
    const results = await Promise.all(tags.map((tag) => http('PATCH', `/tickets/${t.id}`, { body: { addTags: [tag] } })));
    expect(results.map((r) => r.status)).toEqual(tags.map(() => 200));
    const after = await http('GET', `/tickets/${t.id}`);
    expect(after.json.tags).toEqual(tags);
    expect(after.json.version).toBe(t.version + 8);
    expect(after.json.timeline.filter((i: any) => i.kind === 'event')).toHaveLength(8);
  });

  it('a PATCH racing the pipeline keeps both: the customer message and the assignment', async () => {
    const visitor = unique('v');
    const t = await chatTicket(visitor);
    await Promise.all([chat(visitor, 'm2', 'hala cevap yok, çok kızgınım'), http('PATCH', `/tickets/${t.id}`, { body: { assignee: 'agent-9' } })]);
    const done = await eventually(
      async () => {
        const r = await http('GET', `/tickets/${t.id}`);
        return r.json.interactionCount === 2 ? r.json : undefined;
      },
      8000,
      'the second message',
    );
    expect(done.assignee).toBe('agent-9');
  });
});

describe('replies and notes', () => {
  it('a reply on a chat ticket goes out through the outbound queue and is delivered once', async () => {
    const visitor = unique('v');
    const t = await chatTicket(visitor);
    const r = await http('POST', `/tickets/${t.id}/replies`, { body: { text: 'Kargonuz yarın teslim edilecek.', clientKey: 'k1' } });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      direction: 'out',
      kind: 'agent_reply',
      channel: 'chat',
      to: visitor,
      author: 'local-agent',
      delivery: { status: 'pending' },
    });
    const again = await http('POST', `/tickets/${t.id}/replies`, { body: { text: 'Kargonuz yarın teslim edilecek.', clientKey: 'k1' } });
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(r.json.id);
    const sent = await eventually(
      async () => {
        const items = (await timeline(t.id)).filter((i) => i.kind === 'agent_reply');
        return items[0]?.delivery?.status === 'sent' ? items : undefined;
      },
      8000,
      'the reply to be sent',
    );
    expect(sent).toHaveLength(1);
    const ticket = (await http('GET', `/tickets/${t.id}`)).json;
    expect(ticket).toMatchObject({ firstResponder: 'human', handling: 'human' });
    expect(ticket.firstResponseAt).toBe(r.json.at);
  });

  it('a reply on an e-mail ticket is enqueued for the e-mail channel, to the sender, in the conversation, with the subject', async () => {
    const address = `${unique('ayse')}@example.com`;
    const root = `<${unique('root')}@mail.example.com>`;
    await inbound({
      channel: 'email',
      channelMessageId: root,
      from: { address, name: 'Ayşe' },
      conversationKey: root,
      subject: 'Siparişim nerede?',
      text: 'Şikayetçiyim, kimse dönmüyor!',
      html: '<p onclick="steal()">Merhaba<script>alert(1)</script><img src="https://t.example/pixel.gif"></p>',
    });
    const t = await ticketOf('email', root);
    const r = await http('POST', `/tickets/${t.id}/replies`, { body: { text: 'Merhaba Ayşe, bakıyoruz.', clientKey: 'mail-1' } });
    expect(r.status).toBe(201);
    const guard = await db().send(new GetCommand({ TableName: stack().info.tableName, Key: keys.replyGuard(t.id, 'mail-1') }));
    expect(guard.Item!.message).toMatchObject({
      kind: 'agent_reply',
      channel: 'email',
      to: address,
      conversationKey: root,
      subject: 'Siparişim nerede?',
      ticketId: t.id,
      interactionKey: r.json.id,
      text: 'Merhaba Ayşe, bakıyoruz.',
    });
    // The customer's HTML is served sanitised: no script, handler or remote image.
    const inboundView = (await timeline(t.id)).find((i) => i.direction === 'in');
    expect(inboundView.htmlSanitised).toBe('<p>Merhaba</p>');
  });

  it('a public reply to a social comment keeps its visibility', async () => {
    const user = unique('ig');
    await inbound({
      channel: 'instagram',
      channelMessageId: unique('c'),
      from: { address: user },
      conversationKey: `post-1#${user}`,
      text: 'Rezalet, şikayetçiyim, kimse cevap vermiyor',
    });
    const t = await ticketOf('instagram', `post-1#${user}`);
    const r = await http('POST', `/tickets/${t.id}/replies`, { body: { text: 'DM attık', visibility: 'public', clientKey: 'ig-1' } });
    expect(r.status).toBe(201);
    const guard = await db().send(new GetCommand({ TableName: stack().info.tableName, Key: keys.replyGuard(t.id, 'ig-1') }));
    expect(guard.Item!.message).toMatchObject({ channel: 'instagram', to: user, visibility: 'public' });
  });

  it('says when a social reply window is closed: WhatsApp after 24 h (template instead), Messenger after 7 days (409)', async () => {
    const longAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    // The customer wrote days ago: move the ticket's last inbound time back.
    const lastWroteAt = (id: string, at: string) =>
      db().send(
        new UpdateCommand({
          TableName: stack().info.tableName,
          Key: keys.ticket(id),
          UpdateExpression: 'SET lastInboundAt = :at',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
    const phone = `+90532${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
    await inbound({
      channel: 'whatsapp',
      channelMessageId: unique('wa'),
      from: { address: phone },
      conversationKey: phone,
      text: 'Rezalet, kimse cevap vermiyor, şikayetçiyim',
    });
    const wa = await ticketOf('whatsapp', phone);
    await lastWroteAt(wa.id, longAgo(2));
    expect((await http('GET', `/tickets/${wa.id}`)).json.replyWindow).toMatchObject({ open: false, templateRequired: true });
    const waReply = await http('POST', `/tickets/${wa.id}/replies`, { body: { text: 'Kargonuz yolda' } });
    expect(waReply.status).toBe(201);
    expect(waReply.json.replyWindow).toMatchObject({ open: false, templateRequired: true, reason: expect.stringContaining('24-hour') });

    const psid = unique('psid');
    await inbound({
      channel: 'messenger',
      channelMessageId: unique('m'),
      from: { address: psid },
      conversationKey: psid,
      text: 'This is terrible service, nobody answers me',
    });
    const fb = await ticketOf('messenger', psid);
    await lastWroteAt(fb.id, longAgo(8));
    const fbReply = await http('POST', `/tickets/${fb.id}/replies`, { body: { text: 'Sorry for the wait' } });
    expect(fbReply.status).toBe(409);
    expect(fbReply.json.error.message).toMatch(/reply window is closed/);
    // Nothing was queued or written for the refused reply.
    expect((await http('GET', `/tickets/${fb.id}`)).json.timeline.filter((i: { kind: string }) => i.kind === 'agent_reply')).toHaveLength(0);
  });

  it('a note stays internal: on the timeline, never delivered', async () => {
    const t = await chatTicket(unique('v'));
    const r = await http('POST', `/tickets/${t.id}/notes`, { body: { text: 'VIP müşteri, dikkat' } });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ kind: 'note', direction: 'internal', author: 'local-agent', delivery: null, to: null });
    expect((await timeline(t.id)).filter((i) => i.kind === 'note')).toHaveLength(1);
  });
});

describe('listing tickets', () => {
  it('filters by assignee, channel, priority, intent and breach, and pages past one page', async () => {
    const agent = unique('agent');
    const tickets = [await chatTicket(unique('v')), await chatTicket(unique('v')), await chatTicket(unique('v'))];
    for (const t of tickets) await http('PATCH', `/tickets/${t.id}`, { body: { assignee: agent, priority: 'urgent' } });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await http('GET', `/tickets?assignee=${agent}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      seen.push(...r.json.items.map((t: any) => t.id));
      cursor = r.json.next;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(seen.sort()).toEqual(tickets.map((t) => t.id).sort());
    const intent = tickets[0].classification.intent;
    const urgentChat = await http('GET', `/tickets?assignee=${agent}&channel=chat&priority=urgent&intent=${intent}&breached=false`);
    expect(urgentChat.json.items).toHaveLength(3);
    expect((await http('GET', `/tickets?assignee=${agent}&channel=email`)).json.items).toHaveLength(0);
    expect((await http('GET', `/tickets?assignee=${agent}&breached=true`)).json.items).toHaveLength(0);
    // A cursor belongs to its list.
    const first = await http('GET', `/tickets?assignee=${agent}&limit=1`);
    expect((await http('GET', `/tickets?limit=1&cursor=${first.json.next}`)).status).toBe(400);
  });

  it('sorts the work queue by priority, then the earliest first-response due time', async () => {
    await chatTicket(unique('v'));
    const all: any[] = (await http('GET', '/tickets?sort=priority&limit=100')).json.items;
    const rank = { urgent: 0, high: 1, normal: 2, low: 3 } as const;
    const keysOf = all.map((t) => `${rank[t.priority as keyof typeof rank]}#${t.firstResponseDueAt}`);
    expect(keysOf.length).toBeGreaterThan(1);
    expect([...keysOf].sort()).toEqual(keysOf);
    const urgent = await http('GET', '/tickets?sort=priority&priority=urgent&limit=100');
    expect(urgent.json.items.every((t: any) => t.priority === 'urgent')).toBe(true);
  });
});

describe('CSAT and reopening', () => {
  it('resolving asks for a rating; the link rates once however often it is clicked; a reply reopens', async () => {
    const visitor = unique('v');
    const t = await chatTicket(visitor);
    const resolved = (await http('PATCH', `/tickets/${t.id}`, { body: { status: 'resolved' } })).json;
    expect(resolved.resolvedAt).toBeTruthy();
    const request = await eventually(
      async () => {
        const r = (await timeline(t.id)).find((i) => i.kind === 'csat_request');
        return r?.delivery?.status === 'sent' ? r : undefined;
      },
      8000,
      'the rating request to be sent',
    );
    expect(request).toMatchObject({ channel: 'chat', to: visitor });
    const token = csatToken(stackKey('csat-link'), t.id, resolved.resolvedAt);
    // Opening the link (as a mail scanner does, twice) shows the score to confirm and rates nothing.
    for (let i = 0; i < 2; i++) {
      const page = await fetch(`${stack().info.api}/csat/${token}?score=4`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      const text = await page.text();
      expect(text).toContain('4/5');
      expect(text).toMatch(/<form method="post"[^>]*><input type="hidden" name="score" value="4">/);
    }
    expect((await http('GET', `/tickets/${t.id}`)).json.csat).toBeNull();
    // Posting is the vote: the same score twice is one rating, another score a change.
    const post = (body: Record<string, string>) =>
      fetch(`${stack().info.api}/csat/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body),
      });
    expect(await (await post({ score: '4' })).text()).toContain('4/5');
    await post({ score: '4' });
    await post({ score: '5' });
    const form = await post({ score: '5', comment: '<b>Çok hızlıydınız</b>' });
    expect(await form.text()).not.toContain('<b>Çok');
    const rated = (await http('GET', `/tickets/${t.id}`)).json;
    expect(rated.csat).toMatchObject({ score: 5, comment: '<b>Çok hızlıydınız</b>' });
    const csatEvents = rated.timeline.filter((i: any) => i.kind === 'event' && i.event.type.startsWith('csat'));
    // The comment kept the score: one rating, one change of score, no change logged for the comment.
    expect(csatEvents.map((e: any) => [e.event.type, e.event.from, e.event.to])).toEqual([
      ['csat', null, 4],
      ['csat_changed', 4, 5],
    ]);
    expect((await fetch(`${stack().info.api}/csat/${token.slice(0, -2)}xx?score=5`)).status).toBe(404);
    expect((await fetch(`${stack().info.api}/csat/${token}?score=9`)).status).toBe(400);

    await chat(visitor, 'after', 'yine sorun var, şikayetçiyim');
    const reopened = await ticketOf('chat', visitor, 'open');
    expect(reopened).toMatchObject({ id: t.id, reopenCount: 1, resolvedAt: null });
  });
});

describe('the OpenAPI document', () => {
  it('is public, OpenAPI 3.1, and has every agent API route of the definitions with its parameters', async () => {
    const r = await http('GET', '/openapi.json', { token: null });
    expect(r.status).toBe(200);
    expect(r.json.openapi).toBe('3.1.0');
    for (const d of routeDefinitions.filter((x) => x.function === 'agentApi')) {
      // A greedy route (ANY …/{proxy+}) is documented as the operations under it.
      const documented =
        d.method === 'ANY'
          ? Object.keys(r.json.paths).some((p) => p.startsWith(d.path.replace('{proxy+}', '')))
          : r.json.paths[d.path]?.[d.method.toLowerCase()];
      expect(documented, `${d.method} ${d.path}`).toBeTruthy();
    }
    const list = r.json.paths['/tickets'].get.parameters.map((p: { name: string }) => p.name);
    expect(list).toEqual(expect.arrayContaining(['status', 'channel', 'priority', 'assignee', 'intent', 'breached', 'sort', 'limit', 'cursor']));
    expect(r.json.paths['/tickets/{id}'].patch.requestBody.content['application/json'].schema.properties.status.enum).toEqual([
      'open',
      'pending',
      'resolved',
      'closed',
    ]);
  });
});
