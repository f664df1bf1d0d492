import { describe, expect, it } from 'vitest';
import { DEFAULT_ORDER_NUMBER_PATTERN, extractEntities } from '#brain/entities';
import type { Entity, EntityType } from '#brain/types';

const defaults = { orderNumberPattern: DEFAULT_ORDER_NUMBER_PATTERN };

/** Entities of a text, each checked to point at its own text, in order and without overlaps. */
function entities(text: string, orderNumberPattern = DEFAULT_ORDER_NUMBER_PATTERN): Entity[] {
  const found = extractEntities(text, { orderNumberPattern });
  expectWellFormed(text, found);
  return found;
}

function expectWellFormed(text: string, found: readonly Entity[]): void {
  let previousEnd = 0;
  for (const e of found) {
    expect(text.slice(e.start, e.end)).toBe(e.text);
    expect(e.start).toBeGreaterThanOrEqual(previousEnd);
    expect(e.end).toBeGreaterThan(e.start);
    previousEnd = e.end;
  }
}

/** [type, value] pairs: the short form most tests compare. */
const pairs = (text: string, pattern?: string) => entities(text, pattern).map((e) => [e.type, e.value]);
const ofType = (text: string, type: EntityType, pattern?: string) => entities(text, pattern).filter((e) => e.type === type);

describe('e-mail addresses', () => {
  it('an address is found and lower-cased, keeping what the customer wrote', () => {
    const [email] = entities('Mail adresim Ayse.Yilmaz@Example.COM.tr, dönüş yapın');
    expect(email).toEqual({
      type: 'email',
      value: 'ayse.yilmaz@example.com.tr',
      text: 'Ayse.Yilmaz@Example.COM.tr',
      start: 13,
      end: 39,
    });
  });

  it('an English sentence keeps the final full stop out of the address', () => {
    expect(pairs('Please contact me at john+shop@mail.co.uk.')).toEqual([['email', 'john+shop@mail.co.uk']]);
  });

  it('Turkish letters in an address are allowed', () => {
    expect(pairs('adresim Şule.Çelik@örnek.com.tr')).toEqual([['email', 'şule.çelik@örnek.com.tr']]);
  });

  it('digits in an address are not an order number or a phone', () => {
    expect(pairs('siparis 05321234567@gmail.com adresine gelsin')).toEqual([['email', '05321234567@gmail.com']]);
  });
});

describe('phone numbers', () => {
  it.each([
    ['+90 532 123 45 67', '+905321234567'],
    ['0532 123 45 67', '+905321234567'],
    ['05321234567', '+905321234567'],
    ['(0212) 555 12 34', '+902125551234'],
    ['532-123-4567', '+905321234567'],
    ['+90 (532) 123-45-67', '+905321234567'],
    ['0090 532 123 45 67', '+905321234567'],
    ['0216.555.12.34', '+902165551234'],
  ])('the Turkish number %s is %s', (written, value) => {
    expect(entities(`Beni ${written} numarasından arayın`)).toEqual([{ type: 'phone', value, text: written, start: 5, end: 5 + written.length }]);
  });

  it('international numbers keep their country code', () => {
    expect(pairs('Call me on +44 20 7946 0958 or +1 (555) 123-4567 please')).toEqual([
      ['phone', '+442079460958'],
      ['phone', '+15551234567'],
    ]);
  });

  it('a bare ten-digit number is a phone when the customer calls it one', () => {
    expect(pairs('telefonum 5321234567')).toEqual([['phone', '+905321234567']]);
    expect(pairs('my phone is 5321234567')).toEqual([['phone', '+905321234567']]);
  });

  it('a bare ten-digit number called an order number is an order number, not a phone', () => {
    expect(pairs('Sipariş numaram 5321234567')).toEqual([['orderNumber', '5321234567']]);
    expect(pairs('siparis no: 05321234567')).toEqual([['orderNumber', '05321234567']]);
    expect(pairs('Order #5321234567 is late')).toEqual([['orderNumber', '5321234567']]);
  });

  it('an order number and a phone in one message are both found', () => {
    expect(pairs("Siparis 123456 icin beni 0532 123 45 67'den arayin")).toEqual([
      ['orderNumber', '123456'],
      ['phone', '+905321234567'],
    ]);
  });
});

