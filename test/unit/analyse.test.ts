import { describe, expect, it } from 'vitest';
import { loadModel } from '#brain/load-model';
import { BuiltinRecognizer } from '#brain/recognizer';
import type { Recognition } from '#brain/types';
import { analyseMessage, type BrainDeps } from '#core/analyse';
import type { InboundMessage } from '#core/messages';
import type { Order, Ticket } from '#core/model';

const builtin = new BuiltinRecognizer(loadModel(process.cwd()), { orderNumberPattern: '#?\\d{5,12}', outOfScopeBelow: 0.3 });
const order: Order = {
  orderNumber: '100003',
  status: 'shipped',
  customerEmail: 'z@example.com',
  carrier: 'Aras Kargo',
  trackingNumber: '3124578960',
  updatedAt: '2026-01-01T00:00:00Z',
};
const settings = {
  defaultLocale: 'tr',
  locales: ['tr', 'en'],
  engines: { tr: 'builtin', en: 'lex' } as const,
  shop: { name: 'Shop', helpUrl: 'https://shop.example/help', returnDays: 14 },
  vipCategories: [],
};
const deps = (over: Partial<BrainDeps> = {}): BrainDeps => ({
  builtin,
  orders: { findOrder: async (n) => (n === order.orderNumber ? order : undefined) },
  settings,
  ...over,
});
const msg = (text: string): InboundMessage => ({
  channel: 'chat',
  channelMessageId: 'v/1',
  from: { address: 'v' },
  conversationKey: 'v',
  text,
  attachments: [],
  receivedAt: '2026-11-23T10:00:00Z',
});
const ctx = { customerEmails: [], customerPhones: [], recentContacts: 0 };

