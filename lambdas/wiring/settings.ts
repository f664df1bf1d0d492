import * as z from 'zod/mini';
import '#definitions/zod-messages';
import type { EmailSettings } from '#channels/email/ingest';
import { type BusinessCalendar, calendarFromSetting } from '#core/business-time';
import type { PipelineSettings } from '#core/plan-inbound';
import type { SlaSettings } from '#core/sla-policy';
import { channels } from '#definitions/channels';
import { socialSettingsSchema, type SocialSettings } from '#definitions/social';
import { intEnv, jsonEnv, listEnv, numberEnv, requireEnv } from './env';
import { keyFromEnv, ownOrDerivedKey } from './keys';

/*
 * The settings each function reads at cold start, as lambdas/config/settings.ts and the functions'
 * bindings (lambdas/definitions/functions.ts) write them. A missing or malformed one fails with its name.
 */

// The settings' schemas are built on first use (z.lazy): each function reads a few of them, and a
// schema built at import is paid by every cold start.
const brainSettingsSchema = z.lazy(() =>
  z.object({
    shop: z.object({ name: z.string(), helpUrl: z.string(), returnDays: z.number() }),
    engines: z.record(z.string(), z.enum(['lex', 'builtin'])),
    lexLocaleIds: z.record(z.string(), z.string()),
    outOfScopeBelow: z.number(),
    orderNumberPattern: z.string(),
    vipCategories: z.array(z.string()),
    slaByPriority: z.partial(z.object({ urgent: z.number(), high: z.number(), low: z.number() })),
    timeZone: z.optional(z.string()),
  }),
);

const calendarSettingSchema = z.lazy(() =>
  z.object({
    tz: z.string(),
    weekly: z.array(z.array(z.tuple([z.number(), z.number()]))).check(z.length(7)),
    closed: z.record(z.string(), z.array(z.number())),
  }),
);

/** The business hours the SLA counts (BUSINESS_HOURS, set only when the configuration has them). */
export function calendarFromEnv(env = process.env): BusinessCalendar | undefined {
  return env.BUSINESS_HOURS ? calendarFromSetting(jsonEnv('BUSINESS_HOURS', calendarSettingSchema, env)) : undefined;
}

const slaSettingsSchema = z.lazy(() =>
  z.object({
    firstResponseHours: z.number(),
    byPriority: z.partial(z.object({ low: z.number(), normal: z.number(), high: z.number(), urgent: z.number() })),
    escalateAt: z.number(),
    policies: z.array(
      z.object({
        name: z.string(),
        priorities: z.optional(z.array(z.enum(['low', 'normal', 'high', 'urgent']))),
        channels: z.optional(z.array(z.enum(channels))),
        firstResponseHours: z.optional(z.number()),
        nextResponseHours: z.optional(z.number()),
        resolutionHours: z.optional(z.number()),
      }),
    ),
  }),
);

/** The SLA policies (SLA_SETTINGS); undefined in an environment written before there were policies. */
export const slaSettingsFromEnv = (env = process.env): SlaSettings | undefined =>
  env.SLA_SETTINGS ? jsonEnv('SLA_SETTINGS', slaSettingsSchema, env) : undefined;

/** The named calendars teams count in (BUSINESS_CALENDARS, set only when the configuration has them). */
export function calendarsFromEnv(env = process.env): Record<string, BusinessCalendar> | undefined {
  if (!env.BUSINESS_CALENDARS) return undefined;
  const settings = jsonEnv('BUSINESS_CALENDARS', z.record(z.string(), calendarSettingSchema), env);
  return Object.fromEntries(Object.entries(settings).map(([name, s]) => [name, calendarFromSetting(s)]));
}

/** The calendars as settings (what GET /sla/calendars gives the console). */
export function calendarSettingsFromEnv(env = process.env) {
  return {
    default: env.BUSINESS_HOURS ? jsonEnv('BUSINESS_HOURS', calendarSettingSchema, env) : undefined,
    named: env.BUSINESS_CALENDARS ? jsonEnv('BUSINESS_CALENDARS', z.record(z.string(), calendarSettingSchema), env) : {},
  };
}

/** The policies and every calendar, as the pipeline, the checker and the agent API compute due times with them. */
export function slaClockSettingsFromEnv(env = process.env) {
  const sla = slaSettingsFromEnv(env);
  return sla ? { sla, calendars: { default: calendarFromEnv(env), named: calendarsFromEnv(env) } } : undefined;
}