describe('tracking numbers', () => {
  it('a UPU S10 number ending in TR is PTT’s', () => {
    expect(entities('PTT barkodum RR123456789TR, nerede?')).toEqual([
      { type: 'trackingNumber', value: 'RR123456789TR', text: 'RR123456789TR', start: 13, end: 26, carrier: 'PTT' },
    ]);
  });

  it('a lower-case S10 number is upper-cased', () => {
    expect(ofType('kargom rr123456789tr gelmedi', 'trackingNumber')[0]).toMatchObject({ value: 'RR123456789TR', carrier: 'PTT' });
  });

  it('a foreign S10 number takes its carrier from the words around it, or none', () => {
    expect(ofType('DHL LX123456789CN', 'trackingNumber')[0]).toMatchObject({ value: 'LX123456789CN', carrier: 'DHL' });
    expect(ofType('package LX123456789CN', 'trackingNumber')[0]?.carrier).toBeUndefined();
  });

  it('UPS numbers are found as typed or as printed on the label', () => {
    expect(pairs('UPS 1Z999AA10123456784 and 1z 999 aa1 01 2345 6784')).toEqual([
      ['trackingNumber', '1Z999AA10123456784'],
      ['trackingNumber', '1Z999AA10123456784'],
    ]);
    expect(entities('1Z999AA10123456784').map((e) => e.carrier)).toEqual(['UPS']);
  });

  it.each([
    ['Yurtiçi Kargo takip numaram 123456789012', 'Yurtiçi'],
    ['yurtici kargo takip no: 123456789012', 'Yurtiçi'],
    ['MNG kargo gönderi kodu 123456789012', 'MNG'],
    ['Sürat Kargo takip numarası 123456789012', 'Sürat'],
    ['FedEx tracking number 123456789012', 'FedEx'],
    ['gönderi kodu 123456789012, Aras Kargo', 'Aras'],
  ])('a long number the text calls a tracking number: %s', (text, carrier) => {
    expect(entities(text)).toEqual([expect.objectContaining({ type: 'trackingNumber', value: '123456789012', carrier })]);
  });

  it('a tracking number without a named carrier has no carrier', () => {
    const [tracking] = entities('tracking # 9400111899223197428490');
    expect(tracking).toMatchObject({ type: 'trackingNumber', value: '9400111899223197428490' });
    expect(tracking?.carrier).toBeUndefined();
  });

  it('"aras" inside a Turkish word is not the carrier', () => {
    const [tracking] = entities('iki gün arasında gelecek dediniz, takip no 123456789012');
    expect(tracking?.carrier).toBeUndefined();
  });

  it('a tracking number that fits the order pattern is not an order number', () => {
    expect(pairs('kargo takip numarası 123456789012')).toEqual([['trackingNumber', '123456789012']]);
    expect(pairs('takip numarası 05321234567')).toEqual([['trackingNumber', '05321234567']]);
  });

  it('an order number and a tracking number in one sentence each get their own type', () => {
    expect(pairs('Sipariş no 123456, kargo takip no 987654321098')).toEqual([
      ['orderNumber', '123456'],
      ['trackingNumber', '987654321098'],
    ]);
  });

  it('the nearest word decides: a number called an order number stays one when tracking is mentioned later', () => {
    expect(pairs('siparişim 1234567890 kargo takip numarası nedir')).toEqual([['orderNumber', '1234567890']]);
  });

  it('a long number without any tracking word is nothing', () => {
    expect(entities('1234567890123')).toEqual([]);
  });
});

