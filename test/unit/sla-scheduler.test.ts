import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchedulerClient } from '#adapters/aws/scheduler';
import { atExpression, eventBridgeSlaTimer, slaScheduleName } from '#adapters/sla-scheduler';
import { freePort } from '#local/net';
import { LocalScheduler } from '#local/scheduler';
import { LOCAL_CREDENTIALS } from '#local/storage';

// The timer against the local Scheduler stand-in (test/unit/scheduler-local.test.ts checks it against
// the SDK). The races (a schedule that fired and deleted itself meanwhile) are played by deleting it
// between the timer's calls.
const region = 'eu-central-1';
const settings = {
  groupName: 'g',
  targetArn: 'arn:aws:sqs:eu-central-1:000000000000:sla',
  roleArn: 'arn:aws:iam::000000000000:role/s',
  deadLetterArn: 'arn:aws:sqs:eu-central-1:000000000000:sla-dlq',
};
let local: LocalScheduler;
let client: SchedulerClient;

beforeAll(async () => {
  // Nothing here fires: the schedules are hours ahead, so the target queue's client is never used.
  const sqs = new SQSClient({ region, endpoint: 'http://127.0.0.1:9', credentials: LOCAL_CREDENTIALS });
  local = new LocalScheduler(sqs, undefined, { region, account: '000000000000', log: () => {} });
  client = new SchedulerClient({ region, endpoint: await local.listen(await freePort()), credentials: async () => LOCAL_CREDENTIALS });
});
afterAll(() => local.close());

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const stored = (ticketId: string) => client.getSchedule({ Name: slaScheduleName(ticketId), GroupName: settings.groupName });
const storedDueAt = async (ticketId: string) => JSON.parse((await stored(ticketId)).Target!.Input!).dueAt as string;
const remove = (ticketId: string) => client.deleteSchedule({ Name: slaScheduleName(ticketId), GroupName: settings.groupName });

describe('the EventBridge Scheduler SLA timer', () => {
  it('creates a one-time schedule per ticket at its due time that deletes itself, carrying the ticket and due time', async () => {
    const input = { ticketId: '10001', dueAt: inHours(2) };
    expect(await eventBridgeSlaTimer(client, settings).ensure(input)).toBe('created');
    expect(await stored('10001')).toMatchObject({
      Name: 'ticket-10001',
      GroupName: 'g',
      ScheduleExpression: atExpression(input.dueAt, new Date()),
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: settings.targetArn,
        RoleArn: settings.roleArn,
        Input: JSON.stringify(input),
        DeadLetterConfig: { Arn: settings.deadLetterArn },
        RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
      },
    });
  });

  it('keeps one schedule per ticket and target, and replaces a spent one (its moment passed: the checker re-arms from it) with a later moment', async () => {
    const escalation = inHours(1);
    const due = inHours(2);
    // The clock the timer reads: an hour and a half on, the escalation's moment has passed.
    const timer = eventBridgeSlaTimer(client, settings, () => new Date(Date.now() + 1.5 * 3_600_000));
    expect(await eventBridgeSlaTimer(client, settings).ensure({ ticketId: '10009', dueAt: escalation })).toBe('created');
    expect(await eventBridgeSlaTimer(client, settings).ensure({ ticketId: '10009', dueAt: due, target: 'resolution' })).toBe('created');
    expect(await timer.ensure({ ticketId: '10009', dueAt: due })).toBe('moved');
    expect(await storedDueAt('10009')).toBe(due);
    const resolution = await client.getSchedule({ Name: slaScheduleName('10009', 'resolution'), GroupName: settings.groupName });
    expect(resolution.Name).toBe('ticket-10009-resolution');
    expect(JSON.parse(resolution.Target!.Input!)).toEqual({ ticketId: '10009', dueAt: due, target: 'resolution' });
  });

  it('keeps an existing schedule that is as early or earlier, and moves one that is later', async () => {
    const timer = eventBridgeSlaTimer(client, settings);
    const [early, later, earlier] = [inHours(1), inHours(2), inHours(0.5)];
    expect(await timer.ensure({ ticketId: '10002', dueAt: early })).toBe('created');
    expect(await timer.ensure({ ticketId: '10002', dueAt: later })).toBe('kept');
    expect(await timer.ensure({ ticketId: '10002', dueAt: early })).toBe('kept');
    expect(await storedDueAt('10002')).toBe(early);
    expect(await timer.ensure({ ticketId: '10002', dueAt: earlier })).toBe('moved');
    expect(await storedDueAt('10002')).toBe(earlier);
  });

  it('creates it again when the schedule fired and deleted itself between the conflict and the read', async () => {
    await eventBridgeSlaTimer(client, settings).ensure({ ticketId: '10003', dueAt: inHours(3) });
    const dueAt = inHours(1);
    let reads = 0;
    const firesBeforeRead = {
      createSchedule: client.createSchedule.bind(client),
      updateSchedule: client.updateSchedule.bind(client),
      getSchedule: async (i: { Name: string; GroupName?: string }) => {
        if (reads++ === 0) await remove('10003');
        return client.getSchedule(i);
      },
    };
    expect(await eventBridgeSlaTimer(firesBeforeRead, settings).ensure({ ticketId: '10003', dueAt })).toBe('created');
    expect(await storedDueAt('10003')).toBe(dueAt);
    expect(reads).toBe(1);
  });

  it('creates it again when the schedule fired and deleted itself between the read and the update', async () => {
    await eventBridgeSlaTimer(client, settings).ensure({ ticketId: '10004', dueAt: inHours(3) });
    const dueAt = inHours(1);
    let updates = 0;
    const firesBeforeUpdate = {
      createSchedule: client.createSchedule.bind(client),
      getSchedule: client.getSchedule.bind(client),
      updateSchedule: async (d: Parameters<SchedulerClient['updateSchedule']>[0]) => {
        if (updates++ === 0) await remove('10004');
        return client.updateSchedule(d);
      },
    };
    expect(await eventBridgeSlaTimer(firesBeforeUpdate, settings).ensure({ ticketId: '10004', dueAt })).toBe('created');
    expect(await storedDueAt('10004')).toBe(dueAt);
  });

  it('lets other Scheduler errors fail the message (it is retried, then the replay sets the timer)', async () => {
    const noRole = eventBridgeSlaTimer(client, { ...settings, roleArn: '' });
    await expect(noRole.ensure({ ticketId: '10005', dueAt: inHours(1) })).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('fires a due time already past a minute from now rather than in the past', () => {
    const now = new Date('2026-12-03T10:00:00.000Z');
    expect(atExpression('2026-12-01T00:00:00.000Z', now)).toBe('at(2026-12-03T10:01:00)');
    expect(atExpression('2026-12-03T12:00:00.000Z', now)).toBe('at(2026-12-03T12:00:00)');
    expect(atExpression('2026-12-03T12:00:00.250Z', now)).toBe('at(2026-12-03T12:00:01)');
  });
});