/** The bot's settings, one JSON variable (BRAIN_SETTINGS). */
export const brainSettingsFromEnv = (env = process.env) => jsonEnv('BRAIN_SETTINGS', brainSettingsSchema, env);
export type BrainSettings = ReturnType<typeof brainSettingsFromEnv>;

/** The pipeline's settings; `brain` when the caller has read BRAIN_SETTINGS already. */
export function pipelineSettingsFromEnv(env = process.env, brain = brainSettingsFromEnv(env)): PipelineSettings {
  const calendar = calendarFromEnv(env);
  const sla = slaClockSettingsFromEnv(env);
  return {
    defaultLocale: requireEnv('DEFAULT_LOCALE', env),
    locales: listEnv('SUPPORTED_LOCALES', env),
    firstResponseHours: numberEnv('FIRST_RESPONSE_HOURS', env),
    slaByPriority: brain.slaByPriority,
    ...(brain.timeZone ? { timeZone: brain.timeZone } : {}),
    ...(calendar ? { calendar } : {}),
    ...(sla ? { sla } : {}),
  };
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

/** The live chat's limits and its visitor-token key. */
export function chatSettingsFromEnv(env = process.env) {
  return {
    tokenSecret: keyFromEnv('chat-visitor-token', env),
    allowedOrigins: listEnv('CHAT_ALLOWED_ORIGINS', env),
    maxChars: intEnv('CHAT_MAX_MESSAGE_CHARS', env),
    messagesPerMinute: intEnv('CHAT_MESSAGES_PER_MINUTE', env),
    messagesPerAddressPerMinute: intEnv('CHAT_MESSAGES_PER_ADDRESS_PER_MINUTE', env),
    tokensPerAddressPerMinute: intEnv('CHAT_TOKENS_PER_ADDRESS_PER_MINUTE', env),
    newVisitorsPerMinute: intEnv('CHAT_NEW_VISITORS_PER_MINUTE', env),
    tokenTtlMinutes: intEnv('CHAT_TOKEN_TTL_MINUTES', env),
    connectionTtlHours: intEnv('CHAT_CONNECTION_TTL_HOURS', env),
  };
}

/** The shop's customer-reference key: its own secret when configured (CHAT_SHOP_SECRET), else derived. */
export const chatShopKeyFromEnv = (env = process.env) => ownOrDerivedKey('CHAT_SHOP_SECRET', 'chat-shop', env);

const emailSettingsSchema = z.lazy(() =>
  z.object({
    supportAddresses: z.array(z.string()).check(z.minLength(1)),
    fromName: z.string(),
    signature: z.optional(z.record(z.string(), z.string())),
    colleagueDomains: z.array(z.string()),
    subjectWindowHours: z.number(),
    acknowledgement: z.object({ enabled: z.boolean() }),
    limits: z.object({
      autoRepliesPerSenderPerHour: z.number(),
      autoRepliesPerTicketPerHour: z.number(),
      maxMessageBytes: z.number(),
      maxAttachmentBytes: z.number(),
      maxAttachments: z.number(),
    }),
  }),
);

/** The e-mail channel's settings, one JSON variable (EMAIL_SETTINGS); set only when the channel is configured. */
export const emailSettingsFromEnv = (env = process.env): EmailSettings => jsonEnv('EMAIL_SETTINGS', emailSettingsSchema, env);

/** Whether the configuration has the e-mail channel. */
export const emailConfigured = (env = process.env): boolean => Boolean(env.EMAIL_SETTINGS);

/**
 * The reply-token signing key: the team's own secret when the configuration names one
 * (REPLY_TOKEN_SECRET, resolved at deploy), else derived from the stack's master key.
 */
export const replyTokenSecretFromEnv = (env = process.env) => ownOrDerivedKey('REPLY_TOKEN_SECRET', 'email-reply-token', env);

/** The social providers' base URLs, templates and retries (SOCIAL_SETTINGS). */
export const socialSettingsFromEnv = (env = process.env): SocialSettings => jsonEnv('SOCIAL_SETTINGS', socialSettingsSchema, env);

/** The CSAT links' signing key and the public base URL they point at. */
export function csatSettingsFromEnv(env = process.env) {
  return { key: keyFromEnv('csat-link', env), publicUrl: requireEnv('PUBLIC_API_URL', env) };
}
