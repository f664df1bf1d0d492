import { describe, expect, it } from 'vitest';
import { parseEmail } from '#channels/email/parse';
import { fc, mimeCase, runMimeCase } from './fuzz-cases';

/** A fixed seed (printed by fast-check with the failing case) so CI runs the same cases; FUZZ_SEED picks others. */
const seed = Number(process.env.FUZZ_SEED ?? 20261206);

describe('fuzzing MIME: mutated fixture mails through the parser and the e-mail ingest core', () => {
  it('every mutated mail is parsed or stored with an error, within the queue and key limits; none throws', async () => {
    await fc.assert(fc.asyncProperty(mimeCase, runMimeCase), { numRuns: 200, seed, endOnFailure: true });
  }, 180_000);
});

describe('cases the drills found, kept as examples', () => {
  it('a mail of 1,000 attachments (past the parser’s 1,000-part limit) is still read from its headers, the raw body standing in for the text', async () => {
    const parts = Array.from(
      { length: 1000 },
      (_, i) => `--m\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="f${i}.pdf"\r\n\r\n%PDF ${i}`,
    );
    const raw = Buffer.from(
      [
        'From: Ayşe <ayse@example.com>',
        'Subject: Bin ek',
        'Message-ID: <bin@example.com>',
        'Content-Type: multipart/mixed; boundary="m"',
        '',
        '--m',
        'Content-Type: text/plain',
        '',
        'Faturalar ekte.',
        ...parts,
        '--m--',
        '',
      ].join('\r\n'),
    );
    const parsed = await parseEmail(raw);
    expect(parsed.errors.map((e) => e.code)).toContain('parse_failed');
    expect(parsed.from?.address).toBe('ayse@example.com');
    expect(parsed.subject).toBe('Bin ek');
    expect(parsed.messageId).toBe('<bin@example.com>');
    expect(parsed.text).toContain('Faturalar ekte.');
  });
});
