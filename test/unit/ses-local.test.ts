import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SesV2Client } from '#adapters/aws/sesv2';
import { sendRawEmail } from '#adapters/ses-client';
import { freePort } from '#local/net';
import { rawHeaders, startSes } from '#local/ses';
import { LOCAL_CREDENTIALS } from '#local/storage';

let ses: Awaited<ReturnType<typeof startSes>>;
beforeAll(async () => {
  ses = await startSes(await freePort());
});
afterAll(() => ses.stop());

const raw = [
  'From: Destek <destek@support.localhost>',
  'To: ayse@example.com',
  'Subject: Re: Kargo [#10001]',
  'Message-ID: <out-1@support.localhost>',
  'In-Reply-To: <in-1@mail.example.com>',
  'References: <root@mail.example.com>',
  ' <in-1@mail.example.com>',
  '',
  'Merhaba',
].join('\r\n');

describe('the local SES stand-in', () => {
  it('reads header lines up to the body, unfolding continued ones', () => {
    expect(rawHeaders(Buffer.from(raw)).find((h) => h.name === 'References')).toEqual({
      name: 'References',
      value: '<root@mail.example.com> <in-1@mail.example.com>',
    });
    expect(rawHeaders(Buffer.from(raw)).map((h) => h.name)).not.toContain('Merhaba');
  });

  it("lists raw mail sent through Destek's SES client at GET /store with the headers and message tags it was sent with", async () => {
    const client = new SesV2Client({ region: 'us-east-1', endpoint: ses.endpoint, credentials: async () => LOCAL_CREDENTIALS });
    const tags = { 'destek-ticket': '10001', 'destek-interaction': 'MjAyNiNvdXQx' };
    const id = await sendRawEmail(client, Buffer.from(raw), { from: 'destek@support.localhost', to: 'ayse@example.com' }, undefined, tags);
    const { emails } = (await (await fetch(`${ses.endpoint}/store`)).json()) as {
      emails: { messageId: string; subject: string; headers: { name: string; value: string }[]; tags: Record<string, string> }[];
    };
    const sent = emails.find((e) => e.messageId === id)!;
    expect(sent.subject).toBe('Re: Kargo [#10001]');
    expect(sent.tags).toEqual(tags);
    expect(sent.headers).toEqual(
      expect.arrayContaining([
        { name: 'In-Reply-To', value: '<in-1@mail.example.com>' },
        { name: 'Message-ID', value: '<out-1@support.localhost>' },
      ]),
    );
  });
});
