import { describe, expect, it } from 'vitest';
import type { Analysis } from '#core/analyse';
import type { InboundMessage } from '#core/messages';
import type { Ticket } from '#core/model';
import { mergedReasons, planInbound } from '#core/plan-inbound';
import { awaitsFirstResponse } from '#core/sla';
import { dueInWords } from '#core/templates';

const settings = { defaultLocale: 'tr', locales: ['tr', 'en'], firstResponseHours: 24, slaByPriority: { urgent: 2 } };
// 10:00 UTC is 13:00 in Istanbul.
const now = new Date('2026-12-07T10:00:00.000Z');
const newId = () => 'new';

const chat = (text: string, id = 'm2'): InboundMessage => ({
  channel: 'chat',
  channelMessageId: `v1/${id}`,
  from: { address: 'v1' },
  conversationKey: 'v1',
  text,
  attachments: [],
  receivedAt: '2026-12-07T09:59:59.000Z',
});

const analysis = (over: Partial<Analysis>): Analysis => ({
  lang: 'tr',
  locale: 'tr',
  intent: 'contact_human_agent',
  confidence: 0.95,
  top: [],
  entities: [],
  slots: {},
  engine: 'builtin',
  priority: 'normal',
  priorityReasons: [],
  handling: 'human',
  ...over,
});

/** A ticket the bot opened and answered (resolved) an hour ago. */
const botAnswered: Ticket = {
  id: '10001',
  number: 10001,
  status: 'resolved',
  priority: 'normal',
  channel: 'chat',
  customerId: 'c_1',
  conversationKey: 'v1',
  locale: 'tr',
  createdAt: '2026-12-07T09:00:00.000Z',
  updatedAt: '2026-12-07T09:00:00.000Z',
  lastInboundAt: '2026-12-07T09:00:00.000Z',
  firstResponseDueAt: '2026-12-08T09:00:00.000Z',
  interactionCount: 2,
  version: 2,
  handling: 'bot',
  botAnswered: true,
  firstResponseAt: '2026-12-07T09:00:00.000Z',
  firstResponder: 'bot',
  firstResolvedAt: '2026-12-07T09:00:00.000Z',
  classification: { lang: 'tr', intent: 'track_order', confidence: 0.9, engine: 'builtin', entities: [] },
};

describe('handing a conversation to people', () => {
  it('after an earlier bot answer, "Temsilciye bağlan" gets a message at once: a person will answer, by a clock time in Istanbul', () => {
    const c = planInbound(chat('Temsilciye bağlan'), { ticket: botAnswered, analysis: analysis({ asksForPerson: true }) }, settings, now, newId);
    expect(c.outbound).toHaveLength(1);
    const text = c.outbound[0]!.message.text;
    // Due 24 hours from now: tomorrow 13:00 Istanbul time.
    expect(text).toBe('Sizi ekibimize aktarıyorum. Bir temsilcimiz en geç yarın 13:00 (TSİ) size yanıt verecek. Talep numaranız #10001.');
    expect(c.outbound[0]!.message.kind).toBe('acknowledgement');
  });

  it('starts the first-response clock again at the handoff and keeps the bot’s first response as its own fact', () => {
    const c = planInbound(chat('Temsilciye bağlan'), { ticket: botAnswered, analysis: analysis({ asksForPerson: true }) }, settings, now, newId);
    expect(c.ticket).toMatchObject({
      handling: 'human',
      handedOffAt: now.toISOString(),
      handoffSeq: 3,
      firstResponseDueAt: '2026-12-08T10:00:00.000Z',
      firstResponseAt: botAnswered.firstResponseAt,
      firstResponder: 'bot',
    });
    expect(awaitsFirstResponse(c.ticket)).toBe(true);
  });

  it('a handoff for any other reason (the bot could not help) also says when a person will answer', () => {
    const notHelped = analysis({ intent: 'track_order', reaction: 'not_helpful', handoverReason: "the customer said the bot's answer did not help" });
    const c = planInbound(chat('hiç yardımcı olmadı'), { ticket: botAnswered, analysis: notHelped }, settings, now, newId);
    expect(c.outbound[0]!.message.text).toMatch(/^Sizi ekibimize aktarıyorum/);
  });

  it('a replay of the handoff message plans the same reply under the same key', () => {
    const first = planInbound(chat('Temsilciye bağlan'), { ticket: botAnswered, analysis: analysis({ asksForPerson: true }) }, settings, now, newId);
    // The replay meets the ticket the first run committed; the analysis now finds a person has it.
    const replayed = planInbound(
      chat('Temsilciye bağlan'),
      { ticket: first.ticket, appliedSeq: 3, analysis: analysis({ handoverReason: 'an agent has the ticket' }) },
      settings,
      now,
      newId,
    );
    expect(replayed.outbound.map((o) => o.message.interactionKey)).toEqual(first.outbound.map((o) => o.message.interactionKey));
    expect(replayed.outbound[0]!.message.outboundId).toBe(first.outbound[0]!.message.outboundId);
  });

  it('asking again while people have not answered repeats the promise; once a person answered, nothing automatic is said', () => {
    const handed = planInbound(chat('Temsilciye bağlan'), { ticket: botAnswered, analysis: analysis({ asksForPerson: true }) }, settings, now, newId).ticket;
    const again = planInbound(chat('temsilci lütfen', 'm3'), { ticket: handed, analysis: analysis({ asksForPerson: true }) }, settings, now, newId);
    expect(again.outbound[0]!.message.text).toBe('Talebiniz ekibimizde. Bir temsilcimiz en geç yarın 13:00 (TSİ) size yanıt verecek. Talep numaranız #10001.');
    const answered = { ...handed, humanResponseAt: '2026-12-07T10:30:00.000Z' };
    const later = planInbound(chat('temsilci lütfen', 'm4'), { ticket: answered, analysis: analysis({ asksForPerson: true }) }, settings, now, newId);
    expect(later.outbound).toEqual([]);
    // A plain follow-up while waiting is not answered automatically either.
    const plain = planInbound(chat('merhaba?', 'm5'), { ticket: handed, analysis: analysis({ intent: 'greeting' }) }, settings, now, newId);
    expect(plain.outbound).toEqual([]);
  });

  it('a new ticket people will answer is acknowledged with its due time in words, in English too', () => {
    const c = planInbound(
      { ...chat('I want to talk to a person'), localeHint: 'en' },
      { newTicketNumber: 10002, analysis: analysis({ lang: 'en', locale: 'en', asksForPerson: true }) },
      settings,
      now,
      newId,
    );
    expect(c.outbound[0]!.message.text).toContain('by 13:00 tomorrow (Istanbul time) at the latest');
  });
});

