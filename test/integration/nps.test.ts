import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dynamoNpsStore } from '#adapters/nps-store';
import { csatToken } from '#agent/csat';
import { npsToken } from '#agent/nps';
import { customer360Schema, metricsSchema } from '#agent/responses';
import { chat, chatTicket, db, inbound, startSurveyDirectly, ticketOf, COMPLAINT } from './agent-helpers';
import { sentTo } from './email-helpers';
import { eventually, http, stack, stackKey, unique } from './helpers';

const DAY_MS = 86_400_000;
const timeline = async (id: string) => (await http('GET', `/tickets/${id}`)).json.timeline as any[];
const sentOfKind = async (id: string, kind: string) => (await timeline(id)).filter((i) => i.kind === kind && i.delivery?.status === 'sent');

/** Waits for a request of this kind on the ticket to be delivered, and answers them all. */
const delivered = (id: string, kind: string, count = 1) =>
  eventually(
    async () => {
      const sent = await sentOfKind(id, kind);
      return sent.length >= count ? sent : undefined;
    },
    10_000,
    `${count} ${kind} delivered on ticket ${id}`,
  );

const resolve = async (id: string) => {
  const r = await http('PATCH', `/tickets/${id}`, { body: { status: 'resolved' } });
  expect(r.status).toBe(200);
  return r.json.resolvedAt as string;
};

/** The survey's link token, as the survey carries it (the links expire 30 days after the resolution). */
const tokenOf = (ticketId: string, resolvedAt: string, linkDays = 30) =>
  npsToken(stackKey('nps-link'), ticketId, resolvedAt, new Date(Date.parse(resolvedAt) + linkDays * DAY_MS).toISOString());

const page = (token: string, query = '') => fetch(`${stack().info.api}/nps/${token}${query}`);
const answer = (token: string, body: Record<string, string>) =>
  fetch(`${stack().info.api}/nps/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  });

const rateCsat = async (ticketId: string, resolvedAt: string, score: string, comment?: string) => {
  const r = await fetch(`${stack().info.api}/csat/${csatToken(stackKey('csat-link'), ticketId, resolvedAt)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ score, ...(comment ? { comment } : {}) }),
  });
  expect(r.status).toBe(200);
};

/** An e-mail ticket resolved, and the time its NPS survey was sent (what its links are signed with). */
const surveyedTicket = async () => {
  const t = await emailTicket(`${unique('nps')}@example.com`);
  await resolve(t.id);
  const [survey] = await delivered(t.id, 'nps_request');
  return { t, sentAt: survey.at as string };
};

const emailTicket = async (address: string, subject = 'Kargom nerede') => {
  const root = `<${unique('nps')}@mail.example.com>`;
  await inbound({ channel: 'email', channelMessageId: root, from: { address }, conversationKey: root, subject, text: COMPLAINT });
  return ticketOf('email', root);
};

