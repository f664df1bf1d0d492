import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { keys } from '#adapters/table-keys';
import { keyPart } from '#core/bounds';
import { eventually, http, stack, unique } from './helpers';
import { getItem, mail, smtpSend, supportAddress, ticketWithTimeline } from './email-helpers';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The processed-message record of a mail, by the key the pipeline builds (long ids are hashed). */
const processed = (messageId: string) => {
  const { pk, sk } = keys.message(`email#${keyPart(messageId, 512)}`);
  return eventually(() => getItem(pk, sk), 30_000, `e-mail ${messageId.slice(0, 40)}… processed`);
};

async function objectText(bucket: string, key: string): Promise<string> {
  const { info } = stack();
  const s3 = new S3Client({ region: info.region, endpoint: info.s3, forcePathStyle: true, credentials });
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const text = await out.Body!.transformToString('utf8');
  s3.destroy();
  return text;
}

const send = (customer: string, raw: string) => smtpSend(raw, { from: customer, to: [supportAddress()] });

describe('drills: accepted e-mail of any size becomes a ticket, never only a dead letter', () => {
  it('a Message-ID of 900 multibyte characters opens a ticket, and a reply naming it in In-Reply-To joins that ticket', async () => {
    const customer = `${unique('mb-id')}@example.com`;
    const id = `<${'€'.repeat(900)}${unique('x')}@mail.example.com>`;
    await send(customer, mail({ from: customer, subject: 'Sipariş nerede', id, body: 'Siparişim gelmedi.' }));
    const first = await processed(id);
    const reply = `<${unique('reply')}@mail.example.com>`;
    await send(customer, mail({ from: customer, subject: 'Başka bir konu', id: reply, body: 'Hâlâ bekliyorum.', inReplyTo: id }));
    expect((await processed(reply)).ticketId).toBe(first.ticketId);
  });

  it('a subject of 300 KB opens a ticket whose subject is cut by bytes, not split inside a character', async () => {
    const customer = `${unique('long-subject')}@example.com`;
    const id = `<${unique('subj')}@mail.example.com>`;
    await send(customer, mail({ from: customer, subject: 'İade ğüşçö '.repeat(30_000), id, body: 'Ürünü iade etmek istiyorum.' }));
    const { ticket } = await ticketWithTimeline((await processed(id)).ticketId);
    expect(Buffer.byteLength(ticket.subject as string)).toBeLessThanOrEqual(998);
    expect(ticket.subject).not.toContain('\uFFFD');
  });

  it('text plus HTML over 400 KB is stored with a preview; the whole bodies are files in the attachments bucket', async () => {
    const customer = `${unique('huge-body')}@example.com`;
    const id = `<${unique('big')}@mail.example.com>`;
    const text = `Merhaba, faturam yanlış. ${'Şükran ığdır çöğüş. '.repeat(12_000)}SON`;
    const html = `<p>${'Şükran <b>ığdır</b> çöğüş. '.repeat(12_000)}SON</p>`;
    const boundary = `b-${unique('x')}`;
    const raw = [
      `From: ${customer}`,
      `To: ${supportAddress()}`,
      'Subject: Fatura',
      `Message-ID: ${id}`,
      'MIME-Version: 1.0',
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(text).toString('base64').replace(/.{76}/g, '$&\r\n'),
      `--${boundary}`,
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(html).toString('base64').replace(/.{76}/g, '$&\r\n'),
      `--${boundary}--`,
      '',
    ].join('\r\n');
    expect(Buffer.byteLength(text) + Buffer.byteLength(html)).toBeGreaterThan(400 * 1024);
    await send(customer, raw);
    const ticketId = (await processed(id)).ticketId as string;
    const { interactions } = await ticketWithTimeline(ticketId);
    const inbound = interactions.find((i) => i.direction === 'in')!;
    expect(inbound.text.startsWith('Merhaba, faturam yanlış.')).toBe(true);
    // The agent API's timeline gives the preview and the files' references.
    const shown = ((await http('GET', `/tickets/${ticketId}`)).json.timeline as any[]).find((i) => i.direction === 'in');
    expect(Buffer.byteLength(shown.text)).toBeLessThan(40 * 1024);
    expect(shown.attachments.map((a: { filename: string }) => a.filename)).toEqual(expect.arrayContaining(['message.txt', 'message.html']));
    expect(inbound.text.includes('message.txt')).toBe(true);
    const files = inbound.attachments as { bucket: string; key: string; filename: string }[];
    const whole = files.find((f) => f.filename === 'message.txt')!;
    const wholeHtml = files.find((f) => f.filename === 'message.html')!;
    expect((await objectText(whole.bucket, whole.key)).trim()).toBe(text);
    expect(await objectText(wholeHtml.bucket, wholeHtml.key)).toContain('SON</p>');
    expect(inbound.email.problems.join('\n')).toContain(whole.key);
  });
});
