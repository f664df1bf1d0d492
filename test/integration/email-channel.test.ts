import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { sesFeedbackEvent } from '#local/ses-events';
import { sesReceiptEvent } from '#local/smtp';
import { asyncInvocationsIdle, eventually, http, invokeAsync, stack, unique } from './helpers';
import { PutCommand } from '#adapters/aws/dynamodb';
import { emailKeys } from '#adapters/email-store';
import { normaliseSubject } from '#channels/email/subject';
import { db, getItem, header, mail, sentTo, smtpSend, supportAddress, ticketWithTimeline, waitProcessed } from './email-helpers';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const sqs = () => new SQSClient({ region: stack().info.region, endpoint: stack().info.sqs, credentials });

async function newTicket(customer: string, subject: string) {
  const id = `<${unique('m')}@mail.example.com>`;
  await smtpSend(mail({ from: customer, subject, id, body: 'Merhaba, iade etmek istiyorum. Nasıl yapabilirim?' }), { from: customer, to: [supportAddress()] });
  const processed = await waitProcessed(id);
  const sent = await eventually(
    async () => {
      const m = await sentTo(customer);
      return m.length ? m : undefined;
    },
    20_000,
    'acknowledgement sent',
  );
  return { id, ticketId: processed.ticketId as string, sent };
}

