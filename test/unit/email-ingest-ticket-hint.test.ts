import { describe, expect, it } from 'vitest';
import { ingestEmail, type EmailIngestDeps } from '#channels/email/ingest';
import { receiptNotificationsFromLambdaEvent } from '#channels/email/notification';
import { conversationOpenedBy } from '#channels/email/threading';
import type { InboundMessage } from '#core/messages';
import { INBOUND_MAIL_PREFIX } from '#definitions/async-invocations';
import { sesReceiptEvent } from '#local/smtp';
import { emailIngestTestDeps, MemoryEmailStore } from './email-store-fake';

const SUPPORT = 'destek@shop.com.tr';
const CUSTOMER = 'ayse@example.com';
const FIRST = '<first@example.com>';
const SECOND = '<second@example.com>';

function mail(o: { id: string; inReplyTo?: string; references?: string[] }): Buffer {
  const lines = [
    `From: Ayşe <${CUSTOMER}>`,
    `To: ${SUPPORT}`,
    'Subject: Re: Kargom nerede [#10234]',
    `Message-ID: ${o.id}`,
    ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`] : []),
    ...(o.references ? [`References: ${o.references.join(' ')}`] : []),
    'Date: Mon, 23 Nov 2026 10:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hâlâ bekliyorum.',
    '',
  ];
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

async function ingest(store: MemoryEmailStore, raw: Buffer): Promise<InboundMessage> {
  const { deps: base, enqueued } = emailIngestTestDeps({ store, raw, support: SUPPORT, replyTokenSecret: 'unit-test-secret-0123456789' });
  const deps: EmailIngestDeps = { ...base, now: () => new Date('2026-11-23T10:00:00Z') };
  const event = sesReceiptEvent({
    raw,
    sesId: 'hint',
    timestamp: '2026-11-23T10:00:00.000Z',
    source: CUSTOMER,
    recipients: [SUPPORT],
    functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:emailIngest',
  });
  await ingestEmail(deps, receiptNotificationsFromLambdaEvent(event, { bucket: 'inbound', prefix: INBOUND_MAIL_PREFIX })[0]!);
  expect(enqueued).toHaveLength(1);
  return enqueued[0]!;
}

/** A conversation the first mail opened, with its ticket, and a second mail that joined it (remembered by its id). */
function storeWithConversation(): MemoryEmailStore {
  const store = new MemoryEmailStore();
  const conversationKey = conversationOpenedBy(FIRST);
  store.conversations.set(conversationKey, { conversationKey, lastMessageId: SECOND, references: [FIRST], ticketId: '10234' });
  store.messageIds.set(SECOND, { conversationKey });
  return store;
}

describe('the e-mail ingest names the conversation’s ticket for the pipeline', () => {
  it('a reply to the mail that opened the conversation carries its ticket (the conversation was read finding it)', async () => {
    const msg = await ingest(storeWithConversation(), mail({ id: '<third@example.com>', inReplyTo: FIRST, references: [FIRST] }));
    expect(msg.conversationKey).toBe(conversationOpenedBy(FIRST));
    expect(msg.threadTicketId).toBe('10234');
  });

  it('a reply found by a later mail’s remembered id carries its ticket too (read when the mail was recorded)', async () => {
    const msg = await ingest(
      storeWithConversation(),
      mail({ id: '<third@example.com>', inReplyTo: '<0100abc@email.amazonses.com>', references: [FIRST, SECOND, '<0100abc@email.amazonses.com>'] }),
    );
    expect(msg.conversationKey).toBe(conversationOpenedBy(FIRST));
    expect(msg.threadTicketId).toBe('10234');
  });

  it('a mail opening a conversation names no ticket', async () => {
    const msg = await ingest(new MemoryEmailStore(), mail({ id: '<new@example.com>' }));
    expect(msg.threadTicketId).toBeUndefined();
  });
});
