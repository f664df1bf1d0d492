import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '#core/messages';
import { LocalFunction } from '#local/functions';
import { EventSourceRunner } from '#local/runner';
import { eventually, fifoQueueWithDeadLetters, http, stack, unique } from './helpers';

/**
 * The runner with the real pipeline bundle on a queue of this test's own, with a one-second
 * visibility timeout and maxReceiveCount 2 so redrive happens within the test.
 */
let sqs: SQSClient;
let runner: EventSourceRunner;
let pipeline: LocalFunction;
let queueUrl: string;
let dlqUrl: string;
const logs: string[] = [];

beforeAll(async () => {
  const { info, envs, bundles } = stack();
  sqs = new SQSClient({ region: info.region, endpoint: info.sqs, credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  const name = unique('runner');
  ({ queueUrl, dlqUrl } = await fifoQueueWithDeadLetters(sqs, name));
  pipeline = new LocalFunction('pipeline', bundles.pipeline, envs.pipeline, 1, 'silent');
  runner = new EventSourceRunner(sqs, (l) => logs.push(l), info.region);
  runner.start({ name, url: queueUrl }, pipeline, { batchSize: 10, visibilityTimeoutSeconds: 1 });
});

afterAll(async () => {
  await runner.stop();
  await pipeline.close();
});

const send = (body: string, group: string, dedup: string) =>
  sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, MessageGroupId: group, MessageDeduplicationId: dedup }));

describe('the local SQS event source', () => {
  it('stores the good messages of a batch and moves the poison one to the DLQ after maxReceiveCount', async () => {
    const visitor = unique('rv');
    const good: InboundMessage = {
      channel: 'chat',
      channelMessageId: `${visitor}/1`,
      from: { address: visitor },
      conversationKey: visitor,
      text: 'runner test',
      attachments: [],
      receivedAt: new Date().toISOString(),
    };
    await send('{"this is": not json', 'poison-group', unique('p'));
    await send(JSON.stringify({ ...good, channel: 'pigeon' }), 'invalid-group', unique('i'));
    await send(JSON.stringify(good), `chat#${visitor}`, unique('g'));

    const ticket = await eventually(
      async () => {
        const r = await http('GET', '/tickets?limit=100');
        return r.json.items.find((t: { conversationId: string }) => t.conversationId === visitor);
      },
      15_000,
      'the good message stored',
    );
    expect(ticket.interactionCount).toBe(1);

    const dead = await eventually(
      async () => {
        const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 600 }));
        const found = out.Messages ?? [];
        return found.length ? found : undefined;
      },
      10_000,
      'the poison messages in the DLQ',
    );
    const more = await eventually(
      async () => {
        const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 600 }));
        return dead.length + (out.Messages?.length ?? 0) >= 2 ? (out.Messages ?? []) : undefined;
      },
      10_000,
      'both poison messages in the DLQ',
    );
    const bodies = [...dead, ...more].map((m) => m.Body);
    expect(bodies).toHaveLength(2);
    expect(bodies).toContain('{"this is": not json');
    expect(logs.some((l) => /failed/.test(l))).toBe(true);
    // Nothing is left behind in the source queue.
    const left = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    expect(Number(left.Attributes!.ApproximateNumberOfMessages) + Number(left.Attributes!.ApproximateNumberOfMessagesNotVisible)).toBe(0);
  });
});

describe('the local event source’s wake-up on send', () => {
  it('an idle poller takes a new message when the server says one was sent, not at its next idle poll', async () => {
    const name = unique('wake');
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
    let ring: (() => void) | undefined;
    const received: { body: string; at: number }[] = [];
    const consumer = {
      name: 'recorder',
      invoke: async (e: { Records: { body: string }[] }) => void received.push(...e.Records.map((r) => ({ body: r.body, at: Date.now() }))),
    };
    // An idle poll of a minute: only the doorbell can explain a prompt delivery.
    const woken = new EventSourceRunner(sqs, () => {}, stack().info.region, { onSend: (l) => ((ring = l), () => (ring = undefined)), idlePollMs: 60_000 });
    woken.start({ name, url }, consumer as unknown as LocalFunction, { batchSize: 10, visibilityTimeoutSeconds: 30 });
    try {
      await new Promise((r) => setTimeout(r, 300)); // the poller has looked once and is idle
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'one' }));
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'two' }));
      ring!();
      const got = await eventually(async () => (received.length === 2 ? received : undefined), 5000, 'both messages');
      expect(got.map((r) => r.body).sort()).toEqual(['one', 'two']);
      // Taken once each and deleted: nothing comes back.
      const left = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }));
      expect(Number(left.Attributes!.ApproximateNumberOfMessages)).toBe(0);
    } finally {
      await woken.stop();
    }
    expect(ring).toBeUndefined();
  });
});

describe('the local event source’s receive count', () => {
  it('hands each redelivery of a failing message its real ApproximateReceiveCount', async () => {
    const name = unique('count');
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '1' } }))).QueueUrl!;
    const counts: string[] = [];
    // Fails every batch, so the message comes back after each visibility timeout.
    const failing = {
      name: 'failing',
      invoke: async (e: { Records: { messageId: string; attributes: { ApproximateReceiveCount: string } }[] }) => {
        counts.push(...e.Records.map((r) => r.attributes.ApproximateReceiveCount));
        return { batchItemFailures: e.Records.map((r) => ({ itemIdentifier: r.messageId })) };
      },
    };
    const lines: string[] = [];
    const counting = new EventSourceRunner(sqs, (l) => lines.push(l), stack().info.region, { idlePollMs: 100 });
    counting.start({ name, url }, failing as unknown as LocalFunction, { batchSize: 10, visibilityTimeoutSeconds: 1 });
    try {
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'fails' }));
      await eventually(async () => (counts.length >= 3 ? true : undefined), 10_000, 'three deliveries');
    } finally {
      await counting.stop();
    }
    expect(counts.slice(0, 3)).toEqual(['1', '2', '3']);
    // The runner's own failure lines say it too.
    expect(lines.slice(0, 3).map((l) => l.match(/\(receive (\d+)\)/)?.[1])).toEqual(['1', '2', '3']);
  });
});
