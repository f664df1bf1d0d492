import {
  ConflictException,
  CreateScheduleCommand,
  GetScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { atExpression, eventBridgeSlaTimer } from '#adapters/sla-scheduler';

// The races (a schedule that exists, moved, or fired meanwhile) are driven through the mocked client;
// the wire format is checked against the local Scheduler stand-in (test/unit/scheduler-local.test.ts).
const scheduler = mockClient(SchedulerClient);
afterEach(() => scheduler.reset());

const settings = {
  groupName: 'g',
  targetArn: 'arn:aws:sqs:eu-central-1:1:sla',
  roleArn: 'arn:aws:iam::1:role/s',
  deadLetterArn: 'arn:aws:sqs:eu-central-1:1:sla-dlq',
};
const now = () => new Date('2026-12-03T10:00:00.000Z');
const timer = eventBridgeSlaTimer(new SchedulerClient({}), settings, now);
const input = { ticketId: '10001', dueAt: '2026-12-03T12:00:00.250Z' };
const conflict = () => new ConflictException({ Message: 'exists', message: 'exists', $metadata: {} });
const notFound = () => new ResourceNotFoundException({ Message: 'gone', message: 'gone', $metadata: {} });
const existing = (dueAt: string) => ({ Target: { Arn: settings.targetArn, RoleArn: settings.roleArn, Input: JSON.stringify({ ticketId: '10001', dueAt }) } });

describe('the EventBridge Scheduler SLA timer', () => {
  it('creates a one-time schedule per ticket at its due time that deletes itself, carrying the ticket and due time', async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    expect(await timer.ensure(input)).toBe('created');
    expect(scheduler.commandCalls(CreateScheduleCommand)[0]!.args[0].input).toEqual({
      Name: 'ticket-10001',
      GroupName: 'g',
      ScheduleExpression: 'at(2026-12-03T12:00:01)',
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

  it('keeps an existing schedule that is as early or earlier, and moves one that is later', async () => {
    scheduler.on(CreateScheduleCommand).rejects(conflict());
    scheduler
      .on(GetScheduleCommand)
      .resolvesOnce(existing('2026-12-03T11:00:00.000Z'))
      .resolvesOnce(existing(input.dueAt))
      .resolves(existing('2026-12-03T20:00:00.000Z'));
    scheduler.on(UpdateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    expect(await timer.ensure(input)).toBe('kept');
    expect(await timer.ensure(input)).toBe('kept');
    expect(scheduler.commandCalls(UpdateScheduleCommand)).toHaveLength(0);
    expect(await timer.ensure(input)).toBe('moved');
    expect(scheduler.commandCalls(UpdateScheduleCommand)[0]!.args[0].input).toMatchObject({
      Name: 'ticket-10001',
      ScheduleExpression: 'at(2026-12-03T12:00:01)',
      Target: { Input: JSON.stringify(input) },
    });
  });

  it('creates it again when the schedule fired and deleted itself between the conflict and the read or the update', async () => {
    scheduler.on(CreateScheduleCommand).rejectsOnce(conflict()).rejectsOnce(conflict()).resolves({ ScheduleArn: 'arn' });
    scheduler.on(GetScheduleCommand).rejectsOnce(notFound()).resolves(existing('2026-12-03T20:00:00.000Z'));
    scheduler.on(UpdateScheduleCommand).rejects(notFound());
    expect(await timer.ensure(input)).toBe('created');
    expect(scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(3);
  });

  it('lets other Scheduler errors fail the message (it is retried, then the replay sets the timer)', async () => {
    scheduler.on(CreateScheduleCommand).rejects(new Error('ThrottlingException'));
    await expect(timer.ensure(input)).rejects.toThrow('ThrottlingException');
  });

  it('fires a due time already past a minute from now rather than in the past', () => {
    expect(atExpression('2026-12-01T00:00:00.000Z', now())).toBe('at(2026-12-03T10:01:00)');
    expect(atExpression('2026-12-03T12:00:00.000Z', now())).toBe('at(2026-12-03T12:00:00)');
  });
});
