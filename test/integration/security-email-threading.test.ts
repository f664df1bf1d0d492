import { describe, expect, it } from 'vitest';
import config from '#destek.config.json';
import { eventually, unique } from './helpers';
import { mail, smtpSend, supportAddress, ticketWithTimeline, waitProcessed } from './email-helpers';

/** The local stack runs with the project's configuration: its first colleague domain. */
const colleagueDomain = () => config.email.colleagueDomains[0]!;

/** A customer's first mail: a ticket of their own to aim a forged [#N] at. */
async function customerTicket(): Promise<{ id: string; conversationKey: string }> {
  const id = `<${unique('first')}@customer.example>`;
  const from = `${unique('musteri')}@customer.example`;
  await smtpSend(mail({ from, subject: 'Faturam nerede?', id, body: 'Geçen ayın faturasını alamadım.' }), { from, to: [supportAddress()] });
  const processed = await waitProcessed(id);
  const { ticket } = await ticketWithTimeline(processed.ticketId);
  return { id: ticket.id, conversationKey: ticket.conversationKey };
}

/** A mail from a colleague-domain address naming the ticket in its subject, with the SES verdicts the test chooses. */
async function colleagueMail(ticketId: string, verdicts: string[]) {
  const id = `<${unique('colleague')}@${colleagueDomain()}>`;
  // A sender of its own each time: the same sender's same subject would join by the subject window.
  const from = `${unique('muhasebe')}@${colleagueDomain()}`;
  await smtpSend(mail({ from, subject: `Re: [#${ticketId}] Faturam nerede?`, id, body: 'Fatura tekrar gönderildi.', extra: verdicts }), {
    from,
    to: [supportAddress()],
  });
  const processed = await waitProcessed(id);
  const { ticket, interactions } = await ticketWithTimeline(processed.ticketId);
  return { ticket, inbound: interactions.find((i) => i.messageKey === `email#${id}`)! };
}

describe("a colleague-domain sender threads by [#N] only when SES's verdicts prove the domain", () => {
  it('a forged From (no SPF/DKIM pass) opens a ticket of its own and says why on the interaction', async () => {
    const target = await customerTicket();
    for (const verdicts of [[], ['X-SES-SPF-Verdict: FAIL', 'X-SES-DKIM-Verdict: FAIL'], ['X-SES-SPF-Verdict: PASS', 'X-SES-DMARC-Verdict: FAIL']]) {
      const { ticket, inbound } = await colleagueMail(target.id, verdicts);
      expect({ verdicts, joined: ticket.id === target.id }).toEqual({ verdicts, joined: false });
      expect(inbound.email.threadedBy).toBe('new');
      expect(inbound.email.threadingNote).toMatch(new RegExp(`not joined to #${target.id} .*SES did not authenticate`));
    }
    // The customer's ticket holds only the customer's mail.
    const { interactions } = await ticketWithTimeline(target.id);
    expect(interactions.filter((i) => i.direction === 'in')).toHaveLength(1);
  });

  it('an authenticated colleague (DKIM PASS, DMARC PASS) joins the ticket', async () => {
    const target = await customerTicket();
    const { ticket, inbound } = await colleagueMail(target.id, ['X-SES-SPF-Verdict: GRAY', 'X-SES-DKIM-Verdict: PASS', 'X-SES-DMARC-Verdict: PASS']);
    expect(ticket.id).toBe(target.id);
    expect(inbound.email).toMatchObject({ threadedBy: 'subject-number', verdicts: { dkim: 'PASS', dmarc: 'PASS' } });
    expect(inbound.email.threadingNote).toBeUndefined();
  });
});

describe('a mail quoting only the id SES gave our reply', () => {
  it('joins the ticket its [#N] names when that ticket sent the mail; an SES id it never sent proves nothing', async () => {
    const target = await customerTicket();
    // The acknowledgement's SES id, which the sender keeps on the reply when SES has the mail.
    const sesId = await eventually(
      async () =>
        (await ticketWithTimeline(target.id)).interactions.find((i) => i.direction === 'out' && i.delivery?.providerMessageId)?.delivery.providerMessageId as
          | string
          | undefined,
      20_000,
      'the acknowledgement sent',
    );
    const forwarded = async (inReplyTo: string) => {
      // Someone the customer forwarded our mail to: not the ticket's customer, not a colleague.
      const id = `<${unique('fwd')}@elsewhere.example>`;
      const from = `${unique('es')}@elsewhere.example`;
      await smtpSend(mail({ from, subject: `Re: [#${target.id}] Faturam nerede?`, id, body: 'Eşimin siparişi hakkında yazıyorum.', inReplyTo }), {
        from,
        to: [supportAddress()],
      });
      return (await waitProcessed(id)).ticketId;
    };
    expect(await forwarded(`<${sesId}@eu-west-1.amazonses.com>`)).toBe(target.id);
    expect(await forwarded('<0102000000000000-never-sent@eu-west-1.amazonses.com>')).not.toBe(target.id);
  });
});
