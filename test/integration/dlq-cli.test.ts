import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '#core/messages';
import { INBOUND_MAIL_PREFIX } from '#definitions/async-invocations';
import { LocalFunction } from '#local/functions';
import { EventSourceRunner } from '#local/runner';
import { sesReceiptEvent } from '#local/smtp';
import { LOCAL_CREDENTIALS } from '#local/storage';
import { mail, processedEmail, supportAddress, ticketWithTimeline, waitProcessed } from './email-helpers';
import { asyncInvocationsIdle, eventually, fifoQueueWithDeadLetters, invokeAsync, stack, ticketOfVisitor, unique } from './helpers';

/**
 * destek dlq against the local stack: the real pipeline bundle on an inbound queue of this test's own
 * (visibility 1 s, maxReceiveCount 2, so a message dead-letters within seconds), described to the CLI
 * as the stack's inbound queue. The pipeline's outbound queue does not exist at first: each attempt
 * stores the message and fails to enqueue the reply, so the message dead-letters; creating the queue
 * fixes the cause.
 */
const root = resolve(import.meta.dirname, '../..');
let sqs: SQSClient;
let runner: EventSourceRunner;
let pipeline: LocalFunction;
let queueUrl: string;
let dlqUrl: string;
let outboundName: string;
let outboundUrl: string;
let infoFile: string;

function destek(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) =>
    // The SDK's notice about this machine's Node 20 is not the CLI's output.
    execFile(
      process.execPath,
      [join(root, 'bin/destek.js'), ...args],
      { cwd: root, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ),
  );
}
const dlq = (...args: string[]) => destek(['dlq', ...args, '--local-info', infoFile]);

async function messages(url: string): Promise<number> {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }));
  return Number(out.Attributes!.ApproximateNumberOfMessages);
}

/** Visible and in flight: zero once a queue's consumer has taken and finished everything. */
async function inQueue(url: string): Promise<number> {
  const out = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(out.Attributes!.ApproximateNumberOfMessages) + Number(out.Attributes!.ApproximateNumberOfMessagesNotVisible);
}

