import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { fileLinkSchema, replySchema, uploadedFileSchema, uploadTicketSchema } from '#agent/responses';
import { COMPLAINT, inbound, s3, ticketOf } from './agent-helpers';
import { sentTo } from './email-helpers';
import { eventually, http, stack, unique } from './helpers';

// The first bytes of real files: what the content check reads.
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'), Buffer.alloc(64)]);
const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

/** An e-mail ticket whose opening message carries a photo (stored as the e-mail ingest stores it). */
async function emailTicketWithPhoto() {
  const { attachmentsBucket } = stack().info;
  const key = `email/2026/12/07/${unique('h')}/1-kirik.png`;
  await s3().send(new PutObjectCommand({ Bucket: attachmentsBucket, Key: key, Body: PNG, ContentType: 'image/png' }));
  const root = `<${unique('m')}@mail.example.com>`;
  const address = `${unique('photo')}@example.com`;
  await inbound({
    channel: 'email',
    channelMessageId: root,
    from: { address, name: 'Foto' },
    conversationKey: root,
    subject: 'Ürün kırık geldi',
    text: COMPLAINT,
    attachments: [{ bucket: attachmentsBucket, key, filename: 'kırık.png', contentType: 'image/png', size: PNG.length }],
  });
  return { ticket: await ticketOf('email', root), key, address };
}

/** Uploads as a browser would: the signed form's fields, then the file. */
async function upload(form: { url: string; fields: Record<string, string> }, bytes: Buffer, type: string) {
  const body = new FormData();
  for (const [k, v] of Object.entries(form.fields)) body.append(k, v);
  body.append('file', new Blob([bytes], { type }), 'file');
  const res = await fetch(form.url, { method: 'POST', body });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

describe('a file of a ticket', () => {
  it('is downloaded through a short-lived signed link, named and typed as the customer sent it', async () => {
    const { ticket, key } = await emailTicketWithPhoto();
    const r = await http('GET', `/tickets/${ticket.id}/files?key=${encodeURIComponent(key)}`);
    expect(r.status).toBe(200);
    const link = fileLinkSchema.parse(r.json);
    expect(link).toMatchObject({ filename: 'kırık.png', contentType: 'image/png', size: PNG.length });
    const ttl = Date.parse(link.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(60_000);
    expect(ttl).toBeLessThanOrEqual(5 * 60_000);
    const file = await fetch(link.url);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
    expect(file.headers.get('content-type')).toBe('image/png');
  });

  it("is refused for a key that is not that ticket's (another ticket's file, or none), and without a token", async () => {
    const a = await emailTicketWithPhoto();
    const b = await emailTicketWithPhoto();
    const other = await http('GET', `/tickets/${b.ticket.id}/files?key=${encodeURIComponent(a.key)}`);
    expect(other.status).toBe(404);
    expect(other.json.error.message).toContain(`ticket ${b.ticket.id} has no file`);
    expect((await http('GET', `/tickets/${a.ticket.id}/files?key=email/nothing.png`)).status).toBe(404);
    expect((await http('GET', `/tickets/${a.ticket.id}/files?key=${encodeURIComponent(a.key)}`, { token: null })).status).toBe(401);
  });
});

describe('an upload for a reply', () => {
  it('goes up through a signed form, passes the content check, and goes out with the reply', async () => {
    const { ticket, address } = await emailTicketWithPhoto();
    const created = await http('POST', `/tickets/${ticket.id}/uploads`, {
      body: { filename: 'iade formu.pdf', contentType: 'application/pdf', size: PDF.length },
    });
    expect(created.status).toBe(201);
    const form = uploadTicketSchema.parse(created.json);
    expect(form.key).toMatch(new RegExp(`^uploads/${ticket.id}/[\\w-]+/iade formu\\.pdf$`));
    expect(form.maxBytes).toBe(PDF.length);
    await upload(form, PDF, 'application/pdf');

    const checked = await http('POST', `/tickets/${ticket.id}/uploads/check`, { body: { key: form.key } });
    expect(checked.status).toBe(200);
    expect(uploadedFileSchema.parse(checked.json)).toMatchObject({
      key: form.key,
      filename: 'iade formu.pdf',
      contentType: 'application/pdf',
      detectedType: 'application/pdf',
    });

    const reply = await http('POST', `/tickets/${ticket.id}/replies`, { body: { text: 'İade formunu ekledik.', attachments: [form.key] } });
    expect(reply.status).toBe(201);
    expect(replySchema.parse(reply.json).attachments).toEqual([
      { bucket: stack().info.attachmentsBucket, key: form.key, filename: 'iade formu.pdf', contentType: 'application/pdf', size: PDF.length },
    ]);
    // The mail the customer gets carries the file as uploaded.
    const sent = await eventually(async () => (await sentTo(address)).find((m) => m.body.text?.includes('İade formunu ekledik.')), 15_000, 'the reply mail');
    expect(sent.attachments?.map((a) => [a.filename, a.contentType, Buffer.from(a.content, 'base64').equals(PDF)])).toEqual([
      ['iade formu.pdf', 'application/pdf', true],
    ]);
    // Sent once, it is a file of the ticket's timeline: downloadable like the customer's.
    expect((await http('GET', `/tickets/${ticket.id}/files?key=${encodeURIComponent(form.key)}`)).status).toBe(200);
  });

  it('whose content is not its declared type is refused with a clear error and deleted, so no reply can carry it', async () => {
    const { ticket } = await emailTicketWithPhoto();
    const form = (await http('POST', `/tickets/${ticket.id}/uploads`, { body: { filename: 'photo.png', contentType: 'image/png', size: PDF.length } })).json;
    await upload(form, PDF, 'image/png');
    const checked = await http('POST', `/tickets/${ticket.id}/uploads/check`, { body: { key: form.key } });
    expect(checked.status).toBe(400);
    expect(checked.json.error.message).toBe("the file's content is application/pdf, not the declared image/png");
    await expect(s3().send(new HeadObjectCommand({ Bucket: stack().info.attachmentsBucket, Key: form.key }))).rejects.toThrow();
    const reply = await http('POST', `/tickets/${ticket.id}/replies`, { body: { text: 'Ek', attachments: [form.key] } });
    expect(reply.status).toBe(400);
  });

  it("is refused for a type the content check cannot prove, and on another ticket's reply", async () => {
    const a = await emailTicketWithPhoto();
    const b = await emailTicketWithPhoto();
    const text = await http('POST', `/tickets/${a.ticket.id}/uploads`, { body: { filename: 'notes.txt', contentType: 'text/plain', size: 10 } });
    expect(text.status).toBe(400);
    const tooBig = await http('POST', `/tickets/${a.ticket.id}/uploads`, {
      body: { filename: 'big.pdf', contentType: 'application/pdf', size: 11 * 1024 * 1024 },
    });
    expect(tooBig.status).toBe(400);
    const form = (await http('POST', `/tickets/${a.ticket.id}/uploads`, { body: { filename: 'f.pdf', contentType: 'application/pdf', size: PDF.length } }))
      .json;
    await upload(form, PDF, 'application/pdf');
    const elsewhere = await http('POST', `/tickets/${b.ticket.id}/replies`, { body: { text: 'Ek', attachments: [form.key] } });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.json.error.details).toEqual({ 'attachments.0': `not a file of ticket ${b.ticket.id}` });
  });
});
