import { QueryCommand } from '#adapters/aws/dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '#adapters/table-keys';
import { keyPart } from '#core/bounds';
import { eventually, stack, unique } from './helpers';
import { db, getItem, smtpSend, supportAddress, ticketWithTimeline } from './email-helpers';

/**
 * Malformed mail through the real path (SMTP → S3 → SES notification → ingest → pipeline), sent at once
 * so they share batches: each becomes a ticket, read as far as it could be, with what was wrong noted.
 */
interface Torture {
  readonly name: string;
  /** So broken that not even its Message-ID can be read: found by its sender (the SMTP envelope). */
  readonly unreadable?: boolean;
  /** The raw message, given its From address and Message-ID. */
  readonly raw: (from: string, id: string) => string | Buffer;
}

const head = (from: string, id: string, extra: string[] = []) => [
  `From: ${from}`,
  `To: ${supportAddress()}`,
  `Message-ID: ${id}`,
  'Date: Mon, 23 Nov 2026 10:00:00 +0300',
  ...extra,
];
const crlf = (lines: string[]) => lines.join('\r\n');

function nested(depth: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < depth; i++) lines.push(`Content-Type: multipart/mixed; boundary="n${i}"`, '', `--n${i}`);
  lines.push('Content-Type: text/plain; charset=utf-8', '', 'En içteki metin: siparişim nerede?');
  for (let i = depth - 1; i >= 0; i--) lines.push(`--n${i}--`);
  return lines;
}