describe('NPS after a resolution', () => {
  it('on chat: the survey follows the answer to the CSAT request (the widget shows one row of buttons), once; resolving again within 90 days sends none', async () => {
    const visitor = unique('v');
    const t = await chatTicket(visitor);
    const resolvedAt = await resolve(t.id);
    await delivered(t.id, 'csat_request');
    await new Promise((r) => setTimeout(r, 500));
    expect((await timeline(t.id)).filter((i) => i.kind === 'nps_request')).toHaveLength(0);
    await rateCsat(t.id, resolvedAt, '4');
    const [survey] = await delivered(t.id, 'nps_request');
    expect(survey).toMatchObject({ channel: 'chat', to: visitor, direction: 'out' });
    expect(survey.text).toMatch(/tavsiye etme olasılığınız/);
    // The same rating again, or a comment on it, asks nothing more.
    await rateCsat(t.id, resolvedAt, '4', 'teşekkürler');

    await chat(visitor, 'm2', 'yine sorun var, şikayetçiyim');
    await ticketOf('chat', visitor, 'open');
    const again = await resolve(t.id);
    await delivered(t.id, 'csat_request', 2);
    await rateCsat(t.id, again, '5');
    // The second resolution's CSAT request is out and answered; its NPS survey never was.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await timeline(t.id)).filter((i) => i.kind === 'nps_request')).toHaveLength(1);
  });

  it("on e-mail: the survey is a mail with the eleven links; the same customer's next ticket resolved gets only its CSAT request", async () => {
    const address = `${unique('nps')}@example.com`;
    const first = await emailTicket(address);
    const resolvedAt = await resolve(first.id);
    await delivered(first.id, 'nps_request');
    const token = tokenOf(first.id, resolvedAt);
    const surveyMail = await eventually(async () => (await sentTo(address)).find((m) => m.body.text?.includes('/nps/')), 10_000, 'the NPS mail');
    for (let score = 0; score <= 10; score++) expect(surveyMail.body.text).toContain(`/nps/${token}?score=${score}`);
    expect(surveyMail.body.html).toContain(`/nps/${token}?score=10`);

    const second = await emailTicket(address, 'Bir sorum daha var');
    expect(second.customerId).toBe(first.customerId);
    await resolve(second.id);
    await delivered(second.id, 'csat_request');
    expect((await timeline(second.id)).filter((i) => i.kind === 'nps_request')).toHaveLength(0);
    expect((await sentTo(address)).filter((m) => m.body.text?.includes('/nps/'))).toHaveLength(1);
  });

  it('two e-mail tickets of one customer resolved at the same moment send one survey', async () => {
    const email = `${unique('race')}@example.com`;
    const firstT = await emailTicket(email);
    const mailT = await emailTicket(email, 'İkinci konu');
    expect(mailT.customerId).toBe(firstT.customerId);
    await Promise.all([resolve(firstT.id), resolve(mailT.id)]);
    await Promise.all([delivered(firstT.id, 'csat_request'), delivered(mailT.id, 'csat_request')]);
    const surveysOn = async (t: { id: string; channel: string }) => (await timeline(t.id)).filter((i) => i.kind === 'nps_request' && i.channel === t.channel);
    await eventually(
      async () => {
        const surveys = [...(await surveysOn(firstT)), ...(await surveysOn(mailT))];
        return surveys.length === 1 && surveys[0].delivery?.status === 'sent' ? true : undefined;
      },
      10_000,
      'one survey delivered',
    );
    await new Promise((r) => setTimeout(r, 500));
    expect([...(await surveysOn(firstT)), ...(await surveysOn(mailT))]).toHaveLength(1);
  });

  it('the claim on the customer admits one survey of many started at once, and a replay of that one writes nothing', async () => {
    const customerId = `c_${randomUUID()}`;
    const sentAt = new Date().toISOString();
    const start = (ticketId: string) =>
      startSurveyDirectly({ ticketId, customerId, sentAt, askableBefore: new Date(Date.now() - 90 * DAY_MS).toISOString() }).started;
    const ids = Array.from({ length: 6 }, (_, i) => String(9_000_000 + Math.floor(Math.random() * 900_000) * 10 + i));
    const results = await Promise.all(ids.map(start));
    expect(results.filter((r) => r === 'started')).toHaveLength(1);
    expect(results.filter((r) => r === 'not_due')).toHaveLength(5);
    expect(await start(ids[results.indexOf('started')]!)).toBe('repeated');
  });
});

