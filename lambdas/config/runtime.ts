import * as z from 'zod';
import type { PipelineSettings } from '../core/plan-inbound';
import { intEnv, requireEnv } from './env';

/** Settings as the functions read them at cold start (set by lambdas/config/settings.ts). */
export function pipelineSettingsFromEnv(env = process.env): PipelineSettings {
  return {
    defaultLocale: requireEnv('DEFAULT_LOCALE', env),
    locales: requireEnv('SUPPORTED_LOCALES', env).split(','),
    firstResponseHours: Number(requireEnv('FIRST_RESPONSE_HOURS', env)),
    slaByPriority: brainSettingsFromEnv(env).slaByPriority,
  };
}

const brainSettingsSchema = z.object({
  shop: z.object({ name: z.string(), helpUrl: z.string(), returnDays: z.number() }),
  engines: z.record(z.string(), z.enum(['lex', 'builtin'])),
  lexLocaleIds: z.record(z.string(), z.string()),
  outOfScopeBelow: z.number(),
  orderNumberPattern: z.string(),
  vipCategories: z.array(z.string()),
  slaByPriority: z.object({ urgent: z.number(), high: z.number(), low: z.number() }).partial(),
});

/** The bot's settings, one JSON variable (BRAIN_SETTINGS) written by lambdas/config/settings.ts. */
export function brainSettingsFromEnv(env = process.env) {
  const raw = requireEnv('BRAIN_SETTINGS', env);
  try {
    return brainSettingsSchema.parse(JSON.parse(raw));
  } catch (e) {
    throw new Error(`environment variable BRAIN_SETTINGS is not valid: ${(e as Error).message.slice(0, 200)}`);
  }
}

export function storeOptionsFromEnv(env = process.env) {
  return { tableName: requireEnv('TABLE_NAME', env), ticketNumberStart: intEnv('TICKET_NUMBER_START', env) };
}

/** Where the pipeline puts each ticket's first-response timer (binding sla:schedule). */
export function slaScheduleSettingsFromEnv(env = process.env) {
  return {
    groupName: requireEnv('SLA_SCHEDULE_GROUP', env),
    targetArn: requireEnv('SLA_TARGET_ARN', env),
    roleArn: requireEnv('SLA_SCHEDULER_ROLE_ARN', env),
    deadLetterArn: requireEnv('SLA_DEAD_LETTER_ARN', env),
  };
}