describe('amounts', () => {
  it.each([
    ['1.250,50 TL', '1250.50', 'TRY'],
    ['1250 TL', '1250.00', 'TRY'],
    ['₺99,90', '99.90', 'TRY'],
    ['99.90 TRY', '99.90', 'TRY'],
    ['15 lira', '15.00', 'TRY'],
    ['100 Türk Lirası', '100.00', 'TRY'],
    ['100 turk lirasi', '100.00', 'TRY'],
    ['250tl', '250.00', 'TRY'],
    ['$25', '25.00', 'USD'],
    ['25 USD', '25.00', 'USD'],
    ['$1,250.50', '1250.50', 'USD'],
    ['20 dollars', '20.00', 'USD'],
    ['€19,99', '19.99', 'EUR'],
    ['19.5 euro', '19.50', 'EUR'],
    ['£12', '12.00', 'GBP'],
  ])('%s is %s %s', (written, value, currency) => {
    expect(entities(`Ödeme: ${written} çekildi`)).toEqual([{ type: 'amount', value, text: written, start: 7, end: 7 + written.length, currency }]);
  });

  it('a Turkish suffix after the currency stays outside the amount', () => {
    expect(entities("15 liraya aldım, 20 TL'ye sattım").map((e) => e.text)).toEqual(['15 lira', '20 TL']);
  });

  it('a bare number without currency is not an amount', () => {
    expect(ofType('250 adet, 1.250,50 ve 99.90', 'amount')).toEqual([]);
  });

  it('the English verb "try" is not Turkish lira', () => {
    expect(entities('I will try 25 more times')).toEqual([]);
  });

  it('a number with a currency is an amount, not an order number', () => {
    expect(pairs('123456 TL')).toEqual([['amount', '123456.00']]);
    expect(pairs('123456 nolu siparişin tutarı 1.250,50 TL')).toEqual([
      ['orderNumber', '123456'],
      ['amount', '1250.50'],
    ]);
  });
});

describe('order numbers', () => {
  it('a number after "sipariş" is the order number, with or without Turkish letters and in capitals', () => {
    for (const text of ['siparişim 123456 gelmedi', 'siparisim 123456 gelmedi', 'SİPARİŞ NO: 123456', 'SIPARIS NO 123456']) {
      expect(pairs(text)).toEqual([['orderNumber', '123456']]);
    }
  });

  it('English messages name the order the same way', () => {
    expect(pairs('My order number is 123456 and I paid $25')).toEqual([
      ['orderNumber', '123456'],
      ['amount', '25.00'],
    ]);
  });

  it('a "#" belongs to the text but not to the value', () => {
    expect(entities('#123456 nerede')).toEqual([{ type: 'orderNumber', value: '123456', text: '#123456', start: 0, end: 7 }]);
  });

  it('a number the customer calls an order number is preferred over one that only fits the pattern', () => {
    expect(pairs('Posta kodum 34710, sipariş no 987654')).toEqual([['orderNumber', '987654']]);
  });

  it('with no order word, a number that fits the pattern is still offered', () => {
    expect(pairs('987654 hala gelmedi')).toEqual([['orderNumber', '987654']]);
  });

  it('a list of orders after one order word are all order numbers', () => {
    expect(pairs('siparislerim 123456, 234567 ve 345678')).toEqual([
      ['orderNumber', '123456'],
      ['orderNumber', '234567'],
      ['orderNumber', '345678'],
    ]);
  });

  it('a number named after it ("123456 numaralı siparişim") is an order number', () => {
    expect(pairs('kargoya verilmeyen 123456 numaralı siparişim')).toEqual([['orderNumber', '123456']]);
  });

  it('dates and times do not become order numbers', () => {
    expect(pairs('2025-03-12 tarihinde 123456 numaralı sipariş, 12.03.2025 saat 14:30')).toEqual([['orderNumber', '123456']]);
    expect(entities('12.03.2025 tarihli siparişim', '\\d{2}\\.\\d{2}\\.\\d{4}')).toEqual([]);
    expect(entities('sipariş 2025-03-12 tarihli', '\\d{4}-\\d{2}-\\d{2}')).toEqual([]);
    expect(entities('order at 14:30:15', '\\d{2}:\\d{2}:\\d{2}')).toEqual([]);
  });

  it('a piece of a longer number or decimal is not an order number', () => {
    expect(entities('12345678901234 ve 123456.78 ve x123456')).toEqual([]);
  });

  it('a custom pattern finds the shop’s own format, with or without "#"', () => {
    const pattern = '[A-Z]{2}-\\d{5}';
    expect(pairs('Order AB-12345 has not arrived', pattern)).toEqual([['orderNumber', 'AB-12345']]);
    expect(entities('#AB-12345 nerede?', pattern)[0]).toMatchObject({ value: 'AB-12345', text: '#AB-12345', start: 0 });
    expect(entities('XAB-12345 ve AB-123456', pattern)).toEqual([]);
    expect(entities('sipariş 123456', pattern)).toEqual([]);
  });

  it('an invalid custom pattern finds no order numbers and does not throw', () => {
    expect(pairs('sipariş 123456, 50 TL', '([')).toEqual([['amount', '50.00']]);
  });
});

