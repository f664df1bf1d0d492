import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { PermanentDeliveryError } from '#core/errors';
import type { OutboundMessage } from '#core/messages';
import { makeEmailSender } from '#channels/email/sender';
import { replyToken, ticketFromRecipients, ticketOfOwnMessageId } from '#channels/email/reply-token';
import { deliveryOfTags } from '#channels/email/ses-message';
import { MemoryEmailStore } from './email-store-fake';

const secret = 'unit-test-secret-0123456789';
const settings = { supportAddresses: ['destek@shop.com.tr', 'help@shop.example'], fromName: 'Mağaza Destek' };

function outbound(over: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    outboundId: 'out1',
    ticketId: '10234',
    interactionKey: 'INTERACTION#2026#out1',
    kind: 'acknowledgement',
    channel: 'email',
    to: 'ayse@example.com',
    conversationKey: 'mail-1',
    text: 'Merhaba Ayşe,\n\nTalebinizi aldık.',
    locale: 'tr',
    createdAt: '2026-11-23T10:00:00Z',
    ...over,
  };
}

function setup() {
  const store = new MemoryEmailStore();
  const sent: Buffer[] = [];
  const tags: Record<string, string>[] = [];
  const sender = makeEmailSender({
    store,
    settings,
    replyTokenSecret: secret,
    sendRaw: async (raw, _envelope, t) => (sent.push(raw), tags.push(t), `ses-${sent.length}`),
    files: {
      link: async () => {
        throw new Error('e-mail attaches bytes, never links');
      },
      read: async (ref) => Buffer.from(`%PDF ${ref.key}`),
    },
  });
  return { store, sent, tags, sender };
}

describe('the e-mail sender', () => {
  it('threads the answer into the customer’s conversation with every header mail clients thread by', async () => {
    const { store, sent, tags, sender } = setup();
    await store.recordConversationMessage({
      conversationKey: 'mail-1',
      messageId: '<c1@gmail.com>',
      references: ['<c0@gmail.com>'],
      subject: 'YNT: Kargom nerede?',
      supportAddress: 'help@shop.example',
    });
    const before = structuredClone(store.conversations.get('mail-1'));
    expect(await sender.send(outbound())).toEqual({ providerMessageId: 'ses-1' });
    const mail = await simpleParser(sent[0]!);
    expect(mail.from?.value[0]).toEqual({ address: 'help@shop.example', name: 'Mağaza Destek' });
    expect(mail.subject).toBe('Re: Kargom nerede? [#10234]');
    expect(mail.inReplyTo).toBe('<c1@gmail.com>');
    expect(mail.references).toEqual(['<c0@gmail.com>', '<c1@gmail.com>', mail.messageId]);
    expect(mail.messageId).toBe(`<out1.t${replyToken(secret, '10234')}@shop.example>`);
    expect(ticketFromRecipients(secret, [mail.replyTo!.value[0]!.address!], settings.supportAddresses)).toBe('10234');
    expect(mail.headers.get('auto-submitted')).toBe('auto-replied');
    expect(mail.text).toContain('Talebinizi aldık.');
    expect(mail.html).toContain('<p>Merhaba Ayşe,</p>');
    // Replies find the ticket by our own id, which names it (signed), and by the id SES gives it, which
    // the delivery keeps on the reply: sending writes no item for the thread. A bounce names the reply by its tags.
    expect(ticketOfOwnMessageId(secret, mail.messageId!)).toBe('10234');
    expect(store.messageIds.size).toBe(0);
    expect(store.conversations.get('mail-1')).toEqual(before);
    expect(deliveryOfTags(Object.fromEntries(Object.entries(tags[0]!).map(([k, v]) => [k, [v]])))).toEqual({
      ticketId: '10234',
      interactionKey: 'INTERACTION#2026#out1',
    });
    expect(Object.values(tags[0]!).every((v) => /^[A-Za-z0-9_-]+$/.test(v))).toBe(true);
  });

  it('answers the customer’s mail, not our acknowledgement sent since: References are the customer’s chain (RFC 5322)', async () => {
    const { store, sent, sender } = setup();
    await store.recordConversationMessage({ conversationKey: 'mail-1', messageId: '<c1@gmail.com>', subject: 'Kargo', fromCustomer: true });
    await sender.send(outbound());
    await sender.send(outbound({ outboundId: 'out2', kind: 'agent_reply', text: 'Yarın teslim edilecek.' }));
    const [ack, agent] = await Promise.all(sent.map((raw) => simpleParser(raw)));
    expect(agent!.inReplyTo).toBe('<c1@gmail.com>');
    // Both answer the customer's mail, as siblings; our own id goes last so a reply to either names the ticket.
    expect(ack!.references).toEqual(['<c1@gmail.com>', ack!.messageId]);
    expect(agent!.references).toEqual(['<c1@gmail.com>', agent!.messageId]);
  });

  it('sends agent replies without Auto-Submitted, and renders CSAT actions as links', async () => {
    const { sent, sender } = setup();
    await sender.send(outbound({ kind: 'agent_reply', text: 'Kargonuz yarın teslim edilecek.', subject: 'Kargo' }));
    await sender.send(
      outbound({
        outboundId: 'out2',
        kind: 'csat_request',
        text: 'Nasıldı?',
        actions: [{ type: 'csat', label: '5 ★', value: 'https://api.example/csat/abc?s=5' }],
      }),
    );
    const [agent, csat] = await Promise.all(sent.map((raw) => simpleParser(raw)));
    expect(agent!.headers.has('auto-submitted')).toBe(false);
    expect(agent!.subject).toBe('Re: Kargo [#10234]');
    expect(csat!.headers.get('auto-submitted')).toBe('auto-replied');
    expect(csat!.html).toContain('href="https://api.example/csat/abc?s=5"');
    expect(csat!.text).toContain('5 ★: https://api.example/csat/abc?s=5');
  });

  it('keeps the same Message-ID when a send is retried, so a duplicate threads as one', async () => {
    const { sent, sender } = setup();
    await sender.send(outbound());
    await sender.send(outbound());
    const [a, b] = await Promise.all(sent.map((raw) => simpleParser(raw)));
    expect(a!.messageId).toBe(b!.messageId);
  });

  it('refuses a suppressed address for good, sending nothing', async () => {
    const { store, sent, sender } = setup();
    await store.suppress({ address: 'ayse@example.com', reason: 'permanent bounce (General): 550 user unknown', at: '2026-11-23T10:00:00Z' });
    await expect(sender.send(outbound({ to: 'Ayse@Example.com' }))).rejects.toBeInstanceOf(PermanentDeliveryError);
    expect(sent).toHaveLength(0);
  });

  it('attaches the files a reply carries, with their names and types; too much for an e-mail fails for good', async () => {
    const { sent, sender } = setup();
    const ref = { bucket: 'attachments', key: 'email/2026/fatura.pdf', filename: 'fatura.pdf', contentType: 'application/pdf', size: 30 };
    await sender.send(outbound({ kind: 'agent_reply', attachments: [ref] }));
    const mail = await simpleParser(sent[0]!);
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.content.toString()])).toEqual([
      ['fatura.pdf', 'application/pdf', '%PDF email/2026/fatura.pdf'],
    ]);
    expect(mail.text).toContain('Talebinizi aldık.');
    await expect(sender.send(outbound({ outboundId: 'big', attachments: [{ ...ref, size: 26 * 1024 * 1024 }] }))).rejects.toBeInstanceOf(
      PermanentDeliveryError,
    );
    expect(sent).toHaveLength(1);
  });
});
