import { afterAll, describe, expect, it } from 'vitest';
import { agentRoutes } from '#agent/api';
import { chatTicket, COMPLAINT, inbound, ticketOf } from './agent-helpers';
import { http, unique } from './helpers';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

/** The routes whose success answers a JSON body: each must be called below and match its schema. */
const jsonRoutes = agentRoutes.filter((r) => r.responds?.schema && !r.responds.contentType).map((r) => `${r.method} ${r.path}`);
const checked = new Set<string>();

/** Calls a route and parses the answer with the schema the OpenAPI document gives it (strict: no field more or less). */
async function call(routeKey: string, path: string, body?: unknown) {
  const r = agentRoutes.find((x) => `${x.method} ${x.path}` === routeKey)!;
  const res = await http(r.method, path, body === undefined ? {} : { body });
  expect(res.status, `${routeKey}: ${res.text}`).toBe(r.responds!.status);
  const parsed = r.responds!.schema!.safeParse(res.json);
  expect(parsed.success ? [] : parsed.error.issues, routeKey).toEqual([]);
  checked.add(routeKey);
  return res.json;
}

async function emailTicket() {
  const root = `<${unique('m')}@mail.example.com>`;
  const address = `${unique('r')}@example.com`;
  await inbound({ channel: 'email', channelMessageId: root, from: { address }, conversationKey: root, subject: 'Sipariş', text: COMPLAINT });
  return { ...(await ticketOf('email', root)), address };
}

