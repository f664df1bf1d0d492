import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEmail } from '#channels/email/parse';
import { esbuildOptions } from '#local/bundle';

/**
 * The Lambda bundles replace the MIME parser's charset, entity and link packages with our stand-ins
 * (lambdas/definitions/bundling.ts). The parser bundled that way must read mail exactly as the parser
 * with the real packages does: every fixture of the corpus and every charset mail comes in.
 */
const root = resolve(import.meta.dirname, '../..');
const fixtures = join(root, 'test/fixtures/email');
let dir: string;
let bundledParse: typeof parseEmail;
let metafile: Metafile;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'destek-parse-bundle-'));
  const outfile = join(dir, 'parse.mjs');
  ({ metafile } = await build({ ...esbuildOptions(join(root, 'lambdas/channels/email/parse.ts'), outfile, { sourceMaps: false }, root), metafile: true }));
  bundledParse = ((await import(pathToFileURL(outfile).href)) as { parseEmail: typeof parseEmail }).parseEmail;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a reading gives downstream, attachments' bytes as a length. */
const reading = (p: Awaited<ReturnType<typeof parseEmail>>) => ({ ...p, attachments: p.attachments.map((a) => ({ ...a, content: a.content.length })) });

/** The text in a charset: iconv-lite encodes all but ISO-2022-JP, which it cannot. */
function encode(text: string, charset: string): Buffer {
  if (charset === 'utf-16') return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);
  // こんにちは: ESC $ B switches to JIS X 0208, ESC ( B back to ASCII.
  if (charset === 'iso-2022-jp') return Buffer.from('1b244224332473244b2441244f1b2842', 'hex');
  return iconv.encode(text, charset === 'x-mac-cyrillic' ? 'maccyrillic' : charset);
}

