import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { visibleText } from '#channels/email/html-text';
import { parseEmail } from '#channels/email/parse';
import { utf7AsUtf8 } from '#channels/email/utf7';

const mime = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'latin1');

describe('the visible text of an HTML mail', () => {
  it('leaves out what a reader never sees: head, styles, scripts, hidden preheaders, images', async () => {
    const text = await visibleText(
      '<html><head><title>Bülten</title><style>p{color:red}</style></head><body>' +
        '<div style="display: none; max-height: 0">Gizli önizleme</div><span hidden>gizli</span>' +
        '<div style="DISPLAY:NONE">büyük harfle gizli</div><script>track()</script>' +
        '<img src="https://x.example/logo.png" alt="Logo"><p>Görünen metin</p></body></html>',
    );
    expect(text).toBe('Görünen metin');
  });

  it('keeps text whose style only starts with a zero (opacity 0.8, font-size 0.9em)', async () => {
    const text = await visibleText(
      '<p style="opacity:0.8">Yarı saydam</p><p style="font-size: 0.9em;color:#333">Küçük yazı</p><p style="font-size:0px">gizli</p><p style="opacity: 0">gizli</p>',
    );
    expect(text).toBe('Yarı saydam\n\nKüçük yazı');
  });

  it('writes links as "text (address)", once when the text is the address, not at all without text', async () => {
    const text = await visibleText(
      '<p><a href="https://kargo.example/takip?no=1">Kargonu takip et</a></p>' +
        '<p><a href="https://www.shop.example/">shop.example</a></p>' +
        '<p><a href="mailto:destek@shop.example">destek@shop.example</a></p>' +
        '<p><a href="https://shop.example/"><img src="logo.png"></a></p><p><a href="#top">Yukarı</a></p>',
    );
    expect(text).toBe('Kargonu takip et (https://kargo.example/takip?no=1)\n\nshop.example\n\ndestek@shop.example\n\nYukarı');
  });

  it('keeps headings as written (no capitals added) and a table row of short cells on one line, spacers left out', async () => {
    const text = await visibleText(
      '<h1>Kışa hazır mısınız?</h1><table><tr><td>Sipariş</td><td>&nbsp;</td><td><p class="MsoNormal">100262</p></td></tr><tr><td>Tutar</td><td></td><td><b>899,00 TL</b></td></tr></table>',
    );
    expect(text).toBe('Kışa hazır mısınız?\n\nSipariş | 100262\nTutar | 899,00 TL');
  });

  it("reads a layout table's columns one after the other when their cells hold paragraphs", async () => {
    const text = await visibleText('<table><tr><td><h2>Mont</h2><p>2.499 TL</p></td><td><h2>Bot</h2><p>1.799 TL</p></td></tr></table>');
    expect(text).toBe('Mont\n\n2.499 TL\n\nBot\n\n1.799 TL');
  });

  it("reads Outlook's paragraph-per-line HTML as lines, its empty paragraphs as blank lines", async () => {
    const text = await visibleText(
      '<p class="MsoNormal">Merhaba,<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p><p class="MsoNormal">Kutu ezik geldi.<o:p></o:p></p><p class="MsoNormal">Kerem<o:p></o:p></p>',
    );
    expect(text).toBe('Merhaba,\n\nKutu ezik geldi.\nKerem');
  });

  it('keeps the text of HTML nested far deeper than any mail a person writes (read flat, styles still out)', async () => {
    const deep = `<style>p{color:red}</style>${'<div>'.repeat(100_000)}<p>Derin &amp; gizli değil</p>${'</div>'.repeat(100_000)}`;
    expect(await visibleText(deep)).toBe('Derin & gizli değil');
    expect(await visibleText(`${'<b>'.repeat(300_000)}açık kalan etiketler`)).toBe('açık kalan etiketler');
  });

  it('gives the text of HTML that sits in multipart/related with its inline image (Outlook, Exchange)', async () => {
    const parsed = await parseEmail(
      mime([
        'From: a@example.com',
        'Subject: x',
        'MIME-Version: 1.0',
        'Content-Type: multipart/related; boundary="r"; type="text/html"',
        '',
        '--r',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Kutu ezik geldi</p><img src="cid:i1">',
        '--r',
        'Content-Type: image/png',
        'Content-ID: <i1>',
        'Content-Transfer-Encoding: base64',
        '',
        'iVBORw0KGgo=',
        '--r--',
        '',
      ]),
    );
    expect(parsed.text).toBe('Kutu ezik geldi');
    expect(parsed.attachments.map((a) => a.inline)).toEqual([true]);
  });
});

describe('UTF-7', () => {
  const u7 = (s: string) => iconv.encode(s, 'utf7').toString('latin1');

  it('decodes a UTF-7 body and UTF-7 encoded words (Q and B) in the subject and the sender name', async () => {
    const parsed = await parseEmail(
      mime([
        `From: =?utf-7?B?${Buffer.from(u7('Şükrü Güneş'), 'latin1').toString('base64')}?= <s@example.com>`,
        `Subject: =?UNICODE-1-1-UTF-7?Q?${u7('Ütü').replace(/=/g, '=3D')}?=`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-7',
        '',
        u7('Ütüm çalışmıyor.'),
        '',
      ]),
    );
    expect(parsed.from).toEqual({ address: 's@example.com', name: 'Şükrü Güneş' });
    expect(parsed.subject).toBe('Ütü');
    expect(parsed.text).toBe('Ütüm çalışmıyor.');
  });

  it('leaves a mail that never names UTF-7 as it is, without a copy', async () => {
    const raw = mime(['From: a@example.com', 'Subject: ütü', '', 'Merhaba', '']);
    expect(await utf7AsUtf8(raw)).toBe(raw);
  });

  it('decoded UTF-7 markup is only text: a UTF-7 plain body stays the text, never HTML', async () => {
    const parsed = await parseEmail(mime(['From: a@example.com', 'Subject: x', 'Content-Type: text/plain; charset=utf-7', '', '+ADw-script+AD4-', '']));
    expect(parsed.text).toBe('<script>');
    expect(parsed.html).toBeNull();
  });
});
