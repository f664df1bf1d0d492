import { describe, expect, it } from 'vitest';
import { eventually, http, unique } from './helpers';
import { getItem, mail, sentTo, smtpSend, supportAddress, ticketWithTimeline, waitProcessed } from './email-helpers';

/** A new mail from a named customer, and the automatic mail that answers it, once the bot has. */
async function askByMail(name: string, subject: string, body: string) {
  const customer = `${unique('framed')}@example.com`;
  const id = `<${unique('m')}@mail.example.com>`;
  await smtpSend(mail({ from: `"${name}" <${customer}>`, subject, id, body }), { from: customer, to: [supportAddress()] });
  const { ticketId } = (await waitProcessed(id)) as { ticketId: string };
  const timeline = (await http('GET', `/tickets/${ticketId}`)).json.timeline as { kind: string; text: string }[];
  const answer = timeline.find((i) => i.kind === 'bot_answer');
  const sent = await eventually(async () => (await sentTo(customer))[0], 20_000, 'the automatic mail in SES');
  return { ticketId, answer, sent };
}

describe('bot answers by e-mail', () => {
  it('a Turkish answer greets the customer by the name on their mail, signs, and names the ticket, in text and HTML', async () => {
    const { ticketId, answer, sent } = await askByMail('Ayşe Yılmaz', 'Ödeme', 'Merhaba, hangi ödeme yöntemlerini kabul ediyorsunuz?');
    expect(answer, 'the bot answered').toBeDefined();
    const text = sent.body.text!.replace(/\r\n/g, '\n').trim();
    expect(text.startsWith(`Merhaba Ayşe Yılmaz,\n\n`)).toBe(true);
    expect(text).toContain(answer!.text.slice(20, 60));
    expect(text).toContain('\n\nSaygılarımızla,\nDemo Mağaza Destek\n\n');
    expect(text.endsWith(`Talep numaranız: #${ticketId}. Bu e-postayı yanıtlayarak bize yazabilirsiniz.`)).toBe(true);
    expect(sent.body.html).toContain('<p>Merhaba Ayşe Yılmaz,</p>');
    expect(sent.subject).toBe(`Re: Ödeme [#${ticketId}]`);
    // The name came from the mail: the conversation keeps it for the replies that follow.
    const { ticket } = await ticketWithTimeline(ticketId);
    expect((await getItem(`EMAILCONV#${ticket.conversationKey}`, 'EMAILCONV'))?.customerName).toBe('Ayşe Yılmaz');
  });

  it('an English answer greets in English and signs with the English default', async () => {
    const { ticketId, answer, sent } = await askByMail('Daniel Moore', 'Payment', 'Hello, which payment methods do you accept?');
    expect(answer, 'the bot answered').toBeDefined();
    const text = sent.body.text!.replace(/\r\n/g, '\n').trim();
    expect(text.startsWith('Hello Daniel Moore,\n\n')).toBe(true);
    expect(text).toContain('\n\nKind regards,\nDemo Mağaza Destek\n\n');
    expect(text.endsWith(`Your ticket number: #${ticketId}. Reply to this e-mail to write to us.`)).toBe(true);
  });
});
