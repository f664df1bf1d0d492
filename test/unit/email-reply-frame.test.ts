import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '#core/messages';
import { frameReply, greetingName } from '#channels/email/reply-frame';
import { makeEmailSender } from '#channels/email/sender';
import { MemoryEmailStore } from './email-store-fake';

const frame = { ticketNumber: '10234', fromName: 'Demo Mağaza Destek' };

describe('a bot answer by e-mail', () => {
  it('greets a Turkish customer by name, answers, signs with the Turkish default and names the ticket', () => {
    const { text } = frameReply('Siparişiniz kargoya verildi.', { ...frame, locale: 'tr', customerName: 'Ayşe Yılmaz' });
    expect(text).toBe(
      'Merhaba Ayşe Yılmaz,\n\nSiparişiniz kargoya verildi.\n\nSaygılarımızla,\nDemo Mağaza Destek\n\nTalep numaranız: #10234. Bu e-postayı yanıtlayarak bize yazabilirsiniz.',
    );
  });

  it('greets an English customer by name and signs with the English default', () => {
    const { text } = frameReply('Your order has shipped.', { ...frame, locale: 'en', customerName: 'Daniel Moore' });
    expect(text).toBe(
      'Hello Daniel Moore,\n\nYour order has shipped.\n\nKind regards,\nDemo Mağaza Destek\n\nYour ticket number: #10234. Reply to this e-mail to write to us.',
    );
  });

  it.each([
    ['tr', 'Merhaba,'],
    ['en', 'Hello,'],
  ])('greets neutrally in %s when the mail carries no name', (locale, greeting) => {
    expect(frameReply('…', { ...frame, locale }).text.split('\n')[0]).toBe(greeting);
  });

  it('signs with the configured signature of the locale', () => {
    const signatures = { tr: 'Sevgiler,\nDemo Mağaza Müşteri Hizmetleri', en: 'Cheers,\nThe Demo Shop team' };
    expect(frameReply('Tamam.', { ...frame, locale: 'tr', signatures }).text).toContain('\n\nSevgiler,\nDemo Mağaza Müşteri Hizmetleri\n\n');
    expect(frameReply('Done.', { ...frame, locale: 'en', signatures }).text).toContain('\n\nCheers,\nThe Demo Shop team\n\n');
  });

  it('greets once: the answer’s own "Merhaba," / "Hi," gives way to the greeting by name', () => {
    const tr = frameReply('Merhaba, ıslak mendil stokta yok.', { ...frame, locale: 'tr', customerName: 'Can Işık' }).text;
    expect(tr.startsWith('Merhaba Can Işık,\n\nIslak mendil stokta yok.')).toBe(true);
    const en = frameReply('Hi, sorry for the wait.', { ...frame, locale: 'en', customerName: 'Emily Clark' }).text;
    expect(en.startsWith('Hello Emily Clark,\n\nSorry for the wait.')).toBe(true);
  });

  it('names the ticket once: no ticket line when the answer already gives the number', () => {
    const { text } = frameReply('Talep numaranız: #10234.', { ...frame, locale: 'tr' });
    expect(text.match(/#10234/g)).toHaveLength(1);
  });

  it('says the same in its HTML part, escaped', () => {
    const { html } = frameReply('Fiyat <b>değil</b> & kargo.\n\nİkinci paragraf.', { ...frame, locale: 'tr', customerName: 'Ayşe <Yılmaz>' });
    expect(html).toContain('<p>Merhaba Ayşe Yılmaz,</p>');
    expect(html).toContain('<p>Fiyat &lt;b&gt;değil&lt;/b&gt; &amp; kargo.</p>\n<p>İkinci paragraf.</p>');
    expect(html).toContain('<p>Saygılarımızla,<br>Demo Mağaza Destek</p>');
    expect(html).toContain('Talep numaranız: #10234.');
  });
});

describe('the name a reply greets by', () => {
  it.each([
    ['a name as written', 'Ayşe Yılmaz', 'tr', 'Ayşe Yılmaz'],
    ['"Last, First" turned around', 'Yılmaz, Ayşe', 'tr', 'Ayşe Yılmaz'],
    ['capitals the Turkish way', 'İBRAHİM IŞIK', 'tr', 'İbrahim Işık'],
    ['capitals the English way', 'DANIEL MOORE', 'en', 'Daniel Moore'],
    ['quotes dropped', '"Emily Clark"', 'en', 'Emily Clark'],
    ['no name for an address', 'ayse@example.com', 'tr', undefined],
    ['no name for a mailbox', 'Info', 'en', undefined],
    ['no name for no letters', '12345', 'en', undefined],
  ])('%s', (_what, raw, locale, expected) => {
    expect(greetingName(raw, locale)).toBe(expected);
  });
});

describe('the e-mail sender', () => {
  const outbound = (over: Partial<OutboundMessage>): OutboundMessage => ({
    outboundId: 'out-b',
    ticketId: '10240',
    interactionKey: 'INTERACTION#2026#b',
    kind: 'bot_answer',
    channel: 'email',
    to: 'elif@example.com',
    conversationKey: 'mail-elif',
    text: 'İade talebinizi oluşturduk.',
    locale: 'tr',
    createdAt: '2026-11-23T10:00:00Z',
    ...over,
  });

  async function sendOne(msg: OutboundMessage, customerName: string | undefined, signature?: Record<string, string>) {
    const store = new MemoryEmailStore();
    await store.recordConversationMessage(
      { conversationKey: msg.conversationKey, messageId: '<c1@x>', subject: 'Ürün kırık geldi', fromCustomer: true, ...(customerName ? { customerName } : {}) },
      null,
    );
    const sent: Buffer[] = [];
    const sender = makeEmailSender({
      store,
      settings: { supportAddresses: ['destek@shop.com.tr'], fromName: 'Mağaza Destek', ...(signature ? { signature } : {}) },
      replyTokenSecret: 'unit-test-secret-0123456789',
      sendRaw: async (raw) => (sent.push(raw), 'ses-1'),
      files: { link: async () => '', read: async () => new Uint8Array() },
    });
    await sender.send(msg);
    return simpleParser(sent[0]!);
  }

  it('frames a Turkish bot answer with the name the customer signs their mail with, in both parts', async () => {
    const mail = await sendOne(outbound({}), 'Elif Şahin');
    expect(mail.subject).toBe('Re: Ürün kırık geldi [#10240]');
    expect(mail.text?.trim()).toBe(
      'Merhaba Elif Şahin,\n\nİade talebinizi oluşturduk.\n\nSaygılarımızla,\nMağaza Destek\n\nTalep numaranız: #10240. Bu e-postayı yanıtlayarak bize yazabilirsiniz.',
    );
    expect(mail.html).toContain('<p>Merhaba Elif Şahin,</p>');
    expect(mail.html).toContain('Talep numaranız: #10240.');
  });

  it('frames an English bot answer with the configured English signature', async () => {
    const mail = await sendOne(outbound({ text: 'We have created your return.', locale: 'en' }), 'Elif Sahin', { en: 'Best wishes,\nShop Care' });
    expect(mail.text?.trim()).toBe(
      'Hello Elif Sahin,\n\nWe have created your return.\n\nBest wishes,\nShop Care\n\nYour ticket number: #10240. Reply to this e-mail to write to us.',
    );
  });

  it('leaves an agent’s reply as the agent wrote it', async () => {
    const mail = await sendOne(outbound({ kind: 'agent_reply', text: 'Selam Elif, hallettim. — Deniz' }), 'Elif Şahin');
    expect(mail.text?.trim()).toBe('Selam Elif, hallettim. — Deniz');
  });
});
