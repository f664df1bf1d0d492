import { describe, expect, it } from 'vitest';
import { splitReply } from '#channels/email/reply-split';

const ack = 'Merhaba, mesajınızı aldık. Talep numaranız #10234.';

/** [case, text, subject, expected newText, text that must be gone] */
const cases: [string, string, string, string, string?][] = [
  ['plain message stays whole', 'Merhaba,\n\nKargom nerede?\n\nAyşe', '', 'Merhaba,\n\nKargom nerede?\n\nAyşe'],
  ['English "On … wrote:" cuts the history', `Thanks!\n\nOn Mon, 23 Nov 2026 at 10:00, Support <s@x.com> wrote:\n> ${ack}`, '', 'Thanks!', 'wrote'],
  [
    'Gmail wraps "wrote:" onto the next line',
    `Thanks!\n\nOn Mon, 23 Nov 2026 at 10:00, Example Shop Support <support@support.example.com>\nwrote:\n\n> ${ack}`,
    '',
    'Thanks!',
    'wrote',
  ],
  [
    'Gmail wraps inside the address',
    `Thanks!\n\nOn Mon, 23 Nov 2026 at 10:00 AM Example Shop Support <\nsupport@support.example.com> wrote:\n> ${ack}`,
    '',
    'Thanks!',
    'support@',
  ],
  [
    'Turkish Gmail "tarihinde … şunu yazdı:"',
    `Teşekkürler.\n\n23 Kas 2026 Pzt, saat 10:15 tarihinde Destek <d@x.com> şunu yazdı:\n> ${ack}`,
    '',
    'Teşekkürler.',
    'yazdı',
  ],
  ['Turkish "… tarihinde şunları yazdı" without a name', `Tamam.\n\n23.11.2026 tarihinde şunları yazdı\n> ${ack}`, '', 'Tamam.', 'yazdı'],
  [
    'Turkish header wrapped over two lines',
    `Olur.\n\n23 Kas 2026 Pzt, saat 10:15 tarihinde Örnek Mağaza Destek <\nsupport@support.example.com> şunu yazdı:\n> ${ack}`,
    '',
    'Olur.',
    'Mağaza',
  ],
  ['Turkish without diacritics ("sunu yazdi")', `Tamam\n\n23 Kas 2026 tarihinde Destek <d@x.com> sunu yazdi:\n> ${ack}`, '', 'Tamam', 'yazdi'],
  ['Apple Mail "On …, at …, X wrote:"', `Great, thanks.\n\n> On 23 Nov 2026, at 11:25, Support <s@x.com> wrote:\n> \n> ${ack}`, '', 'Great, thanks.', 'wrote'],
  [
    'iOS Turkish "… saatinde, X şunları yazdı:"',
    `Ekledim.\n\n23 Kas 2026 tarihinde 19:50 saatinde, Destek <d@x.com> şunları yazdı:\n\n> ${ack}`,
    '',
    'Ekledim.',
    'saatinde',
  ],
  [
    'Outlook From/Sent block under a rule',
    `Any news?\n\n________________________________\nFrom: Support <s@x.com>\nSent: Monday, November 23, 2026 8:41 AM\nTo: John\nSubject: Re: [#10236] Order\n\n${ack}`,
    'RE: [#10236] Order',
    'Any news?',
    '____',
  ],
  [
    'Outlook block without a rule',
    `Any news?\n\nFrom: Support <s@x.com>\nSent: Monday, November 23, 2026 8:41 AM\nTo: John\nSubject: Re: Order\n\n${ack}`,
    '',
    'Any news?',
    'Sent:',
  ],
  [
    'Outlook block in bold (from HTML)',
    `Any news?\n\n*From:* Support <s@x.com>\n*Sent:* Monday, November 23, 2026 8:41 AM\n*To:* John\n\n${ack}`,
    '',
    'Any news?',
    'Sent',
  ],
  [
    'Turkish Outlook "Kimden: … Gönderildi:"',
    `Hâlâ bekliyorum.\n\nKimden: Destek <d@x.com>\nGönderildi: 23 Kasım 2026 Pazartesi 11:00\nKime: Mehmet\nKonu: YNT: Fatura\n\n${ack}`,
    'YNT: Fatura',
    'Hâlâ bekliyorum.',
    'Kimden',
  ],
  [
    'Turkish Outlook web "Kimden: … Gönderilme:"',
    `Tamam.\n\n________________________________\nKimden: Destek <d@x.com>\nGönderilme: 23 Kasım 2026 Pazartesi 11:00\nKime: Zeynep\nKonu: Re: Değişim\n\n${ack}`,
    '',
    'Tamam.',
    'Gönderilme',
  ],
  [
    '"-----Original Message-----"',
    `Please ignore.\n\n-----Original Message-----\nFrom: Support [mailto:s@x.com]\nSent: 23 November 2026 09:30\n\n${ack}`,
    '',
    'Please ignore.',
    'Original',
  ],
  ['"---- Orijinal Mesaj ----"', `Onaylıyorum.\n\n---- Orijinal Mesaj ----\nKimden: Destek\nTarih: 23 Kasım 2026\n\n${ack}`, '', 'Onaylıyorum.', 'Orijinal'],
  ['Yandex attribution ending in ":" before quotes', `Bekliyorum.\n\n23.11.2026, 16:35, "Destek" <support@x.com>:\n> ${ack}`, '', 'Bekliyorum.', '16:35'],
  ['trailing ">" quotes without attribution', `Yes please.\n\n> ${ack}\n> second line`, '', 'Yes please.', ack],
  [
    'inline answers keep the quoted questions',
    `On 23/11/2026 13:10, Support wrote:\n> Which colour?\n\nWhite.\n\n> Seal intact?\n\nYes.`,
    '',
    'On 23/11/2026 13:10, Support wrote:\n> Which colour?\n\nWhite.\n\n> Seal intact?\n\nYes.',
  ],
  ['bottom-posted answer drops the quote above it', `On Mon, Support <s@x.com> wrote:\n> ${ack}\n\nThanks, got it.`, '', 'Thanks, got it.', ack],
  ['"-- " signature is cut', 'Regards,\nThomas\n\n-- \nThomas Berg\nBerlin', '', 'Regards,\nThomas', 'Berlin'],
  ['"--" signature whose trailing space a client stripped', 'Regards,\nThomas\n\n--\nThomas Berg', '', 'Regards,\nThomas', 'Berg'],
  ['"Sent from my iPhone"', 'On my way.\n\nSent from my iPhone', '', 'On my way.', 'iPhone'],
  ['"iPhone\'umdan gönderildi"', "Tamam.\n\niPhone'umdan gönderildi", '', 'Tamam.', 'iPhone'],
  ['"Android için Outlook\'u edinin"', "Olur.\n\nAndroid için Outlook'u edinin", '', 'Olur.', 'Outlook'],
  ['"Get Outlook for Android"', 'Sure.\n\nGet Outlook for Android', '', 'Sure.', 'Outlook'],
  ['Samsung "akıllı telefonumdan gönderildi"', 'Değişim istiyorum.\n\nSamsung Galaxy akıllı telefonumdan gönderildi.', '', 'Değişim istiyorum.', 'Samsung'],
  ['signature then history: both go', `Thanks\n\nSent from my iPhone\n\nOn 23 Nov 2026, at 10:45, Support <s@x.com> wrote:\n> ${ack}`, '', 'Thanks', 'iPhone'],
  [
    'Gmail forward keeps the forwarded mail',
    'Bakar mısınız?\n\n---------- Forwarded message ---------\nFrom: Kargo <k@x.com>\nDate: Pzt\nSubject: Teslim edilemedi\n\nGönderiniz teslim edilemedi.',
    'Fwd: Teslim edilemedi',
    'Bakar mısınız?\n\n---------- Forwarded message ---------\nFrom: Kargo <k@x.com>\nDate: Pzt\nSubject: Teslim edilemedi\n\nGönderiniz teslim edilemedi.',
  ],
  [
    'Turkish Gmail forward "İletilen ileti"',
    'Bilginize.\n\n---------- İletilen ileti ---------\nGönderen: Kargo\n\nTeslim edildi.',
    'İlt: Teslim',
    'Bilginize.\n\n---------- İletilen ileti ---------\nGönderen: Kargo\n\nTeslim edildi.',
  ],
  [
    'Thunderbird forward "-------- Forwarded Message --------"',
    'FYI\n\n-------- Forwarded Message --------\nSubject: Shipped\n\nYour order shipped.',
    'Fwd: Shipped',
    'FYI\n\n-------- Forwarded Message --------\nSubject: Shipped\n\nYour order shipped.',
  ],
  [
    'Apple "Begin forwarded message:" keeps quotes, drops signature above',
    'Is this real?\n\nSent from my iPhone\n\nBegin forwarded message:\n\n> From: Customs <c@x.com>\n> Pay now.',
    'Fwd: Pay',
    'Is this real?\n\nBegin forwarded message:\n\n> From: Customs <c@x.com>\n> Pay now.',
  ],
  [
    'Outlook forward: the FW: subject turns the header block into forwarded content',
    'See below.\n\n________________________________\nFrom: FastShip <n@x.com>\nSent: Monday, November 23, 2026 7:02 AM\nTo: John\nSubject: Returned\n\nThe parcel is being returned.',
    'FW: Returned',
    'See below.\n\n________________________________\nFrom: FastShip <n@x.com>\nSent: Monday, November 23, 2026 7:02 AM\nTo: John\nSubject: Returned\n\nThe parcel is being returned.',
  ],
  [
    'Turkish Outlook forward "İLT:"',
    'Bilgi için.\n\nKimden: Kargo <k@x.com>\nGönderildi: 23 Kasım 2026 Pazartesi 07:02\nKonu: İade\n\nPaket iade edildi.',
    'İLT: İade',
    'Bilgi için.\n\nKimden: Kargo <k@x.com>\nGönderildi: 23 Kasım 2026 Pazartesi 07:02\nKonu: İade\n\nPaket iade edildi.',
  ],
  [
    'a reply to a forward is still a reply',
    `Done.\n\nOn Mon, 23 Nov 2026 at 10:00, Support <s@x.com> wrote:\n> ---------- Forwarded message ---------\n> old`,
    'Re: Fwd: x',
    'Done.',
    'old',
  ],
  [
    'a line merely mentioning "wrote" is kept',
    'I wrote to you yesterday about order 100234.\nStill nothing.',
    '',
    'I wrote to you yesterday about order 100234.\nStill nothing.',
  ],
  [
    '"From:" in the body without a Sent line is kept',
    'From: Istanbul, to: Ankara - the parcel went the wrong way.\n\nPlease check.',
    '',
    'From: Istanbul, to: Ankara - the parcel went the wrong way.\n\nPlease check.',
  ],
  ['an empty reply gives an empty new part', `On Mon, Support <s@x.com> wrote:\n> ${ack}`, '', '', ack],
  ['Windows line endings are handled', 'Thanks!\r\n\r\nOn Mon, 23 Nov 2026, Support <s@x.com> wrote:\r\n> old', '', 'Thanks!', 'old'],
];

describe('splitReply', () => {
  it.each(cases)('%s', (_name, text, subject, newText, gone) => {
    const split = splitReply(text, subject);
    expect(split.newText).toBe(newText);
    if (gone) expect(split.newText).not.toContain(gone);
  });

  it('returns what it cut: the history and the signature, and says when mail is forwarded', () => {
    const split = splitReply(`Thanks\n-- \nAyşe\n\nOn Mon, Support <s@x.com> wrote:\n> ${ack}`);
    expect(split.signature).toBe('-- \nAyşe');
    expect(split.quoted).toBe(`On Mon, Support <s@x.com> wrote:\n> ${ack}`);
    expect(split.forwarded).toBe(false);
    expect(splitReply('x\n\n---------- Forwarded message ---------\ny').forwarded).toBe(true);
  });
});

describe('splitReply on text no person writes', () => {
  it('a 300 KB line full of reply-header words is split without regex blow-up', () => {
    const line = 'tarihinde Ayşe şunu On wrote From: '.repeat(9000);
    const split = splitReply(`${line}\n${line}\n> quoted`);
    expect(split.newText.length).toBeGreaterThan(600_000);
    expect(split.quoted).toBe('> quoted');
  });
});