beforeAll(async () => {
  const { info, envs, bundles } = stack();
  sqs = new SQSClient({ region: info.region, endpoint: info.sqs, credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  const name = unique('dlqcli');
  ({ queueUrl, dlqUrl } = await fifoQueueWithDeadLetters(sqs, name));
  outboundName = `${name}-out.fifo`;
  outboundUrl = queueUrl.replace(`${name}.fifo`, outboundName);
  pipeline = new LocalFunction('pipeline', bundles.pipeline, { ...envs.pipeline, OUTBOUND_QUEUE_URL: outboundUrl }, 1, 'silent');
  runner = new EventSourceRunner(sqs, () => {}, info.region, { idlePollMs: 100 });
  runner.start({ name, url: queueUrl }, pipeline, { batchSize: 10, visibilityTimeoutSeconds: 1 });
  infoFile = join(mkdtempSync(join(tmpdir(), 'destek-dlq-')), 'local.json');
  writeFileSync(infoFile, JSON.stringify({ ...info, queues: { ...info.queues, inbound: { url: queueUrl, dlqUrl } } }));
});

afterAll(async () => {
  await runner.stop();
  await pipeline.close();
});

describe('destek dlq', () => {
  it('lists a dead letter, shows why it failed, redrives it once the cause is fixed, and a second redrive of it duplicates nothing', async () => {
    const visitor = unique('dlqv');
    const msg: InboundMessage = {
      channel: 'chat',
      channelMessageId: `${visitor}/1`,
      from: { address: visitor },
      conversationKey: visitor,
      text: 'Merhaba',
      attachments: [],
      receivedAt: new Date().toISOString(),
      localeHint: 'tr-TR',
    };
    const original = { MessageBody: JSON.stringify(msg), MessageGroupId: `chat#${visitor}`, MessageDeduplicationId: `${visitor}/1` };
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, ...original }));
    await eventually(async () => ((await messages(dlqUrl)) === 1 ? true : undefined), 20_000, 'the message in the dead-letter queue');

    const list = await dlq('list');
    expect(list.code).toBe(0);
    const row = list.stdout.split('\n').find((l) => l.startsWith('inbound '));
    expect(row).toMatch(/^inbound\s+\S+-dlq\.fifo\s+1\s+queue \S+\.fifo → pipeline$/);

    const show = await dlq('show', 'inbound');
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`${sent.MessageId}  group chat#${visitor}`);
    expect(show.stdout).toContain(`channel chat · conversation ${visitor} · message ${visitor}/1`);
    // Two receives (maxReceiveCount 2), the first receive's time, and the error of the last attempt.
    expect(show.stdout).toMatch(/first received \d{4}-\d\d-\d\dT[\d:.]+Z · receive count 2 ·/);
    expect(show.stdout).toMatch(/why: QueueDoesNotExist: .*queue does not exist/i);
    // Looking takes nothing away.
    expect(await messages(dlqUrl)).toBe(1);

    const dry = await dlq('redrive', 'inbound', '--dry-run');
    expect(dry.stdout).toContain(`would redrive ${sent.MessageId}`);
    expect(await messages(dlqUrl)).toBe(1);

    // The cause: the outbound queue was missing. With it, the redriven message goes through.
    await sqs.send(new CreateQueueCommand({ QueueName: outboundName, Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'false' } }));
    const redrive = await dlq('redrive', 'inbound');
    expect(redrive.code).toBe(0);
    expect(redrive.stdout).toContain(`redriven ${sent.MessageId}: sent to ${queueUrl.split('/').pop()} (group chat#${visitor})`);
    expect(redrive.stdout).toMatch(/Replays are idempotent/);
    expect(await messages(dlqUrl)).toBe(0);
    // Processed once: the source queue empties, the reply is enqueued once, the ticket has the message.
    await eventually(
      async () => ((await messages(queueUrl)) === 0 && (await messages(outboundUrl)) === 1 ? true : undefined),
      20_000,
      'the redriven message processed',
    );
    const ticket = await eventually(() => ticketOfVisitor(visitor), 5000, 'the ticket');
    const count = ticket.interactionCount;

    // The same message redriven again (as after a redrive that died between send and delete).
    await sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, ...original }));
    const again = await dlq('redrive', 'inbound');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('1 message(s) redriven.');
    await eventually(
      async () => ((await messages(queueUrl)) === 0 && (await messages(dlqUrl)) === 0 ? true : undefined),
      20_000,
      'the second redrive processed',
    );
    expect(await messages(outboundUrl)).toBe(1);
    expect((await ticketOfVisitor(visitor)).interactionCount).toBe(count);

    const empty = await dlq('show', 'inbound');
    expect(empty.stdout).toMatch(/^inbound: 0 message\(s\)/);
  }, 300_000);

  it('an e-mail whose raw mail could not be read: its invocation record is listed in emailIngest’s DLQ, shown with the error and invoke count, redriven once the mail is readable into exactly one ticket, and a second redrive of it adds nothing', async () => {
    const { info } = stack();
    const ingestDlq = info.asyncDeadLetterQueues.emailIngest.url;
    // The shared stack's DLQ may already hold another test's record; this test counts its own.
    const before = await messages(ingestDlq);
    const sesId = unique('dlqmail');
    const customer = `${unique('dlqc')}@example.com`;
    const id = `<${sesId}@mail.example.com>`;
    const raw = mail({ from: customer, subject: 'Kargom nerede?', id, body: 'Siparişim hâlâ gelmedi.' });
    // SES's receipt event for a mail that is not (yet) in the inbound-mail bucket: every attempt fails.
    const event = sesReceiptEvent({
      raw: Buffer.from(raw),
      sesId,
      timestamp: new Date().toISOString(),
      source: customer,
      recipients: [supportAddress()],
      functionArn: 'emailIngest',
    });
    await invokeAsync('emailIngest', event);
    await asyncInvocationsIdle();
    expect(await messages(ingestDlq)).toBe(before + 1);

    const list = await dlq('list');
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n').find((l) => l.startsWith('emailIngest '))).toMatch(
      new RegExp(`^emailIngest\\s+\\S+-emailIngest-dlq\\s+${before + 1}\\s+async invocations of emailIngest$`),
    );

    const show = await dlq('show', 'emailIngest');
    expect(show.code).toBe(0);
    const lines = show.stdout.split('\n');
    const at = lines.findIndex((l) => l.includes(`message ${sesId}`));
    expect(at, show.stdout).toBeGreaterThan(0);
    expect(lines[at]).toBe(`    channel email · kind receipt · message ${sesId}`);
    expect(lines[at + 1]).toMatch(/^ {4}invoked 3 time\(s\) · gave up \d{4}-\d\d-\d\dT[\d:.]+Z$/);
    expect(lines[at + 2]).toMatch(/^ {4}why: RetriesExhausted · \w+: .*(NoSuchKey|does not exist|not found)/i);
    const deadLetterId = lines[at - 1]!.trim();
    expect(await messages(ingestDlq)).toBe(before + 1);

    // The cause fixed: the raw mail where SES's S3 action would have put it.
    const s3 = new S3Client({ region: info.region, endpoint: info.s3, forcePathStyle: true, credentials: LOCAL_CREDENTIALS });
    await s3.send(new PutObjectCommand({ Bucket: info.inboundMailBucket!, Key: `${INBOUND_MAIL_PREFIX}${sesId}`, Body: raw }));
    s3.destroy();
    const redrive = await dlq('redrive', 'emailIngest', '--message', deadLetterId);
    expect(redrive.code, redrive.stderr).toBe(0);
    expect(redrive.stdout).toContain(`redriven ${deadLetterId}: invoked emailIngest asynchronously with the record's request payload`);
    expect(redrive.stdout).toMatch(/Replays are idempotent/);
    const processed = await waitProcessed(id);
    await asyncInvocationsIdle();
    expect(await messages(ingestDlq)).toBe(before);
    const once = await ticketWithTimeline(processed.ticketId);
    expect(once.ticket.interactionCount).toBe(1);

    // The same record again (as after a redrive that died between invoke and delete): nothing new.
    const again = (
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: ingestDlq,
          MessageBody: JSON.stringify({
            requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 },
            requestPayload: event,
            responsePayload: { errorType: 'NoSuchKey', errorMessage: 'gone' },
          }),
        }),
      )
    ).MessageId!;
    const second = await dlq('redrive', 'emailIngest', '--message', again);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('1 message(s) redriven.');
    await asyncInvocationsIdle();
    await eventually(async () => ((await inQueue(info.queues.inbound.url)) === 0 ? true : undefined), 20_000, 'the inbound queue drained');
    expect(await messages(ingestDlq)).toBe(before);
    expect((await processedEmail(id))!.ticketId).toBe(processed.ticketId);
    const twice = await ticketWithTimeline(processed.ticketId);
    expect(twice.ticket.interactionCount).toBe(1);
    expect(twice.interactions.length).toBe(once.interactions.length);
  }, 300_000);

  it('answers help, and fails in one line with a non-zero exit on what it cannot do', async () => {
    const help = await destek(['dlq', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/destek dlq redrive \[QUEUE\] \[--message ID\] \[--dry-run\]/);
    for (const [args, error] of [
      [['dlq'], /say what to do: list, show or redrive/],
      [['dlq', 'show', 'nosuch', '--local-info', infoFile], /no dead-letter queue "nosuch" in the local stack .* there are: inbound, outbound/],
      [['dlq', 'redrive', 'inbound', '--message', 'not-there', '--local-info', infoFile], /message not-there is not in \S+-dlq\.fifo/],
      [['dlq', 'list', '--local-info', join(tmpdir(), 'nowhere', 'local.json')], /not found: start the local stack/],
    ] as const) {
      const r = await destek([...args]);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(error);
    }
  }, 180_000);
});
