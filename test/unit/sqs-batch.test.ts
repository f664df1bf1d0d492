import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { BatchFailedError, sqsBatchHandler } from '#http/sqs-batch';

const context = {
  functionName: 'Destek-pipeline-test',
  awsRequestId: 'r1',
  invokedFunctionArn: 'arn:aws:lambda:eu-central-1:123456789012:function:pipeline',
  memoryLimitInMB: '512',
  functionVersion: '$LATEST',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

/** A FIFO record whose body names its group and its place in the group, e.g. "a1". */
function record(body: string, messageId = body): SQSRecord {
  return {
    messageId,
    receiptHandle: 'r',
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 's', ApproximateFirstReceiveTimestamp: '0', MessageGroupId: `group-${body[0]}` },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-central-1:123456789012:Destek-inbound.fifo',
    awsRegion: 'eu-central-1',
  } as SQSRecord;
}
const batch = (...bodies: string[]): SQSEvent => ({ Records: bodies.map((b) => record(b)) });
const tick = () => new Promise((r) => setTimeout(r, 1));
const failedIds = (response: { batchItemFailures: { itemIdentifier: string }[] }) => response.batchItemFailures.map((f) => f.itemIdentifier);

describe('the FIFO batch handler', () => {
  it('runs the records of one message group one at a time, in their queue order', async () => {
    const started: string[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const handler = sqsBatchHandler(async (r) => {
      started.push(r.body);
      mostAtOnce = Math.max(mostAtOnce, ++running);
      // Later records finish sooner: order holds only if each waits for the one before it.
      await new Promise((resolve) => setTimeout(resolve, 12 - Number(r.body[1]) * 3));
      running--;
    });
    await handler(batch('a1', 'a2', 'a3', 'a4'), context);
    expect(started).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(mostAtOnce).toBe(1);
  });

  it('runs different message groups at the same time', async () => {
    const active = new Set<string>();
    let groupsAtOnce = 0;
    const handler = sqsBatchHandler(async (r) => {
      active.add(r.body[0]!);
      groupsAtOnce = Math.max(groupsAtOnce, active.size);
      await tick();
      active.delete(r.body[0]!);
    });
    await handler(batch('a1', 'b1', 'c1', 'a2', 'b2', 'c2'), context);
    expect(groupsAtOnce).toBe(3);
  });

  it('keeps each group in order when groups interleave in the batch', async () => {
    const done: string[] = [];
    const handler = sqsBatchHandler(async (r) => {
      await new Promise((resolve) => setTimeout(resolve, r.body[0] === 'a' ? 5 : 1));
      done.push(r.body);
    });
    await handler(batch('a1', 'b1', 'a2', 'b2', 'a3', 'b3'), context);
    expect(done.filter((b) => b[0] === 'a')).toEqual(['a1', 'a2', 'a3']);
    expect(done.filter((b) => b[0] === 'b')).toEqual(['b1', 'b2', 'b3']);
  });

  it('reports a failed record and the rest of its group as failed without running them, while other groups go on', async () => {
    const ran: string[] = [];
    const handler = sqsBatchHandler(async (r) => {
      ran.push(r.body);
      await tick();
      if (r.body === 'a2') throw new Error('table busy');
    });
    const response = await handler(batch('a1', 'b1', 'a2', 'b2', 'a3', 'c1', 'a4', 'b3'), context);
    expect(failedIds(response)).toEqual(['a2', 'a3', 'a4']);
    expect(ran).not.toContain('a3');
    expect(ran).not.toContain('a4');
    expect(ran.filter((b) => b[0] !== 'a').sort()).toEqual(['b1', 'b2', 'b3', 'c1']);
  });

  it('treats records without a message group (a standard queue) each on its own', async () => {
    const handler = sqsBatchHandler(async (r) => {
      if (r.body === 'x1') throw new Error('bad record');
    });
    const event: SQSEvent = {
      Records: ['x1', 'x2', 'x3'].map((b) => ({ ...record(b), attributes: { ...record(b).attributes, MessageGroupId: undefined } })) as SQSRecord[],
    };
    expect(failedIds(await handler(event, context))).toEqual(['x1']);
  });

  it('fails the invocation when every record of the batch failed, so the error alarm sees an outage', async () => {
    const handler = sqsBatchHandler(async () => {
      throw new Error('table unreachable');
    });
    await expect(handler(batch('a1', 'a2', 'b1'), context)).rejects.toThrow(BatchFailedError);
    await expect(handler(batch('a1', 'a2', 'b1'), context)).rejects.toThrow(/all 3 records failed; first: table unreachable/);
  });

  it('records each failure in the failure log, and only the records that ran and failed', async () => {
    const recorded: string[] = [];
    const handler = sqsBatchHandler(
      async (r) => {
        if (r.body === 'a1') throw new Error('cannot read');
      },
      { record: async (f) => void recorded.push(`${f.messageId}: ${f.errorMessage}`) },
    );
    const response = await handler(batch('a1', 'a2', 'b1'), context);
    expect(failedIds(response)).toEqual(['a1', 'a2']);
    expect(recorded).toEqual(['a1: cannot read']);
  });

  it('finishes a group in order, each record taking effect once, when its failed records come back and the whole batch is delivered again', async () => {
    // An idempotent consumer, as every handler is: the effect of a record is written once, by its id.
    const effects = new Map<string, number>();
    const order: string[] = [];
    let outage = true;
    const handler = sqsBatchHandler(async (r) => {
      if (r.body === 'a2' && outage) throw new Error('throttled');
      if (effects.has(r.messageId)) return;
      effects.set(r.messageId, effects.size);
      order.push(r.body);
    });
    const first = await handler(batch('a1', 'b1', 'a2', 'a3', 'b2'), context);
    expect(failedIds(first)).toEqual(['a2', 'a3']);
    outage = false;
    // SQS redelivers what was reported failed, in group order; then, say, the whole batch once more.
    expect(failedIds(await handler(batch('a2', 'a3'), context))).toEqual([]);
    expect(failedIds(await handler(batch('a1', 'b1', 'a2', 'a3', 'b2'), context))).toEqual([]);
    expect(order.filter((b) => b[0] === 'a')).toEqual(['a1', 'a2', 'a3']);
    expect(order.filter((b) => b[0] === 'b')).toEqual(['b1', 'b2']);
    expect(effects.size).toBe(5);
  });
});

describe('a failed record that names when to retry', () => {
  /** An error that knows when a retry can succeed, as a delivery whose lease another attempt holds. */
  const leaseHeld = (seconds: number) => Object.assign(new Error('lease held'), { retryAfterSeconds: seconds });

  it('comes back then, with the records its failure held back in its group; other groups are not touched', async () => {
    const returned: { ids: string[]; seconds: number }[] = [];
    const handler = sqsBatchHandler(
      async (r) => {
        if (r.body === 'a1') throw leaseHeld(41.2);
        if (r.body === 'b1') throw new Error('provider down');
      },
      undefined,
      async (records, seconds) => {
        returned.push({ ids: records.map((r) => r.messageId), seconds });
      },
    );
    const response = await handler(batch('a1', 'b1', 'a2', 'b2', 'c1'), context);
    expect(failedIds(response).sort()).toEqual(['a1', 'a2', 'b1', 'b2']);
    expect(returned).toEqual([{ ids: ['a1', 'a2'], seconds: 42 }]);
  });

  it('returns after the visibility timeout when setting the time fails: the batch answer is the same', async () => {
    const handler = sqsBatchHandler(
      async (r) => {
        if (r.body === 'a1') throw leaseHeld(5);
      },
      undefined,
      async () => {
        throw new Error('ChangeMessageVisibilityBatch: receipt handle expired');
      },
    );
    const response = await handler(batch('a1', 'a2', 'b1'), context);
    expect(failedIds(response)).toEqual(['a1', 'a2']);
  });
});
