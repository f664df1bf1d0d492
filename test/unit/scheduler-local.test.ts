import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateScheduleCommand, DeleteScheduleCommand, GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchedulerClient as LiteSchedulerClient } from '#adapters/aws/scheduler';
import { eventBridgeSlaTimer } from '#adapters/sla-scheduler';
import { freePort } from '#local/net';
import { LocalScheduler } from '#local/scheduler';
import { startSqsServer } from '#local/sqs';
import { LOCAL_CREDENTIALS } from '#local/storage';

// The stand-in is driven with the real Scheduler SDK client, so its paths, bodies and errors are the SDK's.
const region = 'us-east-1';
let sqsServer: Awaited<ReturnType<typeof startSqsServer>>;
let sqs: SQSClient;
let queueUrl: string;
let queueArn: string;
let local: LocalScheduler;
let client: SchedulerClient;
let dir: string;

beforeAll(async () => {
  sqsServer = await startSqsServer(await freePort());
  sqs = new SQSClient({ region, endpoint: sqsServer.endpoint, credentials: LOCAL_CREDENTIALS });
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'sla-test' }))).QueueUrl!;
  queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  dir = mkdtempSync(join(tmpdir(), 'destek-scheduler-'));
  local = new LocalScheduler(sqs, undefined, { region, account: '000000000000', dataFile: join(dir, 'schedules.json'), log: () => {} });
  client = new SchedulerClient({ region, endpoint: await local.listen(await freePort()), credentials: LOCAL_CREDENTIALS });
});

afterAll(async () => {
  await local.close();
  await new Promise<void>((r) => sqsServer.server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

async function receive(waitMs: number): Promise<string[]> {
  const until = Date.now() + waitMs;
  const bodies: string[] = [];
  while (Date.now() < until && !bodies.length) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    for (const m of out.Messages ?? []) {
      bodies.push(m.Body!);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle! }));
    }
    if (!bodies.length) await new Promise((r) => setTimeout(r, 100));
  }
  return bodies;
}

const target = () => ({ Arn: queueArn, RoleArn: 'arn:aws:iam::000000000000:role/local' });
const at = (ms: number) => `at(${new Date(ms).toISOString().slice(0, 19)})`;

describe('the local EventBridge Scheduler', () => {
  it('answers the SDK: create, a second create is a ConflictException, get returns the definition, delete, then get is ResourceNotFound', async () => {
    const Name = 'crud';
    await client.send(
      new CreateScheduleCommand({
        Name,
        GroupName: 'g',
        ScheduleExpression: at(Date.now() + 3_600_000),
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { ...target(), Input: '{"a":1}' },
      }),
    );
    await expect(
      client.send(
        new CreateScheduleCommand({ Name, GroupName: 'g', ScheduleExpression: at(Date.now() + 60_000), FlexibleTimeWindow: { Mode: 'OFF' }, Target: target() }),
      ),
    ).rejects.toMatchObject({ name: 'ConflictException' });
    const got = await client.send(new GetScheduleCommand({ Name, GroupName: 'g' }));
    expect(got).toMatchObject({
      Name,
      GroupName: 'g',
      State: 'ENABLED',
      Target: { Arn: queueArn, Input: '{"a":1}' },
      Arn: expect.stringContaining(':schedule/g/crud'),
    });
    expect(got.CreationDate).toBeInstanceOf(Date);
    await client.send(new DeleteScheduleCommand({ Name, GroupName: 'g' }));
    await expect(client.send(new GetScheduleCommand({ Name, GroupName: 'g' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('fires a schedule on its own at its time, sends its Input to the target queue and deletes it (ActionAfterCompletion DELETE)', async () => {
    const fireAt = Math.ceil((Date.now() + 1500) / 1000) * 1000;
    await client.send(
      new CreateScheduleCommand({
        Name: 'soon',
        ScheduleExpression: at(fireAt),
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: { ...target(), Input: '{"ticketId":"1"}' },
      }),
    );
    expect(await receive(200)).toEqual([]);
    const bodies = await receive(5000);
    expect(Date.now()).toBeGreaterThanOrEqual(fireAt);
    expect(bodies).toEqual(['{"ticketId":"1"}']);
    await expect(client.send(new GetScheduleCommand({ Name: 'soon' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it("keeps the pipeline adapter's timers: created once, moved only earlier, fired early on request and only those due by then", async () => {
    // The adapter speaks through Destek's own client (adapters/aws/scheduler.ts), as the pipeline does.
    const lite = new LiteSchedulerClient({ region, endpoint: local.url, credentials: async () => LOCAL_CREDENTIALS });
    const timer = eventBridgeSlaTimer(lite, {
      groupName: 'sla',
      targetArn: queueArn,
      roleArn: 'arn:aws:iam::000000000000:role/local',
      deadLetterArn: queueArn,
    });
    const in2h = new Date(Date.now() + 2 * 3_600_000).toISOString();
    const in1h = new Date(Date.now() + 3_600_000).toISOString();
    expect(await timer.ensure({ ticketId: '7', dueAt: in2h })).toBe('created');
    expect(await timer.ensure({ ticketId: '7', dueAt: in2h })).toBe('kept');
    expect(await timer.ensure({ ticketId: '7', dueAt: in1h })).toBe('moved');
    expect(await timer.ensure({ ticketId: '8', dueAt: new Date(Date.now() + 48 * 3_600_000).toISOString() })).toBe('created');
    const fired = await fetch(`${local.url}/_local/fire?before=${encodeURIComponent(new Date(Date.now() + 90 * 60_000).toISOString())}`, { method: 'POST' });
    expect(await fired.json()).toEqual({ fired: 1 });
    expect((await receive(2000)).map((b) => JSON.parse(b))).toEqual([{ ticketId: '7', dueAt: in1h }]);
    const left = (await (await fetch(`${local.url}/_local/schedules`)).json()) as { schedules: { Name: string }[] };
    expect(left.schedules.map((s) => s.Name)).toEqual(['ticket-8']);
  });

  it('keeps schedules in the data file across restarts', async () => {
    const again = new LocalScheduler(sqs, undefined, { region, account: '000000000000', dataFile: join(dir, 'schedules.json'), log: () => {} });
    const other = new SchedulerClient({ region, endpoint: await again.listen(await freePort()), credentials: LOCAL_CREDENTIALS });
    try {
      expect(await other.send(new GetScheduleCommand({ Name: 'ticket-8', GroupName: 'sla' }))).toMatchObject({ Name: 'ticket-8' });
    } finally {
      await again.close();
    }
  });
});