describe('analysing a message', () => {
  it('falls back to the built-in recognizer when Lex fails, and says so', async () => {
    const warnings: string[] = [];
    const lex = {
      recognize: async (): Promise<Recognition> => {
        throw new Error('ThrottlingException');
      },
    };
    const a = await analyseMessage(deps({ lex, warn: (m) => warnings.push(m) }), msg('Where is my order 100003? I ordered it last week.'), ctx);
    expect(a.engine).toBe('builtin');
    expect(a.intent).toBe('track_order');
    expect(a.reply?.text).toContain('100003');
    expect(warnings).toEqual(['lex failed; using the built-in recognizer']);
  });

  it('uses what Lex recognised for its locales', async () => {
    const lex = {
      recognize: async (): Promise<Recognition> => ({
        lang: 'en',
        intent: 'check_refund_policy',
        confidence: 0.93,
        top: [],
        slots: {},
        dialog: { state: 'none' },
        engine: 'lex',
      }),
    };
    const a = await analyseMessage(deps({ lex }), msg('what is your policy on giving money back for returned items?'), ctx);
    expect(a).toMatchObject({ engine: 'lex', intent: 'check_refund_policy', handling: 'bot' });
    expect(a.reply?.text).toBeTruthy();
  });

  it('talk-to-a-person always goes to a person, with no bot reply', async () => {
    const a = await analyseMessage(deps(), msg('müşteri temsilcisi ile görüşmek istiyorum lütfen'), ctx);
    expect(a).toMatchObject({ intent: 'contact_human_agent', handling: 'human' });
    expect(a.reply).toBeUndefined();
  });

  it('stays quiet when an agent has the ticket', async () => {
    const ticket = { handling: 'human', locale: 'tr', number: 10001 } as Ticket;
    const a = await analyseMessage(deps(), msg('iade nasıl yapılır'), { ...ctx, ticket });
    expect(a.handling).toBe('human');
    expect(a.reply).toBeUndefined();
  });

  it("an order that is the customer's hands on its contacts to link; someone else's order hands on none", async () => {
    const orders = { findOrder: async () => ({ ...order, customerEmail: 'Z@Example.com', customerPhone: '+90 532 123-45-67' }) };
    const mine = await analyseMessage(deps({ orders }), msg('100003 nolu siparişim nerede'), { ...ctx, customerEmails: ['z@example.com'] });
    expect(mine.order).toMatchObject({
      verified: true,
      contacts: [
        { channel: 'email', address: 'z@example.com' },
        { channel: 'phone', address: '+905321234567' },
      ],
    });
    const theirs = await analyseMessage(deps({ orders }), msg('100003 nolu siparişim nerede'), { ...ctx, customerPhones: ['+905550000000'] });
    expect(theirs.order).toEqual({ number: '100003', found: true, verified: false });
  });

  it('a phone number typed in the message proves nothing: the order stays unverified and links nothing', async () => {
    const orders = { findOrder: async () => ({ ...order, customerPhone: '+905321234567' }) };
    const a = await analyseMessage(deps({ orders }), msg('100003 nolu siparişim nerede, telefonum +905321234567'), ctx);
    expect(a.order).toEqual({ number: '100003', found: true, verified: false });
  });

  it('an order source that does not answer hands over without a reply, and is not asked again for the suggestion', async () => {
    let calls = 0;
    const orders = {
      findOrder: async () => {
        calls++;
        throw new Error('503');
      },
    };
    const a = await analyseMessage(deps({ orders }), msg('100003 nolu siparişim nerede'), ctx);
    expect(a).toMatchObject({ handling: 'human', handoverReason: 'the order source did not answer' });
    expect(a.reply).toBeUndefined();
    expect(calls).toBe(1);
  });

  it('uses the order number the conversation already gave instead of asking for it again', async () => {
    const ticket = { handling: 'bot', locale: 'tr', number: 10001, orderNumber: '100003' } as Ticket;
    const a = await analyseMessage(deps(), msg('kargom nerede'), { ...ctx, ticket });
    expect(a).toMatchObject({ intent: 'track_order', handling: 'bot', order: { number: '100003', found: true } });
    expect(a.reply!.text).toContain('100003');
    expect(a.reply!.text).toContain('kargoya verildi');
    // Without a known number the bot asks for it.
    const asked = await analyseMessage(deps(), msg('kargom nerede'), { ...ctx, ticket: { ...ticket, orderNumber: undefined } as Ticket });
    expect(asked.awaiting).toEqual({ intent: 'track_order', slot: 'orderNumber' });
  });

  it("the agents' suggestion uses the order the customer named: it does not ask for the number again", async () => {
    const a = await analyseMessage(deps(), msg('100003 numaralı siparişimi iptal etmek istiyorum'), ctx);
    expect(a).toMatchObject({ intent: 'cancel_order', handling: 'human', orderNumber: '100003' });
    expect(a.suggestedAnswer).toContain('100003');
    expect(a.suggestedAnswer).not.toMatch(/Sipariş numaranızı paylaş/);
    const without = await analyseMessage(deps(), msg('siparişimi iptal etmek istiyorum'), ctx);
    expect(without.suggestedAnswer).toMatch(/Sipariş numaranızı paylaş/);
    // A person has the ticket: the suggestion for "where is it" shows the order's status, from the ticket's number.
    const ticket = { handling: 'human', locale: 'tr', number: 10001, orderNumber: '100003' } as Ticket;
    const status = await analyseMessage(deps(), msg('kargom nerede kaldı'), { ...ctx, ticket });
    expect(status.handling).toBe('human');
    expect(status.suggestedAnswer).toContain('kargoya verildi');
  });

  it('a number that matches no order is not remembered as the conversation’s order', async () => {
    const a = await analyseMessage(deps(), msg('999999 nolu siparişim nerede'), ctx);
    expect(a.order).toMatchObject({ number: '999999', found: false });
    expect(a.orderNumber).toBeUndefined();
  });

  it('asking for a person is marked, so the customer is told when a person will answer', async () => {
    const a = await analyseMessage(deps(), msg('Temsilciye bağlan'), ctx);
    expect(a).toMatchObject({ handling: 'human', asksForPerson: true });
  });

  it('a number that matches an order is the order, whatever word stands beside it, number first or last, in both languages', async () => {
    const messages = [
      'kargo takip 100003',
      '100003 takip no verir misiniz',
      'siparis no: 100003 nerde',
      'kargom nerede #100003',
      '100003 kargom ne durumda',
      'where is my parcel, tracking 100003',
      '100003 where is my order',
      'order no 100003 status?',
    ];
    for (const text of messages) {
      const a = await analyseMessage(deps(), msg(text), ctx);
      expect([text, a.intent, a.handling, a.order?.found]).toEqual([text, 'track_order', 'bot', true]);
      expect(a.reply!.text).toContain('100003');
    }
  });

  it('asks for the order number only when no number in the message is an order, and never answers one that is none', async () => {
    // A real tracking number beside "takip": not an order, so the bot asks for the order number.
    const tracking = await analyseMessage(deps(), msg('kargo takip 3124578960 nerede'), ctx);
    expect(tracking.awaiting).toEqual({ intent: 'track_order', slot: 'orderNumber' });
    expect(tracking.order).toBeUndefined();
    // A number the customer calls their order, that is none: said so, never answered with invented data.
    const unknown = await analyseMessage(deps(), msg('siparişim 999999 nerede'), ctx);
    expect(unknown.order).toEqual({ number: '999999', found: false, verified: false });
    expect(unknown.reply!.text).toMatch(/999999 numaralı bir sipariş bulamadım/);
    // Two numbers, the second the order: found.
    const two = await analyseMessage(deps(), msg('takip no 3124578960 degil, siparis 100003 nerede'), ctx);
    expect(two.order).toMatchObject({ number: '100003', found: true });
  });

  /** The recognizer, except that one message reads as a close call between two intents (a model's exact figures change with training). */
  const torn = (text: string, first: [string, number], second: [string, number]) =>
    ({
      definitions: builtin.definitions,
      options: builtin.options,
      classify: (t: string) => {
        const c = builtin.classify(t);
        if (t !== text) return c;
        return { ...c, intent: first[0], confidence: first[1], top: [first, second].map(([intent, confidence]) => ({ intent, confidence })) };
      },
    }) as unknown as BuiltinRecognizer;

  it('asks one short question with both intents as choices when the best two are too close, and goes on with the choice', async () => {
    const closeCall = torn('i want to cancel or change my order', ['cancel_order', 0.52], ['change_order', 0.44]);
    const a = await analyseMessage(deps({ builtin: closeCall }), msg('i want to cancel or change my order'), { ...ctx });
    expect(a).toMatchObject({ handling: 'bot', awaiting: { intent: '@clarify', slot: 'cancel_order|change_order' } });
    expect(a.reply!.text).toBe('Just to be sure I understand: which do you mean, “Cancel my order” or “Change my order”?');
    expect(a.reply!.choices).toEqual([
      { label: 'Cancel my order', value: 'Cancel my order' },
      { label: 'Change my order', value: 'Change my order' },
    ]);
    // The choice decides: an action on an order is never guessed, it goes to people as the customer chose it.
    const ticket = { handling: 'bot', locale: 'en', number: 10001, botDialog: a.awaiting } as Ticket;
    const chose = await analyseMessage(deps(), msg('Change my order'), { ...ctx, ticket });
    expect(chose).toMatchObject({ intent: 'change_order', confidence: 1, handling: 'human' });
    const byNumber = await analyseMessage(deps(), msg('1'), { ...ctx, ticket });
    expect(byNumber.intent).toBe('cancel_order');
    // Something else altogether is read afresh.
    const other = await analyseMessage(deps(), msg('where is my order 100003'), { ...ctx, ticket });
    expect(other.intent).toBe('track_order');
  });

  it('by e-mail the choices are listed in the text, to be answered by number', async () => {
    const closeCall = torn('faturamla ilgili', ['get_invoice', 0.55], ['check_invoice', 0.36]);
    const a = await analyseMessage(deps({ builtin: closeCall }), { ...msg('faturamla ilgili'), channel: 'email' }, ctx);
    expect(a.reply!.text).toBe(
      'Doğru anladığımdan emin olmak istiyorum: hangisini istiyorsunuz, “Faturamı gönderin” ya da “Faturamı kontrol et”?\n\n1) Faturamı gönderin\n2) Faturamı kontrol et\n\nYanıtınızda numarasını yazmanız yeterli.',
    );
  });

  it('a message with two requests is read as both: the bot answers what it may, people take the rest', async () => {
    const a = await analyseMessage(deps(), msg('siparişimi iptal etmek ve faturamı almak istiyorum'), ctx);
    expect(a.requests!.map((r) => r.intent)).toEqual(['cancel_order', 'get_invoice']);
    expect(a).toMatchObject({ handling: 'human', reply: { restToPeople: ['Siparişimi iptal et'] } });
    expect(a.reply!.text).toMatch(/fatura/i);
    // Both answerable: the bot answers both.
    const both = await analyseMessage(deps(), msg('I forgot my password and also I want to unsubscribe from the newsletter'), ctx);
    expect(both.requests!.map((r) => r.intent)).toEqual(['recover_password', 'newsletter_subscription']);
    expect(both).toMatchObject({ handling: 'bot', reply: { resolves: true } });
    expect(both.reply!.restToPeople).toBeUndefined();
    // One request with context around it is one request.
    const one = await analyseMessage(deps(), msg('merhaba, dün sipariş verdim ve kargom hâlâ gelmedi, nerede acaba 100003'), ctx);
    expect(one.requests).toBeUndefined();
  });

  it("the bot's answer links the help center's article on the intent, once", async () => {
    const articles = {
      url: (intent: string, locale: string) => (intent === 'check_payment_methods' ? `https://shop.example/yardim/${locale}/odeme/` : undefined),
    };
    const a = await analyseMessage(deps({ articles }), msg('hangi ödeme yöntemlerini kabul ediyorsunuz, taksit var mı'), ctx);
    expect(a).toMatchObject({ intent: 'check_payment_methods', handling: 'bot' });
    expect(a.reply!.text.endsWith('\n\nAyrıntılar: https://shop.example/yardim/tr/odeme/')).toBe(true);
    // No article for the intent: the answer as it is.
    const none = await analyseMessage(deps({ articles }), msg('şifremi unuttum'), ctx);
    expect(none.reply!.text).not.toMatch(/Ayrıntılar:/);
    // An admin's own answer is sent as written.
    const answers = { get: async () => ({ text: 'Kart ve havale.', enabled: true }) };
    const own = await analyseMessage(deps({ articles, answers }), msg('hangi ödeme yöntemlerini kabul ediyorsunuz, taksit var mı'), ctx);
    expect(own.reply!.text).toBe('Kart ve havale.');
  });

  it('a short follow-up keeps the conversation language', async () => {
    const ticket = { handling: 'bot', locale: 'en', number: 10001, botDialog: { intent: 'track_order', slot: 'orderNumber' } } as Ticket;
    const a = await analyseMessage(deps(), msg('100003'), { ...ctx, ticket });
    expect(a.locale).toBe('en');
    expect(a.reply?.text).toMatch(/^Your order 100003 is shipped/);
  });
});
