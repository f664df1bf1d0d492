import { DynamoAgentStore } from '#adapters/agent-store';
import { createSchedulerClient, eventBridgeSlaTimer } from '#adapters/sla-scheduler';
import { sesSlaNotifier } from '#adapters/sla-notifier';
import { createSesClient } from '#adapters/ses-client';
import { dynamoTeamStore } from '#adapters/team-directory';
import type { SlaCheckDeps } from '#agent/sla-check';
import { DEFAULT_TIME_ZONE } from '#core/plan-inbound';
import { requireEnv } from './env';
import { calendarFromEnv, emailConfigured, emailSettingsFromEnv, storeOptionsFromEnv } from './settings';
import { documentClient } from './shared';

/** A function ARN without its version or alias: what a schedule targets. */
const unqualified = (arn: string) => arn.split(':').slice(0, 7).join(':');

/** The SLA checker's dependencies: the tickets, its own timers (re-armed to itself), the teams, and SES when the e-mail channel is configured. */
export function slaCheckDepsFromEnv(env = process.env): SlaCheckDeps {
  const store = storeOptionsFromEnv(env);
  const scheduler = createSchedulerClient(env);
  const schedule = {
    groupName: requireEnv('SLA_SCHEDULE_GROUP', env),
    roleArn: requireEnv('SLA_SCHEDULER_ROLE_ARN', env),
    deadLetterArn: requireEnv('SLA_DEAD_LETTER_ARN', env),
  };
  const email = emailConfigured(env) ? emailSettingsFromEnv(env) : undefined;
  return {
    store: new DynamoAgentStore(documentClient(), store),
    timer: (context) => eventBridgeSlaTimer(scheduler, { ...schedule, targetArn: unqualified(context.invokedFunctionArn) }),
    teams: dynamoTeamStore(documentClient(), store.tableName),
    ...(email
      ? {
          notifier: sesSlaNotifier(createSesClient(env), {
            from: { address: email.supportAddresses[0]!, name: email.fromName },
            configurationSetName: env.EMAIL_CONFIGURATION_SET,
            timeZone: calendarFromEnv(env)?.timeZone ?? DEFAULT_TIME_ZONE,
          }),
        }
      : {}),
  };
}
