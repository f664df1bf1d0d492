import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARSE_LIMITS, parseEmail } from '#channels/email/parse';
import { pseudoRandomBytes } from '#test/fixtures/email/generate/assets';
import { encodedWord, filePart, message, multipart, textPart } from '#test/fixtures/email/generate/mime';

const dir = join(import.meta.dirname, '../fixtures/email');
const fixture = (name: string) => readFileSync(join(dir, `${name}.eml`));

// Large messages are made here, at run time, rather than committed.
const compose = async (attachments: { filename: string; content: Buffer }[]) =>
  message(
    [
      ['From', `${encodedWord('Ayşe Yılmaz')} <ayse.yilmaz@gmail.com>`],
      ['To', 'support@support.example.com'],
      ['Subject', encodedWord('Büyük dosya')],
      ['Message-ID', '<big-1@mail.gmail.com>'],
    ],
    multipart('mixed', 'big-boundary', [
      textPart('plain', 'Ekte.'),
      ...attachments.map((a) => filePart('application/octet-stream', a.content, { filename: a.filename })),
    ]),
  );

describe('parseEmail limits', () => {
  it('a 30 MB message is not parsed: its headers are read and the error says why', async () => {
    // Written directly (one base64 line repeated) so building it costs nothing next to what is tested.
    const head = (await compose([{ filename: 'video.mp4', content: Buffer.alloc(57, 'v') }])).toString('latin1').split('dnZ2')[0]!;
    const raw = Buffer.concat([
      Buffer.from(head, 'latin1'),
      Buffer.alloc(30 * 1024 * 1024, `${'dnZ2'.repeat(19)}\r\n`),
      Buffer.from('\r\n--big-boundary--\r\n'),
    ]);
    expect(raw.length).toBeGreaterThan(30 * 1024 * 1024);
    const p = await parseEmail(raw);
    expect(p.errors.map((e) => e.code)).toEqual(['message_too_large']);
    expect(p.errors[0]!.message).toMatch(/over the 26214400-byte limit/);
    expect(p.from).toEqual({ address: 'ayse.yilmaz@gmail.com', name: 'Ayşe Yılmaz' });
    expect(p.subject).toBe('Büyük dosya');
    expect(p.messageId).toMatch(/^<.+>$/);
    expect(p.attachments).toEqual([]);
    expect(p.text).toBe('');
  }, 30_000);

  it('an attachment over the size limit is listed as skipped without its bytes; the rest is kept', async () => {
    const big = pseudoRandomBytes(DEFAULT_PARSE_LIMITS.maxAttachmentBytes + 1, 8);
    const receipt = Buffer.from('%PDF-1.4 fiş');
    const p = await parseEmail(
      await compose([
        { filename: 'kamera.mov', content: big },
        { filename: 'fiş.pdf', content: receipt },
      ]),
    );
    expect(p.attachments.map(({ filename, size, skipped, content }) => ({ filename, size, skipped, bytes: content.length }))).toEqual([
      { filename: 'kamera.mov', size: big.length, skipped: 'too_large', bytes: 0 },
      { filename: 'fiş.pdf', size: receipt.length, skipped: undefined, bytes: receipt.length },
    ]);
    expect(p.errors).toEqual([
      {
        code: 'attachment_skipped',
        message: `attachment "kamera.mov" (${big.length} bytes) is over the ${DEFAULT_PARSE_LIMITS.maxAttachmentBytes}-byte limit and was not kept`,
      },
    ]);
    expect(p.text).toBe('Ekte.');
  }, 30_000);

  it('limits can be lowered per call', async () => {
    const p = await parseEmail(fixture('attachment-names-to-sanitise'), { maxAttachments: 2, maxFilenameLength: 12, maxMessageBytes: 1_000_000 });
    expect(p.attachments.filter((a) => !a.skipped)).toHaveLength(2);
    expect(p.attachments.filter((a) => a.skipped === 'too_many')).toHaveLength(5);
    for (const a of p.attachments) expect([...a.filename].length).toBeLessThanOrEqual(12);
    const tooBig = await parseEmail(fixture('gmail-web-tr-new-question'), { maxMessageBytes: 100 });
    expect(tooBig.errors.map((e) => e.code)).toEqual(['message_too_large']);
    expect(tooBig.subject).toBe('Kargom nerede?');
  });

  it('attachment bytes are exactly what was sent', async () => {
    const photo = pseudoRandomBytes(5000, 9);
    const p = await parseEmail(await compose([{ filename: 'hasar.jpg', content: photo }]));
    expect(Buffer.from(p.attachments[0]!.content).equals(photo)).toBe(true);
  });
});

describe('parseEmail never throws', () => {
  // Every fixture, cut short at several points and with bytes overwritten: the parser answers each one.
  const sources = readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => readFileSync(join(dir, f)))
    .filter((b) => b.length > 0);
  const damaged = sources.flatMap((raw, i) => {
    const noise = pseudoRandomBytes(64, i + 1);
    const flipped = Buffer.from(raw);
    for (let k = 0; k < 64; k++) flipped[(noise[k]! * 7919 * (k + 1)) % raw.length] = noise[(k + 1) % 64]!;
    return [raw.subarray(0, Math.floor(raw.length / 3)), raw.subarray(0, Math.floor((raw.length * 2) / 3)), flipped, raw.subarray(Math.floor(raw.length / 2))];
  });

  it(`answers ${damaged.length} damaged messages with a result, never an exception`, async () => {
    for (const raw of damaged) {
      const p = await parseEmail(raw);
      expect(Array.isArray(p.errors) && Array.isArray(p.attachments) && typeof p.text === 'string').toBe(true);
    }
  });
});