function mail(charset: string, body: Buffer, subjectWord = ''): Buffer {
  const head = [
    'From: =?utf-8?q?M=C3=BC=C5=9Fteri?= <musteri@example.com>',
    'To: destek@example.com',
    `Subject: ${subjectWord || 'charset check'}`,
    'Message-ID: <charset@example.com>',
    'MIME-Version: 1.0',
    `Content-Type: text/plain; charset="${charset}"`,
    'Content-Transfer-Encoding: base64',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n${body.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n`)]);
}

const samples: readonly [charset: string, text: string][] = [
  ['windows-1254', 'Siparişim ne zaman gelecek? İade için ÇĞÖŞÜ çğıöşü €'],
  ['iso-8859-9', 'Kargom hâlâ gelmedi, sipariş numaram 10234. Teşekkürler'],
  ['ISO-8859-9', 'Fatura bilgisi: ödeme başarısız oldu'],
  ['latin5', 'Ürün hasarlı geldi'],
  ['iso-8859-1', 'Café crème, naïve façade ¿qué?'],
  ['windows-1252', 'Smart “quotes” – and an em dash — €5'],
  ['windows-1251', 'Где мой заказ? Спасибо'],
  ['koi8-r', 'Здравствуйте, посылка не пришла'],
  ['koi8-u', 'Доброго дня, де моє замовлення? ґєії'],
  ['iso-8859-2', 'Dzień dobry, zamówienie nie dotarło'],
  ['iso-8859-5', 'Привет'],
  ['iso-8859-7', 'Καλημέρα, πού είναι η παραγγελία μου;'],
  ['iso-8859-15', 'Prix: 15 € œuvre'],
  ['windows-1256', 'مرحبا، أين طلبي؟'],
  ['iso-8859-8', 'שלום, איפה ההזמנה שלי'],
  ['windows-1250', 'Objednávka nedorazila, děkuji'],
  ['windows-1257', 'Labdien, kur ir mans pasūtījums'],
  ['windows-1258', 'Xin chào'],
  ['windows-874', 'สวัสดีครับ'],
  ['ibm866', 'Заказ номер 5'],
  ['macintosh', 'Mac Roman: café ñ ü'],
  ['shift_jis', '注文はどこですか？ありがとうございます'],
  ['cp932', '注文番号は１２３です'],
  ['euc-jp', '配送状況を教えてください'],
  ['iso-2022-jp', 'こんにちは'],
  ['gb2312', '我的订单在哪里？谢谢'],
  ['gbk', '退货申请，发票问题'],
  ['gb18030', '你好，订单 12345 还没到'],
  ['big5', '我的訂單在哪裡？謝謝'],
  ['euc-kr', '주문은 어디에 있나요? 감사합니다'],
  ['ks_c_5601-1987', '배송 조회 부탁드립니다'],
  ['utf-16le', 'UTF-16 little endian: Sipariş'],
  ['utf-16be', 'UTF-16 big endian: Sipariş'],
  ['utf-16', 'UTF-16 with a BOM: Sipariş'],
  ['utf-7', 'UTF-7: Siparişim nerede? 1+1'],
  ['iso-8859-16', 'Bună ziua, comanda mea'],
  ['x-mac-cyrillic', 'Здравствуйте'],
  ['cp850', 'DOS Latin: café ÿ'],
  ['cp857', 'DOS Türkçe: sipariş İade'],
];

describe('the bundled MIME parser with our stand-ins', () => {
  it('leaves the HTML-to-text converter out of what the import reads: a chunk read only for HTML-only mail', () => {
    const packagesIn = (outputs: Iterable<string>) =>
      new Set(
        [...outputs].flatMap((o) => Object.keys(metafile.outputs[o]!.inputs).flatMap((i) => /node_modules\/(html-to-text|htmlparser2)\//.exec(i)?.[1] ?? [])),
      );
    // What importing the entry reads: the entry and the chunks it imports statically, transitively.
    const imported = new Set([Object.keys(metafile.outputs).find((o) => o.endsWith('parse.mjs'))!]);
    for (const o of imported) for (const i of metafile.outputs[o]!.imports) if (i.kind === 'import-statement' && !i.external) imported.add(i.path);
    const onDemand = Object.keys(metafile.outputs).filter((o) => !imported.has(o));
    expect(packagesIn(imported)).toEqual(new Set());
    expect(packagesIn(onDemand)).toEqual(new Set(['html-to-text', 'htmlparser2']));
  });

  it('reads every fixture of the corpus exactly as the parser with the real packages', async () => {
    const names = readdirSync(fixtures).filter((f) => f.endsWith('.eml'));
    expect(names.length).toBeGreaterThanOrEqual(45);
    for (const name of names) {
      const raw = readFileSync(join(fixtures, name));
      expect(reading(await bundledParse(raw)), name).toEqual(reading(await parseEmail(raw)));
    }
  });

  it.each(samples)('decodes a %s body and subject as the real packages do', async (charset, text) => {
    const encoded = encode(text, charset);
    const word = `=?${charset}?B?${encoded.toString('base64')}?=`;
    const raw = mail(charset, encoded, word);
    const bundled = await bundledParse(raw);
    expect(reading(bundled)).toEqual(reading(await parseEmail(raw)));
    expect(bundled.text).toBe(text);
  });

  // libmime's MIME type tables are built on first use in the bundles (bundling.ts, lazyData).
  it("names an attachment's type from its file name, as the real packages do", async () => {
    const part = (headers: string, name: string) =>
      [
        '--b',
        ...(headers ? [headers] : []),
        'Content-Transfer-Encoding: base64',
        `Content-Disposition: attachment; filename="${name}"`,
        '',
        Buffer.from('%PDF-1.4').toString('base64'),
      ].join('\r\n');
    const raw = Buffer.from(
      [
        'From: musteri@example.com',
        'To: destek@example.com',
        'Subject: fatura',
        'Message-ID: <types@example.com>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Ekte fatura ve fotoğraf var.',
        part('Content-Type: application/octet-stream', 'fatura.pdf'),
        part('', 'kargo.jpg'),
        '--b--',
        '',
      ].join('\r\n'),
    );
    const bundled = await bundledParse(raw);
    expect(bundled.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['fatura.pdf', 'application/pdf'],
      ['kargo.jpg', 'image/jpeg'],
    ]);
    expect(reading(bundled)).toEqual(reading(await parseEmail(raw)));
  });

  it('reads a charset neither knows as UTF-8, as the real packages do', async () => {
    const raw = mail('x-unknown-charset', Buffer.from('Sipariş nerede', 'utf8'));
    const bundled = await bundledParse(raw);
    expect(bundled.text).toBe('Sipariş nerede');
    expect(reading(bundled)).toEqual(reading(await parseEmail(raw)));
  });

  // Where bytes are invalid in their charset, TextDecoder follows the WHATWG rules (what a browser
  // shows): a broken sequence may give one U+FFFD fewer or more, or a private-use character where
  // Big5 has none. Every valid character reads the same.
  it('keeps every valid character around bytes invalid in their charset, as the real packages do', async () => {
    const validOnly = (s: string) => s.replace(/[\ufffd\x80-\x9f\ue000-\uf8ff]/g, '');
    for (const charset of ['shift_jis', 'euc-kr', 'big5', 'gbk', 'utf-8', 'windows-1254']) {
      const raw = mail(charset, Buffer.from([0x41, 0x81, 0xff, 0x42, 0xe0, 0x43, 0x80, 0x20, 0xff, 0x44]));
      const [bundled, real] = [await bundledParse(raw), await parseEmail(raw)];
      expect(validOnly(bundled.text), charset).toBe(validOnly(real.text));
      expect(bundled.text, charset).toMatch(/^A.*B.*D$/);
    }
  });
});
