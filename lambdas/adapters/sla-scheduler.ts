import { type ScheduleDefinition, SchedulerClient } from '#adapters/aws/scheduler';
import { slaTimerInputSchema, type SlaTimer, type SlaTimerInput } from '#core/sla';
import type { SlaTarget } from '#core/sla-policy';

/** The one place a Scheduler client is made; the endpoint comes from AWS_ENDPOINT_URL_SCHEDULER when set. */
export function createSchedulerClient(env: NodeJS.ProcessEnv = process.env): SchedulerClient {
  return new SchedulerClient({ env });
}

export interface SlaScheduleSettings {
  /** The stack's schedule group: every ticket's timer lives there. */
  readonly groupName: string;
  /** The SLA checker function the timers invoke with their input, and the role Scheduler invokes with. */
  readonly targetArn: string;
  readonly roleArn: string;
  /** Where Scheduler puts an input it could not deliver after its retries. */
  readonly deadLetterArn: string;
}

/** One schedule per ticket and target; the first response's keeps the name it had before there were several. */
export const slaScheduleName = (ticketId: string, target: SlaTarget = 'first_response'): string =>
  target === 'first_response' ? `ticket-${ticketId}` : `ticket-${ticketId}-${target === 'next_response' ? 'next' : 'resolution'}`;

/** Scheduler may refuse a one-time schedule in the past; a due time already gone fires a minute from now. */
const LEAD_MS = 60_000;

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC, rounded up to the second so it never fires before the due time. */
export function atExpression(dueAt: string, now: Date): string {
  const at = Math.max(Math.ceil(Date.parse(dueAt) / 1000) * 1000, now.getTime() + LEAD_MS);
  return `at(${new Date(at).toISOString().slice(0, 19)})`;
}

const isNamed = (e: unknown, name: string) => (e as Error | undefined)?.name === name;

/** Concurrent ensures (and a timer that fires meanwhile) can race; each round re-reads what is there. */
const MAX_ROUNDS = 3;

/**
 * Ticket timers as EventBridge Scheduler one-time schedules (one per ticket and target, named after
 * them), which delete themselves once they have fired. A create that finds the schedule moves it only
 * earlier, unless the one found is spent (its moment has passed: the checker re-arms from inside it).
 */
export function eventBridgeSlaTimer(
  client: Pick<SchedulerClient, 'createSchedule' | 'getSchedule' | 'updateSchedule'>,
  s: SlaScheduleSettings,
  now: () => Date = () => new Date(),
): SlaTimer {
  const definition = (input: SlaTimerInput): ScheduleDefinition => ({
    Name: slaScheduleName(input.ticketId, input.target),
    GroupName: s.groupName,
    ScheduleExpression: atExpression(input.dueAt, now()),
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    Target: {
      Arn: s.targetArn,
      RoleArn: s.roleArn,
      Input: JSON.stringify(input),
      DeadLetterConfig: { Arn: s.deadLetterArn },
      RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
    },
  });
  return {
    async ensure(input) {
      for (let round = 1; round <= MAX_ROUNDS; round++) {
        try {
          await client.createSchedule(definition(input));
          return 'created';
        } catch (e) {
          if (!isNamed(e, 'ConflictException')) throw e;
        }
        let existing;
        try {
          existing = await client.getSchedule({ Name: slaScheduleName(input.ticketId, input.target), GroupName: s.groupName });
        } catch (e) {
          if (isNamed(e, 'ResourceNotFoundException')) continue; // it fired and deleted itself meanwhile
          throw e;
        }
        const current = slaTimerInputSchema.safeParse(safeJson(existing.Target?.Input));
        // A schedule whose moment has passed has fired (or is firing): it is replaced, never kept.
        const pending = current.success && Date.parse(current.data.dueAt) > now().getTime();
        if (pending && Date.parse(current.data.dueAt) <= Date.parse(input.dueAt)) return 'kept';
        try {
          await client.updateSchedule(definition(input));
          return 'moved';
        } catch (e) {
          if (!isNamed(e, 'ResourceNotFoundException')) throw e;
        }
      }
      throw new Error(`ticket ${input.ticketId}: the SLA schedule kept changing under ${MAX_ROUNDS} attempts`);
    },
  };
}

function safeJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