describe('what the ticket remembers', () => {
  const urgentStart = planInbound(
    chat('Siparişimi iptal edin yoksa avukatıma gidiyorum', 'm1'),
    {
      newTicketNumber: 10003,
      analysis: analysis({
        intent: 'cancel_order',
        priority: 'urgent',
        priorityReasons: ['legal threat: avukat'],
        handoverReason: 'cancel_order needs a person',
      }),
    },
    settings,
    now,
    newId,
  ).ticket;

  it('keeps the opening intent and names the latest one; each message keeps its own reading', () => {
    const next = planInbound(chat('kargom nerede'), { ticket: urgentStart, analysis: analysis({ intent: 'track_order' }) }, settings, now, newId);
    expect(next.ticket.classification!.intent).toBe('cancel_order');
    expect(next.ticket.latestIntent).toBe('track_order');
    expect(next.interaction.classification!.intent).toBe('track_order');
    const back = planInbound(chat('iptal', 'm3'), { ticket: next.ticket, analysis: analysis({ intent: 'cancel_order' }) }, settings, now, newId);
    expect(back.ticket.latestIntent).toBeUndefined();
  });

  it('a legal threat in the first message stays urgent, with its reason, after "thanks"', () => {
    const next = planInbound(
      chat('teşekkürler'),
      { ticket: urgentStart, analysis: analysis({ intent: 'thanks', priority: 'low', priorityReasons: ['small talk'] }) },
      settings,
      now,
      newId,
    );
    expect(next.ticket.priority).toBe('urgent');
    expect(next.ticket.priorityReasons).toEqual(['legal threat: avukat']);
    expect(next.ticket.handoverReason).toBe('cancel_order needs a person');
  });

  it('reasons join without repeating, small talk only while nothing else, a few at most', () => {
    expect(mergedReasons(['small talk'], ['shouting'])).toEqual(['shouting']);
    expect(mergedReasons(['shouting'], ['shouting', 'urgency: acil'])).toEqual(['shouting', 'urgency: acil']);
    expect(mergedReasons(undefined, ['small talk'])).toEqual(['small talk']);
    expect(mergedReasons(['a', 'b', 'c'], ['d', 'e'])).toHaveLength(4);
  });

  it('remembers the order the conversation named, until another is named', () => {
    const named = planInbound(
      chat('100003 nerede'),
      { ticket: urgentStart, analysis: analysis({ intent: 'track_order', orderNumber: '100003' }) },
      settings,
      now,
      newId,
    );
    expect(named.ticket.orderNumber).toBe('100003');
    const later = planInbound(chat('tamam', 'm3'), { ticket: named.ticket, analysis: analysis({ intent: 'thanks' }) }, settings, now, newId);
    expect(later.ticket.orderNumber).toBe('100003');
  });
});