const tortures: Torture[] = [
  {
    name: 'a boundary that never appears',
    raw: (f, id) =>
      crlf([
        ...head(f, id, ['Subject: Kayıp sınır', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="never"']),
        '',
        '--wrong',
        'Content-Type: text/plain',
        '',
        'Siparişim gelmedi.',
        '--wrong--',
        '',
      ]),
  },
  {
    name: 'a boundary closed twice and parts after the end',
    raw: (f, id) =>
      crlf([
        ...head(f, id, ['Subject: Çift kapanış', 'MIME-Version: 1.0', 'Content-Type: multipart/alternative; boundary="b"']),
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'bir',
        '--b--',
        '--b--',
        '--b',
        'Content-Type: text/html',
        '',
        '<p>iki',
        '',
      ]),
  },
  {
    name: 'windows-1254 declared, bytes in ISO-8859-9 and UTF-8 mixed',
    raw: (f, id) =>
      Buffer.concat([
        Buffer.from(
          crlf([
            ...head(f, id, [
              'Subject: =?windows-1254?Q?=DEikayet_=FE=F0=FD?=',
              'MIME-Version: 1.0',
              'Content-Type: text/plain; charset=windows-1254',
              'Content-Transfer-Encoding: 8bit',
            ]),
            '',
            '',
          ]),
        ),
        Buffer.from([0xde, 0x69, 0x6b, 0x61, 0x79, 0x65, 0x74, 0x20, 0xfe, 0xf0, 0xfd, 0xdd, 0x20]),
        Buffer.from('ve UTF-8: şğı\r\n'),
      ]),
  },
  {
    name: 'an unknown charset and broken quoted-printable',
    raw: (f, id) =>
      crlf([
        ...head(f, id, [
          'Subject: =?x-klingon?B?!!!?=',
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=x-klingon',
          'Content-Transfer-Encoding: quoted-printable',
        ]),
        '',
        'Fatura =ZZ y=C3=B6k =',
        '=C3',
        '',
      ]),
  },
  {
    name: 'base64 that is not base64',
    raw: (f, id) =>
      crlf([
        ...head(f, id, ['Subject: Bozuk ek', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64']),
        '',
        '!!!! not ~~ base64 ####',
        '',
      ]),
  },
  {
    name: 'NUL bytes in headers and body',
    raw: (f, id) =>
      Buffer.from(
        crlf([...head(f, id, ['Subject: NUL\0içinde\0', 'X-Odd: a\0b']), 'Content-Type: text/plain; charset=utf-8', '', 'Sipariş\0numaram\0 12345', '']),
      ),
  },
  {
    name: 'a 200 KB header and 2,000 Received lines',
    raw: (f, id) =>
      crlf([
        ...Array.from({ length: 2000 }, (_, i) => `Received: from relay${i}.example.com by mx.example.com`),
        ...head(f, id, [`Subject: ${'Çok uzun konu '.repeat(15_000)}`, `X-Long: ${'a'.repeat(200_000)}`]),
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Kısa metin.',
        '',
      ]),
  },
  {
    name: 'multiparts nested 150 deep',
    raw: (f, id) => crlf([...head(f, id, ['Subject: İç içe', 'MIME-Version: 1.0']), ...nested(150), '']),
  },
  {
    name: '1,000 attachments',
    raw: (f, id) =>
      crlf([
        ...head(f, id, ['Subject: Bin ek', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="m"']),
        '',
        '--m',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Faturalar ekte.',
        ...Array.from({ length: 1000 }, (_, i) =>
          [
            '--m',
            `Content-Type: application/pdf; name="fatura-${i}.pdf"`,
            `Content-Disposition: attachment; filename="fatura-${i}.pdf"`,
            'Content-Transfer-Encoding: base64',
            '',
            Buffer.from(`%PDF-1.4 fatura ${i}`).toString('base64'),
          ].join('\r\n'),
        ),
        '--m--',
        '',
      ]),
  },
  {
    name: 'headers only, no body and no blank line',
    raw: (f, id) => crlf([...head(f, id, ['Subject: Gövdesiz'])]),
  },
  {
    name: 'a header without a colon and a folded line at the start',
    unreadable: true,
    raw: (f, id) =>
      crlf([' folded first line', ...head(f, id, ['this line has no colon', 'Subject: Kolonsuz']), 'Content-Type: text/plain', '', 'Merhaba.', '']),
  },
];

const processed = (id: string) => {
  const { pk, sk } = keys.message(`email#${keyPart(id, 512)}`);
  return eventually(() => getItem(pk, sk), 60_000, `e-mail ${id} processed`);
};

/** The ticket of a sender, by their identity: a mail too broken to show its Message-ID is still theirs. */
async function ticketOfSender(address: string): Promise<string> {
  return eventually(
    async () => {
      const identity = await getItem(keys.identity('email', address).pk, keys.identity('email', address).sk);
      if (!identity) return undefined;
      const out = await db().send(
        new QueryCommand({
          TableName: stack().info.tableName,
          IndexName: 'byCustomer',
          KeyConditionExpression: 'gsi2pk = :c AND begins_with(gsi2sk, :t)',
          ExpressionAttributeValues: { ':c': `CUSTOMER#${identity.customerId}`, ':t': 'TICKET#' },
        }),
      );
      // The index holds keys (and its filter attributes): the ticket id is in the table key.
      const pk = out.Items?.[0]?.pk as string | undefined;
      return pk?.slice('TICKET#'.length);
    },
    60_000,
    `a ticket of ${address}`,
  );
}

describe('drills: MIME torture through the real e-mail path', () => {
  it('every malformed mail becomes a ticket, read as far as possible; none holds up the others', async () => {
    const sent = tortures.map((t) => {
      const from = `${unique('torture')}@example.com`;
      return { t, from, id: `<${unique('torture')}@mail.example.com>` };
    });
    await Promise.all(sent.map(({ t, from, id }) => smtpSend(t.raw(from, id), { from, to: [supportAddress()] })));
    const failures: string[] = [];
    await Promise.all(
      sent.map(async ({ t, from, id }) => {
        try {
          const ticketId = t.unreadable ? await ticketOfSender(from) : ((await processed(id)).ticketId as string);
          // The ticket is written just before its messages (the commit point): wait for the message too.
          const inbound = await eventually(
            async () => (await ticketWithTimeline(ticketId)).interactions.find((i) => i.direction === 'in'),
            20_000,
            `${t.name}: the inbound interaction`,
          ).catch(() => undefined);
          if (!inbound) failures.push(`${t.name}: no inbound interaction`);
        } catch (e) {
          failures.push(`${t.name}: ${(e as Error).message}`);
        }
      }),
    );
    expect(failures).toEqual([]);
  }, 120_000);

  it('a mail with 1,000 attachments (past the parser’s 1,000-part limit) is a ticket from its headers, the reason in its problems', async () => {
    const from = `${unique('thousand')}@example.com`;
    const id = `<${unique('thousand')}@mail.example.com>`;
    await smtpSend(tortures.find((t) => t.name === '1,000 attachments')!.raw(from, id), { from, to: [supportAddress()] });
    const { ticket, interactions } = await ticketWithTimeline((await processed(id)).ticketId);
    const inbound = interactions.find((i) => i.direction === 'in')!;
    expect(ticket.subject).toBe('Bin ek');
    expect(inbound.text).toContain('Faturalar ekte.');
    expect(inbound.email.problems.join('\n')).toMatch(/parse_failed: .*child nodes/);
    expect(inbound.email.raw.key).toBeTruthy();
  }, 90_000);
});