describe('every JSON answer of the agent API', () => {
  afterAll(() => {
    // A route added without a call here fails: its documented schema would go unchecked.
    expect([...checked].sort()).toEqual([...jsonRoutes].sort());
  });

  it('matches the schema the OpenAPI document gives it, on real data', async () => {
    const t = await chatTicket(unique('v'));
    await call('GET /tickets', '/tickets?status=open&limit=5');
    await call('POST /tickets/{id}/notes', `/tickets/${t.id}/notes`, { text: 'Kargoya soruldu' });
    await call('POST /tickets/{id}/replies', `/tickets/${t.id}/replies`, { text: 'Bakıyoruz.' });
    await call('POST /tickets/{id}/typing', `/tickets/${t.id}/typing`, { typing: true });
    await call('PATCH /tickets/{id}', `/tickets/${t.id}`, { status: 'resolved', addTags: ['kargo'], assignee: 'local-agent' });
    await call('GET /tickets/{id}', `/tickets/${t.id}`);

    const mail = await emailTicket();
    const form = await call('POST /tickets/{id}/uploads', `/tickets/${mail.id}/uploads`, {
      filename: 'f.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
    });
    const data = new FormData();
    for (const [k, v] of Object.entries(form.fields as Record<string, string>)) data.append(k, v);
    data.append('file', new Blob([PDF], { type: 'application/pdf' }), 'f.pdf');
    expect((await fetch(form.url, { method: 'POST', body: data })).status).toBeLessThan(300);
    await call('POST /tickets/{id}/uploads/check', `/tickets/${mail.id}/uploads/check`, { key: form.key });
    await call('GET /tickets/{id}/files', `/tickets/${mail.id}/files?key=${encodeURIComponent(form.key)}`);

    await call('GET /customers', `/customers?email=${encodeURIComponent(mail.address)}`);
    await call('GET /customers/{id}', `/customers/${t.customerId}`);
    const other = await chatTicket(unique('v'));
    await call('POST /customers/{id}/merge', `/customers/${t.customerId}/merge`, { from: other.customerId });
    await call('POST /customers/{id}/erase', `/customers/${mail.customerId}/erase`);

    const canned = await call('POST /canned-responses', '/canned-responses', { locale: 'tr', title: 'Kargo', text: 'Kargonuz yolda.' });
    await call('GET /canned-responses', '/canned-responses?locale=tr');
    await call('GET /canned-responses/{locale}/{id}', `/canned-responses/tr/${canned.id}`);
    await call('PUT /canned-responses/{locale}/{id}', `/canned-responses/tr/${canned.id}`, { title: 'Kargo', text: 'Kargonuz yolda, yarın sizde.' });
    // An intent no other test asks the bot about: the override is live while it exists.
    await call('PUT /bot/answers/{intent}/{locale}', '/bot/answers/newsletter_subscription/en', { text: 'See the footer of our site.' });
    await call('GET /bot/answers/{intent}', '/bot/answers/newsletter_subscription');
    await call('GET /bot/intents', '/bot/intents');
    await http('DELETE', '/bot/answers/newsletter_subscription/en');

    // The help center's admin routes, on an article of this test's own.
    const slug = unique('ornek-makale');
    await call('POST /help-center/articles', '/help-center/articles', {
      locale: 'en',
      slug,
      title: 'Sample',
      body: 'Sample text',
      category: 'products-and-warranty',
    });
    await call('GET /help-center/articles', '/help-center/articles?locale=en');
    await call('GET /help-center/articles/{locale}/{id}', `/help-center/articles/en/${slug}`);
    await call('PATCH /help-center/articles/{locale}/{id}', `/help-center/articles/en/${slug}`, { basedOn: 1, title: 'Sample, edited' });
    await call('GET /help-center/articles/{locale}/{id}/versions', `/help-center/articles/en/${slug}/versions`);
    await call('POST /help-center/articles/{locale}/{id}/restore', `/help-center/articles/en/${slug}/restore`, { basedOn: 2, version: 1 });
    const products = (await http('GET', '/help-center/articles?locale=en')).json.articles.filter(
      (a: { category: string }) => a.category === 'products-and-warranty',
    );
    await call('PUT /help-center/categories/{locale}/{category}/order', '/help-center/categories/en/products-and-warranty/order', {
      ids: products.map((a: { id: string }) => a.id),
    });
    await call('POST /help-center/publish', '/help-center/publish', { reason: 'agent-responses test' });

    // Teams and agents, on a team and a profile of this test's own (the local agent stays away: nothing is assigned to it).
    const team = unique('resp').toLowerCase();
    const someone = unique('profile');
    await call('POST /teams', '/teams', { id: team, name: 'Kargo', members: [someone], lead: someone });
    await call('GET /teams', '/teams');
    // Search (its index fills from the change feed) and the SLA's calendars.
    await call('GET /search', '/search?q=kargo');
    await call('GET /sla/calendars', '/sla/calendars');
    await call('GET /teams/{id}', `/teams/${team}`);
    await call('PUT /teams/{id}', `/teams/${team}`, { name: 'Kargo', members: [someone], assignment: 'least-open' });
    await call('PUT /agents/{agentId}', `/agents/${someone}`, { name: 'Ayşe', capacity: 5 });
    await call('GET /agents', '/agents');
    await call('GET /agents/me', '/agents/me');
    await call('PUT /agents/me/presence', '/agents/me/presence', { presence: 'away' });
    await http('DELETE', `/teams/${team}`);
    // Routing rules and macros, on rules and macros of this test's own (a rule for a tag no customer has).
    const tag = unique('etiket');
    await call('PATCH /customers/{id}', `/customers/${t.customerId}`, { addTags: ['vip'] });
    const rule = await call('POST /rules', '/rules', {
      name: unique('Kural'),
      enabled: false,
      when: 'ticket_created',
      conditions: { customerTags: [tag] },
      actions: { addTags: ['x'] },
    });
    await call('PUT /rules/{id}', `/rules/${rule.id}`, {
      name: 'Kural',
      enabled: false,
      when: 'ticket_created',
      conditions: { customerTags: [tag] },
      actions: { priority: 'high' },
    });
    await call('GET /rules/{id}', `/rules/${rule.id}`);
    const rules = await call('GET /rules', '/rules');
    await call('PUT /rules/order', '/rules/order', { ids: rules.items.map((r: { id: string }) => r.id) });
    await http('DELETE', `/rules/${rule.id}`);
    const macro = await call('POST /macros', '/macros', { name: unique('Makro'), actions: { addTags: ['makro'], note: 'not' } });
    await call('PUT /macros/{id}', `/macros/${macro.id}`, { name: 'Makro', actions: { addTags: ['makro'] } });
    await call('GET /macros', '/macros');
    await call('POST /macros/{id}/run', `/macros/${macro.id}/run`, { tickets: [other.id], requestId: unique('run') });
    await http('DELETE', `/macros/${macro.id}`);

    await call('GET /metrics', '/metrics');
    await call('GET /audit', '/audit?limit=5');
    await call('GET /tickets/counts', '/tickets/counts');
    await call('GET /openapi.json', '/openapi.json');
  });
});