describe('due times in words', () => {
  const tz = 'Europe/Istanbul';
  it('says today, tomorrow or the date, in the shop’s time zone', () => {
    expect(dueInWords('tr', { dueAt: '2026-12-07T12:30:00.000Z', now, timeZone: tz })).toBe('bugün 15:30 (TSİ)');
    expect(dueInWords('en', { dueAt: '2026-12-07T12:30:00.000Z', now, timeZone: tz })).toBe('15:30 today (Istanbul time)');
    // 22:30 UTC is already tomorrow in Istanbul.
    expect(dueInWords('tr', { dueAt: '2026-12-07T22:30:00.000Z', now, timeZone: tz })).toBe('yarın 01:30 (TSİ)');
    expect(dueInWords('tr', { dueAt: '2026-12-09T06:00:00.000Z', now, timeZone: tz })).toBe('9 Aralık Çarşamba 09:00 (TSİ)');
    expect(dueInWords('en', { dueAt: '2026-12-09T06:00:00.000Z', now, timeZone: tz })).toBe('09:00 on Wednesday 9 December (Istanbul time)');
    expect(dueInWords('en', { dueAt: '2026-12-07T12:30:00.000Z', now, timeZone: 'Europe/London' })).toBe('12:30 today (Europe/London)');
  });
});

describe('a clarifying question on the channels', () => {
  const question = analysis({
    intent: 'cancel_order',
    handling: 'bot',
    reply: {
      text: 'Which do you mean?',
      resolves: false,
      choices: [
        { label: 'Cancel my order', value: 'Cancel my order' },
        { label: 'Change my order', value: 'Change my order' },
      ],
    },
    awaiting: { intent: '@clarify', slot: 'cancel_order|change_order' },
  });

  it('chat shows the choices as buttons, and the way to a person', () => {
    const c = planInbound(chat('cancel or change'), { newTicketNumber: 10005, analysis: question }, settings, now, newId);
    expect(c.outbound[0]!.message.actions!.map((x) => [x.type, x.label])).toEqual([
      ['quick_reply', 'Cancel my order'],
      ['quick_reply', 'Change my order'],
      ['handover', 'Temsilciye bağlan'],
    ]);
    expect(c.ticket.botDialog).toEqual({ intent: '@clarify', slot: 'cancel_order|change_order' });
  });

  it('social channels get the choices as buttons; e-mail gets none (its text lists them)', () => {
    const wa = planInbound({ ...chat('cancel or change'), channel: 'whatsapp' }, { newTicketNumber: 10006, analysis: question }, settings, now, newId);
    expect(wa.outbound[0]!.message.actions!.map((x) => x.label)).toEqual(['Cancel my order', 'Change my order']);
    const mail = planInbound({ ...chat('cancel or change'), channel: 'email' }, { newTicketNumber: 10007, analysis: question }, settings, now, newId);
    expect(mail.outbound[0]!.message.actions).toBeUndefined();
  });
});

describe('a message with several requests', () => {
  it('the bot’s answer to one part says who takes the others, and by when; the parts are on the message', () => {
    const parts = analysis({
      intent: 'get_invoice',
      handling: 'human',
      handoverReason: 'several requests',
      requests: [
        { intent: 'cancel_order', confidence: 0.99 },
        { intent: 'get_invoice', confidence: 0.96 },
      ],
      reply: { text: 'Faturanızı hesabınızdan indirebilirsiniz.', resolves: false, restToPeople: ['Siparişimi iptal et'] },
    });
    const c = planInbound(chat('siparişimi iptal etmek ve faturamı almak istiyorum'), { newTicketNumber: 10008, analysis: parts }, settings, now, newId);
    expect(c.outbound[0]!.message.text).toBe(
      'Faturanızı hesabınızdan indirebilirsiniz.\n\n“Siparişimi iptal et” talebiniz için sizi ekibimize aktardım: bir temsilcimiz en geç yarın 13:00 (TSİ) size yanıt verecek.',
    );
    expect(c.interaction.classification!.requests!.map((r) => r.intent)).toEqual(['cancel_order', 'get_invoice']);
    expect(c.ticket.classification!.requests).toHaveLength(2);
    expect(c.ticket).toMatchObject({ handling: 'human', status: 'open' });
    expect(awaitsFirstResponse(c.ticket)).toBe(true);
  });
});