describe('offsets and robustness', () => {
  it('every entity of a mixed message points at its own text, in order', () => {
    const text =
      '😀 Merhaba! Sipariş no #100234 (12.03.2025) için 1.250,50 TL ödedim, kargo takip no 123456789012 Aras. ' +
      'Beni 0532 123 45 67 ya da ayşe@örnek.com üzerinden arayın; PTT: RR123456789TR';
    const found = entities(text);
    expect(found.map((e) => [e.type, e.value])).toEqual([
      ['orderNumber', '100234'],
      ['amount', '1250.50'],
      ['trackingNumber', '123456789012'],
      ['phone', '+905321234567'],
      ['email', 'ayşe@örnek.com'],
      ['trackingNumber', 'RR123456789TR'],
    ]);
    expect(found[0]?.start).toBe(text.indexOf('#100234'));
  });

  it('an empty or entity-free text gives no entities', () => {
    expect(entities('')).toEqual([]);
    expect(entities('😀🎉 teşekkürler 🙏')).toEqual([]);
  });

  it('random text never throws and always gives well-formed entities', () => {
    const alphabet = [...'0123456789      .,-+#@()/:₺$€TLtlRRZz1siparişnotakipkargoşçğİı😀\n'];
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 500; i++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 80) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      entities(text);
    }
  });

  it.each([
    ['digits', '1'.repeat(100_000)],
    ['dotted digits', '1.'.repeat(50_000)],
    ['at signs', 'a@'.repeat(50_000)],
    ['domain labels', `a@${'b.'.repeat(50_000)}1`],
    ['plus signs', '+1 '.repeat(33_000)],
    ['order words and numbers', 'sipariş no 123456 ve 0532 123 45 67, 99 TL. '.repeat(2_400)],
  ])('100 kB of %s is handled quickly', (_name, text) => {
    const started = performance.now();
    const found = extractEntities(text, defaults);
    expect(performance.now() - started).toBeLessThan(1_500);
    expectWellFormed(text, found);
  });
});

describe('order numbers next to delivery words', () => {
  it('"kargom nerede 100234" asks about order 100234, not a tracking number', () => {
    for (const text of ['kargom nerde kaldı 100234', 'kargom nerede 100234', 'my parcel for 100234 has not come']) {
      const found = extractEntities(text, { orderNumberPattern: '#?\\d{5,12}' });
      expect(
        found.map((e) => [e.type, e.value]),
        text,
      ).toEqual([['orderNumber', '100234']]);
    }
  });

  it('a long number right after "kargo takip" stays a tracking number', () => {
    const found = extractEntities('kargo takip numaram 402318765914', { orderNumberPattern: '#?\\d{5,12}' });
    expect(found.map((e) => e.type)).toEqual(['trackingNumber']);
  });
});
