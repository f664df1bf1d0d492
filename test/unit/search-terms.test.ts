import { describe, expect, it } from 'vitest';
import type { Ticket } from '#core/model';
import { MAX_TERMS_PER_TICKET, phoneTerm, queryTerms, ticketTerms, TERM_WEIGHT, wordTerms } from '#core/search-terms';

const ticket = (over: Partial<Ticket> = {}): Ticket => ({
  id: '10234',
  number: 10234,
  status: 'open',
  priority: 'normal',
  channel: 'email',
  customerId: 'c_1',
  conversationKey: 'k',
  locale: 'tr',
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  lastInboundAt: '2026-12-01T10:00:00.000Z',
  firstResponseDueAt: '2026-12-02T10:00:00.000Z',
  interactionCount: 1,
  version: 1,
  ...over,
});

const message = (text: string, extra: object = {}) => ({ direction: 'in' as const, kind: 'message' as const, text, ...extra });

describe('search terms', () => {
  it('folds Turkish letters and case so text typed without them meets the original', () => {
    expect(wordTerms('Siparişim GELMEDİ, IĞDIR şubesi')).toEqual(wordTerms('siparisim gelmedi, igdir subesi'));
    expect(queryTerms('İADE')).toEqual(queryTerms('iade'));
    expect(queryTerms('ılık')).toEqual(queryTerms('ILIK'));
  });

  it('strips common Turkish suffixes so inflected words meet their stem', () => {
    const [kargo] = wordTerms('kargo');
    for (const w of ['kargom', 'kargonun', 'kargoya', 'kargolarımdan', 'Kargomu']) expect(wordTerms(w)).toEqual([kargo]);
  });

  it('leaves out stop words of both languages and one-letter words', () => {
    expect(wordTerms('ve the bir my a b')).toEqual([]);
  });

  it('reads a phone number as customers write it into one E.164 term', () => {
    const forms = ['+90 532 123 45 67', '0532 123 45 67', '532 123 4567', '(0532) 1234567', '0090 532 123 45 67', '905321234567'];
    for (const f of forms) expect([f, phoneTerm(f)]).toEqual([f, '+905321234567']);
    for (const f of forms) expect([f, queryTerms(f)]).toEqual([f, ['+905321234567']]);
    // An order number is no phone number.
    expect(phoneTerm('100001')).toBeUndefined();
    expect(queryTerms('100001')).toEqual(['100001']);
  });

  it('keeps an e-mail address whole, lower-cased, beside the other words', () => {
    expect(queryTerms('Ayse.Yilmaz@Example.com iade')).toEqual(['ayse.yilmaz@example.com', ...wordTerms('iade')]);
  });

  it('reads "#10234" as the ticket number', () => {
    expect(queryTerms('#10234')).toEqual(['10234']);
  });

  it("indexes a ticket's number, order, address, name, subject and its customer's words, identifiers weighing most", () => {
    const terms = ticketTerms(ticket({ orderNumber: '#100001', customerAddress: 'Ayse@Example.com', customerName: 'Ayşe Yılmaz', subject: 'İade talebi' }), [
      message('Kargom gelmedi, takip no TR123456789. Telefonum 0532 123 45 67', {
        classification: { lang: 'tr', intent: 'track_order', confidence: 0.9, engine: 'builtin', entities: [{ type: 'trackingNumber', value: 'TR123456789' }] },
      }),
    ]);
    for (const id of ['10234', '100001', 'ayse@example.com', 'tr123456789', '+905321234567']) expect([id, terms.get(id)]).toEqual([id, TERM_WEIGHT.identifier]);
    for (const w of queryTerms('ayse yilmaz iade')) expect([w, terms.get(w)]).toEqual([w, TERM_WEIGHT.title]);
    for (const w of queryTerms('kargo gelmedi')) expect([w, terms.get(w)]).toEqual([w, TERM_WEIGHT.text]);
  });

  it('gives the same terms for the same ticket every time (indexing a change twice writes the same entries)', () => {
    const t = ticket({ subject: 'Fatura' });
    const ms = [message('faturam nerede'), message('hala yok')];
    expect([...ticketTerms(t, ms)]).toEqual([...ticketTerms(t, ms)]);
  });

  it('bounds the terms of a long thread, keeping the identifiers and the subject', () => {
    const long = Array.from({ length: 1000 }, (_, i) => `kelime${i}x`).join(' ');
    const terms = ticketTerms(ticket({ subject: 'Önemli' }), [message(long)]);
    expect(terms.size).toBe(MAX_TERMS_PER_TICKET);
    expect(terms.has('10234')).toBe(true);
    expect(terms.has(wordTerms('önemli')[0]!)).toBe(true);
  });
});