describe('the e-mail channel', () => {
  it('replayed SES receipt events (sequential and concurrent) store the mail once and answer it once', async () => {
    const customer = `${unique('replay')}@example.com`;
    const { ticketId } = await newTicket(customer, 'Replay me');
    const { interactions } = await ticketWithTimeline(ticketId);
    const inbound = interactions.find((i) => i.direction === 'in')!;
    const { info } = stack();
    const s3 = new S3Client({ region: info.region, endpoint: info.s3, forcePathStyle: true, credentials });
    const raw = Buffer.from(
      await (await s3.send(new GetObjectCommand({ Bucket: inbound.email.raw.bucket, Key: inbound.email.raw.key }))).Body!.transformToByteArray(),
    );
    // SES's event for the stored mail (its key is inbound/ + SES's message id), delivered again.
    const sesId = inbound.email.raw.key.slice('inbound/'.length);
    const event = sesReceiptEvent({ raw, sesId, timestamp: inbound.at, source: customer, recipients: [supportAddress()], functionArn: 'emailIngest' });
    const replay = () => invokeAsync('emailIngest', event);
    await replay();
    await Promise.all([replay(), replay(), replay()]);
    await asyncInvocationsIdle();
    // Give the pipeline time to act on whatever the ingest enqueued.
    await new Promise((r) => setTimeout(r, 1500));
    const after = await ticketWithTimeline(ticketId);
    expect(after.interactions.length).toBe(interactions.length);
    expect(after.ticket.interactionCount).toBe(1);
    expect(await sentTo(customer)).toHaveLength(1);
  });

  it('a receipt event whose mail cannot be read is retried, then rests in the ingest dead-letter queue with the event and the error', async () => {
    const sesId = unique('missing');
    const event = sesReceiptEvent({
      raw: Buffer.from(''),
      sesId,
      timestamp: new Date().toISOString(),
      source: 'a@example.com',
      recipients: [supportAddress()],
      functionArn: 'emailIngest',
    });
    await invokeAsync('emailIngest', event);
    const client = sqs();
    const record = await eventually(
      async () => {
        const out = await client.send(
          new ReceiveMessageCommand({ QueueUrl: stack().info.asyncDeadLetterQueues.emailIngest.url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
        );
        return (out.Messages ?? []).map((m) => JSON.parse(m.Body!)).find((r) => r.requestPayload.Records[0].ses.mail.messageId === sesId);
      },
      20_000,
      'the failed invocation in the dead-letter queue',
    );
    expect(record).toMatchObject({
      requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: event,
      responseContext: { functionError: 'Unhandled' },
    });
    expect(record.responsePayload.errorMessage).toMatch(/NoSuchKey|does not exist|not found/i);
    client.destroy();
  });

  it('our reply is threaded: From the support address, Reply-To with the token, [#N] in the subject, and the customer’s answer joins the ticket', async () => {
    const customer = `${unique('thread')}@example.com`;
    const { ticketId, sent } = await newTicket(customer, 'İade süreci');
    expect(sent[0]!.from).toContain(supportAddress());
    expect(sent[0]!.subject).toBe(`Re: İade süreci [#${ticketId}]`);
    expect(sent[0]!.replyTo.join()).toMatch(new RegExp(`destek\\+${ticketId}-[0-9a-f]{12}@support\\.localhost`));
    const conversation = await getItem(`EMAILCONV#${(await ticketWithTimeline(ticketId)).ticket.conversationKey}`, 'EMAILCONV');
    const reply = `<${unique('r')}@mail.example.com>`;
    await smtpSend(
      mail({
        from: customer,
        subject: sent[0]!.subject.replace(/^Re:/, 'YNT:'),
        id: reply,
        body: 'Tamam, teşekkürler.',
        inReplyTo: conversation!.lastMessageId,
      }),
      { from: customer, to: [supportAddress()] },
    );
    expect((await waitProcessed(reply)).ticketId).toBe(ticketId);
  });

  it('an agent reply reaches SES threaded on the customer’s mail: In-Reply-To and References name it, Re: … [#N], from the support address', async () => {
    const customer = `${unique('agent-reply')}@example.com`;
    const { id, ticketId } = await newTicket(customer, 'Fatura talebi');
    const posted = await http('POST', `/tickets/${ticketId}/replies`, { body: { text: 'Faturanızı e-postayla gönderdik.' } });
    expect(posted.status).toBe(201);
    const reply = await eventually(
      async () => (await sentTo(customer)).find((m) => m.body.text?.includes('Faturanızı e-postayla gönderdik.')),
      20_000,
      'the agent reply in SES',
    );
    expect(reply.from).toContain(supportAddress());
    expect(reply.subject).toBe(`Re: Fatura talebi [#${ticketId}]`);
    expect(header(reply, 'In-Reply-To')).toBe(id);
    expect(header(reply, 'References')!.split(/\s+/)).toContain(id);
    // A person wrote it: not marked automatic, so the customer's mail program treats it as a reply.
    expect(header(reply, 'Auto-Submitted')).toBeUndefined();
  });

  it('after an upgrade, what the earlier version stored still threads: our unsigned Message-ID, a subject claimed in its own item', async () => {
    const customer = `${unique('upgrade')}@example.com`;
    const { ticketId } = await newTicket(customer, 'Yeni konu');
    const { conversationKey } = (await ticketWithTimeline(ticketId)).ticket;
    const put = (item: Record<string, unknown>) => db().send(new PutCommand({ TableName: stack().info.tableName, Item: item }));
    const ours = `<${unique('old')}.t${ticketId}@support.localhost>`;
    await put({ ...emailKeys.threadMessage(ours), type: 'thread-message', messageId: ours, conversationKey });
    await put({ ...emailKeys.subject(customer, normaliseSubject('Eski fatura')!), type: 'email-subject', conversationKey, at: new Date().toISOString() });
    const byId = `<${unique('r')}@mail.example.com>`;
    await smtpSend(mail({ from: customer, subject: 'Başka bir konu', id: byId, body: 'Ek bilgi.', inReplyTo: ours }), {
      from: customer,
      to: [supportAddress()],
    });
    const bySubject = `<${unique('s')}@mail.example.com>`;
    await smtpSend(mail({ from: customer, subject: 'Eski fatura', id: bySubject, body: 'Faturam?' }), { from: customer, to: [supportAddress()] });
    expect((await waitProcessed(byId)).ticketId).toBe(ticketId);
    expect((await waitProcessed(bySubject)).ticketId).toBe(ticketId);
    const threaded = (await ticketWithTimeline(ticketId)).interactions.filter((i) => i.direction === 'in').map((i) => i.email.threadedBy);
    expect(threaded.sort()).toEqual(['message-id', 'new', 'subject-window']);
  });

  it('a loop with an auto-responder that marks nothing as automatic stops at the per-sender limit', async () => {
    const { config, info } = { config: { limit: 5 }, info: stack().info };
    const peer = `${unique('robot')}@autoresponder.example`;
    // The peer answers each of our mails with a new mail of its own: a new subject, no threading
    // headers, no Auto-Submitted. Only the rate limit can stop this.
    const answered = new Set<string>();
    let rounds = 0;
    const answerAll = async () => {
      for (const m of await sentTo(peer)) {
        if (answered.has(m.messageId)) continue;
        answered.add(m.messageId);
        rounds++;
        await smtpSend(
          mail({
            from: peer,
            subject: `Your message number ${rounds} was received`,
            id: `<${unique('auto')}@autoresponder.example>`,
            body: 'Thank you for your e-mail. This is an automatic confirmation.',
          }),
          { from: peer, to: [supportAddress()] },
        );
      }
    };
    await smtpSend(mail({ from: peer, subject: 'Hello', id: `<${unique('auto')}@autoresponder.example>`, body: 'Hello, please confirm.' }), {
      from: peer,
      to: [supportAddress()],
    });
    // The loop starts with our first acknowledgement, however long a busy machine takes to send it.
    await eventually(async () => ((await sentTo(peer)).length ? true : undefined), 20_000, 'the first acknowledgement');
    let stableSince = Date.now();
    let last = -1;
    while (Date.now() - stableSince < 4000) {
      await answerAll();
      const count = (await sentTo(peer)).length;
      if (count !== last) {
        last = count;
        stableSince = Date.now();
      }
      expect(count).toBeLessThanOrEqual(config.limit);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(last).toBe(config.limit);
    void info;
  });

  it('new mails from one address at once: each subject opens one ticket, the same subject twice joins, only the per-sender limit is answered', async () => {
    const customer = `${unique('burst')}@example.com`;
    const subjects = ['Kargo 1', 'Kargo 2', 'Kargo 3', 'Kargo 4', 'Kargo 5', 'Kargo 6', 'Kargo 6'];
    const ids = subjects.map(() => `<${unique('burst')}@mail.example.com>`);
    await Promise.all(
      subjects.map((subject, i) =>
        smtpSend(mail({ from: customer, subject, id: ids[i]!, body: 'Siparişim nerede?' }), { from: customer, to: [supportAddress()] }),
      ),
    );
    const tickets = await Promise.all(ids.map(async (id) => (await waitProcessed(id)).ticketId as string));
    expect(new Set(tickets.slice(0, 5)).size).toBe(5);
    expect(tickets[5]).toBe(tickets[6]);
    expect(new Set(tickets).size).toBe(6);
    // The limit (5 an hour) counts the six mails that opened a conversation, each once: five answers.
    await eventually(async () => ((await sentTo(customer)).length >= 5 ? true : undefined), 20_000, 'five acknowledgements');
    await asyncInvocationsIdle();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await sentTo(customer)).toHaveLength(5);
  });

  it('a permanent bounce suppresses the address, the ticket shows why, and nothing more is sent to it', async () => {
    const customer = `${unique('kemal')}@example.com`;
    const { ticketId, sent } = await newTicket(customer, 'Bounce test');
    // SES has the mail before the sender records its id on the interaction: wait for that record.
    const ack = await eventually(
      async () => {
        const out = (await ticketWithTimeline(ticketId)).interactions.find((i) => i.direction === 'out');
        return out?.delivery?.providerMessageId ? out : undefined;
      },
      20_000,
      'the acknowledgement recorded as sent',
    );
    // What the EventBridge rule hands the events function: SES's event as the detail, with the tags
    // the mail was sent with.
    const bounced = (await sentTo(customer)).find((m) => m.messageId === ack.delivery.providerMessageId)!;
    const event = sesFeedbackEvent({
      type: 'Bounce',
      messageId: ack.delivery.providerMessageId,
      tags: bounced.tags ?? {},
      recipients: [customer],
      diagnosticCode: 'smtp; 550 5.1.1 user unknown',
      configurationSet: stack().envs.sender.EMAIL_CONFIGURATION_SET!,
      region: stack().info.region,
      account: '000000000000',
    });
    await invokeAsync('emailEvents', event);
    const ticket = await eventually(
      async () => {
        const t = (await ticketWithTimeline(ticketId)).ticket;
        return t.lastDeliveryFailure ? t : undefined;
      },
      20_000,
      'ticket marked',
    );
    expect(ticket.lastDeliveryFailure.reason).toContain('550 5.1.1 user unknown');
    expect(ticket.lastDeliveryFailure.interactionKey).toBe(ack.key);
    expect((await getItem(`SUPPRESS#${customer}`, 'SUPPRESS'))!.reason).toContain('permanent bounce');

    // A new mail from the address opens a ticket, but its acknowledgement is refused for good.
    const second = `<${unique('m')}@mail.example.com>`;
    await smtpSend(mail({ from: customer, subject: 'Another question', id: second, body: 'Hello again' }), { from: customer, to: [supportAddress()] });
    const processed = await waitProcessed(second);
    const failed = await eventually(
      async () => {
        const out = (await ticketWithTimeline(processed.ticketId)).interactions.find((i) => i.direction === 'out');
        return out?.delivery?.status === 'failed' ? out : undefined;
      },
      20_000,
      'delivery failed',
    );
    expect(failed.delivery.lastError ?? failed.delivery.reason ?? JSON.stringify(failed.delivery)).toContain('suppressed');
    expect(await sentTo(customer)).toHaveLength(sent.length);
  });
});
