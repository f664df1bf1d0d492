import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { singleByteCharsets } from '#channels/email/charset-tables';
import { charsetExists, charsetOf, decodeCharset, decodeUtf7, UnknownCharsetError } from '#channels/email/charsets';

const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

describe('charsets without iconv-lite', () => {
  it.each(Object.keys(singleByteCharsets))('decodes every byte of %s as iconv-lite, under each of its names', (name) => {
    const expected = iconv.decode(everyByte, name);
    for (const alias of singleByteCharsets[name]!.names) expect(decodeCharset(everyByte, alias), alias).toBe(expected);
  });

  it('decodes UTF-7 as iconv-lite, the "+-" escape, runs closed by "-" or by text, and a BOM at the start', () => {
    const texts = ['Sipariş +1 numaram: 10234-5', 'a+b', '+-+-', '日本語 and Türkçe', '\ufeffBOM first', 'trailing +', '😀 emoji'];
    for (const text of texts) {
      const encoded = iconv.encode(text, 'utf7');
      expect(decodeUtf7(encoded), text).toBe(iconv.decode(encoded, 'utf7'));
    }
    for (const raw of ['+AGEAYgBj.x', '+AGE-+AGI', 'Hi +ZeVnLIqe- there', '+ZeVnLIqe', 'broken +AG', 'ÿ high byte']) {
      const bytes = Buffer.from(raw, 'latin1');
      expect(decodeUtf7(bytes), raw).toBe(iconv.decode(bytes, 'utf7'));
    }
  });

  it('decodes UTF-16 and UTF-32 with and without a byte order mark as iconv-lite', () => {
    const text = 'Sipariş 10234 nerede?';
    for (const [label, bytes] of [
      ['utf-16', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')])],
      ['utf-16', iconv.encode(text, 'utf-16le')],
      ['utf-16', iconv.encode(text, 'utf-16be')],
      ['utf-32', iconv.encode(text, 'utf-32le')],
      ['utf-32', iconv.encode(text, 'utf-32be')],
      ['utf-32le', iconv.encode(text, 'utf-32le')],
      ['UTF-32BE', iconv.encode(text, 'utf-32be')],
    ] as const) {
      expect(decodeCharset(bytes, label), label).toBe(iconv.decode(bytes, label));
    }
  });

  it('gives one charset object for every name of a charset, as libmime compares them', () => {
    expect(charsetOf('cp1254')).toBe(charsetOf('Windows-1254'));
    expect(charsetOf('Shift_JIS')).toBe(charsetOf('sjis'));
    expect(charsetOf('gb2312')).toBe(charsetOf('GBK'));
    expect(charsetOf('unicode-1-1-utf-7')).toBe(charsetOf('UTF-7'));
    expect(charsetOf('ks_c_5601-1987')).toBe(charsetOf('cp949'));
  });

  it('refuses a name nobody knows with UnknownCharsetError', () => {
    expect(charsetExists('x-no-such-charset')).toBe(false);
    expect(() => charsetOf('x-no-such-charset')).toThrow(UnknownCharsetError);
  });

  it('decodes a multi-byte charset fed in pieces as a whole', () => {
    const bytes = iconv.encode('注文はどこですか？ありがとうございます', 'shift_jis');
    const decoder = charsetOf('shift_jis').chunkDecoder();
    const text = [...bytes].map((b) => decoder.write(Buffer.from([b]))).join('') + (decoder.end() ?? '');
    expect(text).toBe(iconv.decode(bytes, 'shift_jis'));
  });
});
