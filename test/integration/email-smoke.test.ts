import { describe, expect, it } from 'vitest';
import { eventually, unique } from './helpers';
import { sentTo, smtpSend, supportAddress, ticketWithTimeline, waitProcessed } from './email-helpers';

describe('e-mail through local SMTP', () => {
  it('a new mail opens a ticket and gets a threaded acknowledgement', async () => {
    const customer = `${unique('ayse')}@example.com`;
    const id = `<${unique('m')}@mail.example.com>`;
    const raw = [`From: Ayşe Yılmaz <${customer}>`, `To: ${supportAddress()}`, 'Subject: Kargom nerede?', `Message-ID: ${id}`, 'Date: Mon, 23 Nov 2026 10:00:00 +0300', 'Content-Type: text/plain; charset=utf-8', '', 'Merhaba, siparişim 100001 nerede?', ''].join('\r\n');
    await smtpSend(raw, { from: customer, to: [supportAddress()] });
    const processed = await waitProcessed(id);
    const { ticket, interactions } = await ticketWithTimeline(processed.ticketId);
    expect(ticket.channel).toBe('email');
    const mails = await eventually(async () => { const m = await sentTo(customer); return m.length ? m : undefined; }, 20_000, 'reply sent');
    expect(mails[0]!.subject).toContain(`[#${ticket.id}]`);
    console.log(JSON.stringify({ ticket, interactions, mails }, null, 1).slice(0, 3000));
  });
});
