/**
 * Where a pipeline record's time goes on the local servers: the pipeline's own handler, in this
 * process with the environment the local stack gives it, one record at a time; every AWS call timed
 * (service and command) and the classification too. "Sequential rounds" counts the calls that could
 * not start before an earlier one ended: the chain of round trips one message waits for.
 * Beside it, how DynamoDB Local serves the same request one at a time and ten at once: whether more
 * concurrency can raise throughput at all here.
 */
import { randomUUID } from 'node:crypto';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { BuiltinRecognizer } from '#brain/recognizer';
import { AwsClient, type AwsRequest } from '#adapters/aws/client';
import { BatchGetCommand, BatchWriteCommand, type DocumentClient, GetCommand, PutCommand } from '#adapters/aws/dynamodb';
import type { FifoEntry } from '#adapters/fifo-queue';

interface Call {
  readonly name: string;
  readonly t0: number;
  readonly t1: number;
}

export interface PipelineProfile {
  readonly records: number;
  readonly msPerRecord: number;
  readonly sequentialRounds: number;
  readonly calls: Record<string, { perRecord: number; msPerRecord: number; msPerCall: number }>;
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** Times every AWS call of the functions (all go through AwsClient.send), named by service and operation. */
function timeAwsCalls(calls: Call[]) {
  const proto = AwsClient.prototype;
  const original = proto.send;
  proto.send = async function (this: AwsClient, req: AwsRequest) {
    const t0 = performance.now();
    try {
      return await original.call(this, req);
    } finally {
      calls.push({ name: `${this.service.signingName} ${req.operation ?? req.method}`, t0, t1: performance.now() });
    }
  };
  return () => void (proto.send = original);
}

function sequentialRounds(calls: readonly Call[]): number {
  let rounds = 0;
  let end = -Infinity;
  for (const c of [...calls].sort((a, b) => a.t0 - b.t0)) {
    if (c.t0 >= end) rounds++;
    end = Math.max(end, c.t1);
  }
  return rounds;
}

function toRecord(entry: FifoEntry): SQSRecord {
  return {
    messageId: randomUUID(),
    receiptHandle: 'r',
    body: JSON.stringify(entry.body),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'bench', ApproximateFirstReceiveTimestamp: '0', MessageGroupId: entry.groupId },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:bench-inbound.fifo',
    awsRegion: 'us-east-1',
  };
}

/** Runs the pipeline handler in this process (env is set before it is imported); warm-up records are not counted. */
export async function profilePipeline(env: Record<string, string>, entries: readonly FifoEntry[], warmUp: number, batchSize = 1): Promise<PipelineProfile> {
  Object.assign(process.env, env);
  const calls: Call[] = [];
  // Every AWS call of the functions goes through AwsClient.send (lambdas/adapters/aws/client.ts).
  const restores = [timeAwsCalls(calls)];
  const recognizer = BuiltinRecognizer.prototype;
  const classify = recognizer.classify;
  recognizer.classify = function (this: BuiltinRecognizer, ...args: Parameters<typeof classify>) {
    const t0 = performance.now();
    try {
      return classify.apply(this, args);
    } finally {
      calls.push({ name: 'classification (CPU)', t0, t1: performance.now() });
    }
  };
  try {
    const { handler } = (await import('#handlers/pipeline')) as { handler: (e: SQSEvent, c: Context) => Promise<SQSBatchResponse> };
    const context = {
      functionName: 'pipeline',
      awsRequestId: 'bench',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:pipeline',
      memoryLimitInMB: '512',
      functionVersion: '$LATEST',
      getRemainingTimeInMillis: () => 30_000,
    } as unknown as Context;
    const totals: number[] = [];
    const rounds: number[] = [];
    const counted: Call[] = [];
    const batches = Array.from({ length: Math.ceil(entries.length / batchSize) }, (_, b) => entries.slice(b * batchSize, (b + 1) * batchSize));
    for (const [i, batch] of batches.entries()) {
      calls.length = 0;
      const t0 = performance.now();
      const out = await handler({ Records: batch.map(toRecord) }, context);
      const ms = performance.now() - t0;
      if (out.batchItemFailures.length) throw new Error('profile: a pipeline record failed');
      if (i < warmUp) continue;
      totals.push(ms);
      rounds.push(sequentialRounds(calls.filter((c) => !c.name.startsWith('classification'))));
      counted.push(...calls);
    }
    const n = totals.length;
    const byName = new Map<string, Call[]>();
    for (const c of counted) byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
    const table = [...byName.entries()]
      .map(
        ([name, cs]) =>
          [
            name,
            {
              perRecord: round(cs.length / n),
              msPerRecord: round(cs.reduce((a, c) => a + c.t1 - c.t0, 0) / n),
              msPerCall: round(mean(cs.map((c) => c.t1 - c.t0))),
            },
          ] as const,
      )
      .sort((a, b) => b[1].msPerRecord - a[1].msPerRecord);
    return { records: n, msPerRecord: round(mean(totals)), sequentialRounds: round(mean(rounds)), calls: Object.fromEntries(table) };
  } finally {
    restores.forEach((r) => r());
    recognizer.classify = classify;
  }
}

/**
 * DynamoDB Local is a Java server: its first few thousand requests run several times slower than the
 * rest while its JIT compiles (a conditional PutItem goes from about 450 a second to about 1,350 here).
 * Both consumers are measured on a warm server: this sends it the kinds of request the pipeline and the
 * bare consumer make, on scratch keys, ten at a time.
 */
export async function warmDynamoDbLocal(db: DocumentClient, tableName: string, n = 4000): Promise<void> {
  let next = 0;
  const key = (i: number) => ({ pk: `WARM#${i}`, sk: 'WARM' });
  const ops = [
    (i: number) =>
      db.send(new PutCommand({ TableName: tableName, Item: { ...key(i), text: 'x'.repeat(300) }, ConditionExpression: 'attribute_not_exists(pk)' })),
    (i: number) => db.send(new GetCommand({ TableName: tableName, Key: key(i - 1), ConsistentRead: i % 2 === 0 })),
    (i: number) =>
      db.send(
        new BatchWriteCommand({
          RequestItems: { [tableName]: [0, 1, 2].map((j) => ({ PutRequest: { Item: { ...key(n + i * 3 + j), text: 'y'.repeat(300) } } })) },
        }),
      ),
    (i: number) => db.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: [key(i - 3), key(i - 2), key(i - 1)] } } })),
  ];
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < n) {
        const i = next++;
        await ops[i % ops.length]!(i);
      }
    }),
  );
}

/** Requests a second DynamoDB Local serves for one small item, one at a time and ten at once. */
export async function dynamoDbLocalScaling(db: DocumentClient, tableName: string, n = 300) {
  const rate = async (concurrency: number, op: (i: number) => Promise<unknown>) => {
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < n) await op(next++);
      }),
    );
    return round(n / ((performance.now() - t0) / 1000), 1);
  };
  const put = (i: number) => db.send(new PutCommand({ TableName: tableName, Item: { pk: `PROBE#${i}`, sk: 'PROBE', text: 'x'.repeat(300) } }));
  const get = (i: number) => db.send(new GetCommand({ TableName: tableName, Key: { pk: `PROBE#${i % n}`, sk: 'PROBE' }, ConsistentRead: true }));
  return {
    putItemPerSec: { oneAtATime: await rate(1, put), tenAtOnce: await rate(10, (i) => put(i + n)) },
    getItemPerSec: { oneAtATime: await rate(1, get), tenAtOnce: await rate(10, get) },
  };
}
