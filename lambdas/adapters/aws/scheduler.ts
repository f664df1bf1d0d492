import { randomUUID } from 'node:crypto';
import { AwsClient, type AwsClientOptions } from './client';
import { callRestJson } from './json-protocol';
import { encodeRfc3986 } from './sigv4';

/** EventBridge Scheduler's schedule calls (REST-JSON): a schedule's name is in the path, its group in the body or query. */
export interface ScheduleDefinition {
  readonly Name: string;
  readonly GroupName?: string;
  readonly ScheduleExpression: string;
  readonly ScheduleExpressionTimezone?: string;
  readonly FlexibleTimeWindow: { readonly Mode: 'OFF' | 'FLEXIBLE'; readonly MaximumWindowInMinutes?: number };
  readonly ActionAfterCompletion?: 'NONE' | 'DELETE';
  readonly Target: {
    readonly Arn: string;
    readonly RoleArn: string;
    readonly Input?: string;
    readonly DeadLetterConfig?: { readonly Arn: string };
    readonly RetryPolicy?: { readonly MaximumEventAgeInSeconds?: number; readonly MaximumRetryAttempts?: number };
  };
}

export interface ScheduleOutput extends Partial<Omit<ScheduleDefinition, 'Target'>> {
  readonly Arn?: string;
  readonly State?: string;
  readonly Target?: Partial<ScheduleDefinition['Target']>;
}

const schedulePath = (name: string) => `/schedules/${encodeRfc3986(name)}`;

export class SchedulerClient {
  readonly client: AwsClient;

  constructor(options: AwsClientOptions = {}) {
    this.client = new AwsClient({ signingName: 'scheduler', endpointId: 'SCHEDULER', hostPrefix: 'scheduler' }, options);
  }

  /** An existing schedule of that name fails with an error named "ConflictException". */
  createSchedule(input: ScheduleDefinition): Promise<{ ScheduleArn?: string }> {
    const { Name, ...body } = input;
    // The idempotency token the SDK fills in: a retried create is not a conflict with itself.
    return callRestJson(this.client, 'CreateSchedule', 'POST', schedulePath(Name), { ...body, ClientToken: randomUUID() });
  }

  /** A schedule that is not there fails with an error named "ResourceNotFoundException". */
  updateSchedule(input: ScheduleDefinition): Promise<{ ScheduleArn?: string }> {
    const { Name, ...body } = input;
    return callRestJson(this.client, 'UpdateSchedule', 'PUT', schedulePath(Name), { ...body, ClientToken: randomUUID() });
  }

  getSchedule(input: { Name: string; GroupName?: string }): Promise<ScheduleOutput> {
    return callRestJson(this.client, 'GetSchedule', 'GET', schedulePath(input.Name), undefined, { groupName: input.GroupName });
  }

  async deleteSchedule(input: { Name: string; GroupName?: string }): Promise<void> {
    await callRestJson(this.client, 'DeleteSchedule', 'DELETE', schedulePath(input.Name), undefined, { groupName: input.GroupName, clientToken: randomUUID() });
  }
}