describe('answering NPS', () => {
  it('the link opens the question with its score chosen, the first answer stands, the customer and the metrics show it', async () => {
    const before = metricsSchema.parse((await http('GET', '/metrics')).json).nps;
    const { t, sentAt: resolvedAt } = await surveyedTicket();
    const token = tokenOf(t.id, resolvedAt);

    // Opening the link (a mail scanner does, twice) asks and records nothing.
    for (let i = 0; i < 2; i++) {
      const opened = await page(token, '?score=9');
      expect(opened.status).toBe(200);
      expect(opened.headers.get('content-security-policy')).toMatch(/default-src 'none'; style-src 'sha256-/);
      const html = await opened.text();
      expect(html).toContain('<input type="radio" name="score" value="9" required checked>');
      expect(html).not.toContain('<script');
    }
    expect(customer360Schema.parse((await http('GET', `/customers/${t.customerId}`)).json).nps).toEqual({ latest: null, history: [] });

    const first = await answer(token, { score: '9', comment: 'Çok hızlı çözdünüz <3' });
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('Teşekkürler! Puanınız: 9/10');
    const again = await answer(token, { score: '2' });
    expect(await again.text()).toContain('ilk puanınız (9/10) geçerli');
    // As the chat widget posts it: the score alone.
    expect(await (await answer(token, { score: '4' })).text()).toContain('9/10');
    expect(await (await page(token, '?score=3')).text()).toContain('9/10');

    const nps = customer360Schema.parse((await http('GET', `/customers/${t.customerId}`)).json).nps;
    expect(nps.history).toHaveLength(1);
    expect(nps.latest).toMatchObject({ score: 9, class: 'promoter', comment: 'Çok hızlı çözdünüz <3', ticketId: t.id, sentAt: resolvedAt });

    const after = metricsSchema.parse((await http('GET', '/metrics')).json).nps;
    // Other files resolve tickets meanwhile (surveys sent), but only this test answers.
    expect(after.responses - before.responses).toBe(1);
    expect(after.promoters - before.promoters).toBe(1);
    expect(after.surveysSent).toBeGreaterThan(before.surveysSent);
    expect(after.nps).toBe(Math.round(((after.promoters - after.detractors) / after.responses) * 100));
    expect(after.responseRate).toBe(Math.round((after.responses / after.surveysSent) * 10_000) / 10_000);
  });

  it('an expired link says so (410), a forged one is not valid (404), a score outside 0–10 is refused (400)', async () => {
    const { t, sentAt: resolvedAt } = await surveyedTicket();
    const expired = npsToken(stackKey('nps-link'), t.id, resolvedAt, new Date(Date.now() - 1000).toISOString());
    const old = await page(expired, '?score=5');
    expect(old.status).toBe(410);
    expect(await old.text()).toContain('süresi doldu');
    expect((await answer(expired, { score: '5' })).status).toBe(410);

    const token = tokenOf(t.id, resolvedAt);
    for (const forged of [
      `${token.slice(0, -2)}xx`,
      tokenOf(String(Number(t.id) + 1_000_000), resolvedAt),
      npsToken(stackKey('csat-link'), t.id, resolvedAt, new Date(Date.now() + DAY_MS).toISOString()),
    ]) {
      const r = await answer(forged, { score: '10' });
      expect(r.status, forged).toBe(404);
      expect(await r.text()).toContain('geçerli değil');
    }
    expect((await page(token, '?score=11')).status).toBe(400);
    expect((await answer(token, { score: '-1' })).status).toBe(400);
    // Nothing of that was an answer: the real link still asks.
    expect(await (await page(token)).text()).toContain('type="radio"');
  });

  it('erasing the customer drops the comments of their answers and keeps the scores', async () => {
    const { t, sentAt: resolvedAt } = await surveyedTicket();
    await answer(tokenOf(t.id, resolvedAt), { score: '3', comment: 'Adresim Bağdat Cad. 1, kargo gelmedi' });
    expect((await http('POST', `/customers/${t.customerId}/erase`)).status).toBe(200);
    const nps = customer360Schema.parse((await http('GET', `/customers/${t.customerId}`)).json).nps;
    expect(nps.latest).toMatchObject({ score: 3, class: 'detractor', comment: null, ticketId: t.id });
    const survey = await dynamoNpsStore(db(), stack().info.tableName).getSurvey(t.id, resolvedAt);
    expect(survey).toMatchObject({ score: 3 });
    expect(survey).not.toHaveProperty('comment');
  });

  it("merging customers moves the source's answers into the target's history, once, and the target is not surveyed again within the source's 90 days", async () => {
    const { t, sentAt } = await surveyedTicket();
    expect((await answer(tokenOf(t.id, sentAt), { score: '9', comment: 'Hızlıydı' })).status).toBe(200);
    const other = await emailTicket(`${unique('nps')}@example.com`);
    expect(other.customerId).not.toBe(t.customerId);

    const merged = await http('POST', `/customers/${other.customerId}/merge`, { body: { from: t.customerId } });
    expect(merged.status).toBe(200);
    expect(merged.json.moved.nps).toBe(1);
    const again = await http('POST', `/customers/${other.customerId}/merge`, { body: { from: t.customerId } });
    expect(again.json.moved.nps).toBe(0);

    const nps = customer360Schema.parse((await http('GET', `/customers/${other.customerId}`)).json).nps;
    expect(nps.history).toHaveLength(1);
    expect(nps.latest).toMatchObject({ score: 9, class: 'promoter', comment: 'Hızlıydı', ticketId: t.id });

    await resolve(other.id);
    await delivered(other.id, 'csat_request');
    expect((await timeline(other.id)).filter((i) => i.kind === 'nps_request')).toHaveLength(0);
  });

  it("an answer to a survey sent before a merge goes into the merged customer's history, not the source's", async () => {
    const { t, sentAt } = await surveyedTicket();
    const other = await emailTicket(`${unique('nps')}@example.com`);
    const merged = await http('POST', `/customers/${other.customerId}/merge`, { body: { from: t.customerId } });
    expect(merged.json.moved.nps).toBe(0);

    expect((await answer(tokenOf(t.id, sentAt), { score: '6', comment: 'Geç geldi' })).status).toBe(200);
    const nps = customer360Schema.parse((await http('GET', `/customers/${other.customerId}`)).json).nps;
    expect(nps.latest).toMatchObject({ score: 6, class: 'detractor', comment: 'Geç geldi', ticketId: t.id });
    expect(await dynamoNpsStore(db(), stack().info.tableName).customerAnswers(t.customerId, 10)).toEqual([]);
  });
});
