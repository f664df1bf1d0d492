import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod';
import { eventIncludes, eventTypes, type EventType } from '#core/events';
import { logRetentionDays } from '#definitions/bundling';
import { businessHoursSchema } from './business-hours';
import { calendarsSchema, slaPolicyFields } from './sla-policies';
import { socialConfigSchema } from './social';

/** The e-mail channel (SES inbound and outbound). */
export const emailConfigSchema = z
  .object({
    /** Addresses customers write to, on one domain or several; the first is the default sender. */
    supportAddresses: z.array(z.string().email().toLowerCase()).min(1),
    fromName: z.string().min(1).max(100),
    /**
     * The signature under the bot's answers by e-mail, per locale ("tr", "en"; lines separated by \n).
     * A locale without one signs "Saygılarımızla,\n<fromName>" / "Kind regards,\n<fromName>".
     */
    signature: z.record(z.string().min(2), z.string().min(1).max(500)).default({}),
    /** Make the stack's receipt rule set the active one (only one can be active per region). */
    activateRuleSet: z.boolean().default(false),
    /** Colleagues (e.g. the shop's own domain) may thread a mail by the [#N] in its subject. */
    colleagueDomains: z.array(z.string().min(1).toLowerCase()).default([]),
    /** A new mail from the same customer with the same subject within this window joins the open ticket. */
    subjectWindowHours: z.number().positive().default(72),
    acknowledgement: z
      .object({ enabled: z.boolean().default(true) })
      .strict()
      .default({ enabled: true }),
    limits: z
      .object({
        autoRepliesPerSenderPerHour: z.number().int().positive().default(5),
        autoRepliesPerTicketPerHour: z.number().int().positive().default(3),
        maxMessageBytes: z
          .number()
          .int()
          .positive()
          .default(25 * 1024 * 1024),
        maxAttachmentBytes: z
          .number()
          .int()
          .positive()
          .default(10 * 1024 * 1024),
        maxAttachments: z.number().int().positive().max(50).default(20),
      })
      .strict()
      .default({
        autoRepliesPerSenderPerHour: 5,
        autoRepliesPerTicketPerHour: 3,
        maxMessageBytes: 25 * 1024 * 1024,
        maxAttachmentBytes: 10 * 1024 * 1024,
        maxAttachments: 20,
      }),
    /**
     * A Secrets Manager secret of the team's own with the reply-token signing key (another $0.40 a
     * month); without it the key is derived from the stack secret's master key.
     */
    replyTokenSecretName: z.string().min(1).optional(),
    /** The local stack's value of replyTokenSecretName's key (it cannot read that secret); never set it in a deployed configuration. */
    replyTokenSecret: z.string().min(16).optional(),
    /** Keep raw inbound mail this many days (then it is deleted from the inbound-mail bucket). */
    rawMailRetentionDays: z.number().int().positive().default(365),
  })
  .strict();
export type EmailConfig = z.infer<typeof emailConfigSchema>;

/** Dashboard, alarms and tracing: what they add per month is in the README ("Observability"). */
export const observabilityConfigSchema = z
  .object({
    /** The CloudWatch dashboard. */
    dashboard: z.boolean().default(true),
    /** Alarms on errors, throttles, 5xx, queue age and SLA breaches (dead-letter alarms are always there). */
    alarms: z.boolean().default(true),
    /** Active X-Ray tracing of every function: Lambda records each invocation and its init, no code in the function. */
    tracing: z.boolean().default(true),
    /**
     * With tracing, also a subsegment per AWS SDK call and outgoing HTTP request, through the Powertools
     * tracer. Off by default: loading aws-xray-sdk-core adds about half a hello-world handler's whole
     * start to every cold start (README, "Cold starts").
     */
    traceCalls: z.boolean().default(false),
    /**
     * Source maps beside the bundles and Node's --enable-source-maps, for stack traces that name the
     * TypeScript lines. Off by default: parsing the maps makes every cold start slower.
     */
    sourceMaps: z.boolean().default(false),
    /** Subscribed to the alarm topic by e-mail (AWS asks the address to confirm once). */
    alertEmail: z.string().email().optional(),
    /** A queue whose oldest message waits longer than this raises an alarm. */
    oldestMessageAlarmMinutes: z.number().int().positive().max(1440).default(15),
  })
  .strict()
  .default({ dashboard: true, alarms: true, tracing: true, traceCalls: false, sourceMaps: false, oldestMessageAlarmMinutes: 15 });
export type ObservabilityConfig = z.infer<typeof observabilityConfigSchema>;

/** Whether the runtime knows the time zone (IANA name). */
function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const NPS_DEFAULTS = { enabled: true, intervalDays: 90, linkDays: 30, question: {} };
const npsConfigSchema = z
  .object({
    enabled: z.boolean().default(NPS_DEFAULTS.enabled),
    /** A customer is asked at most once in this many days. */
    intervalDays: z.number().int().positive().max(3650).default(NPS_DEFAULTS.intervalDays),
    /** How long a survey link answers. */
    linkDays: z.number().int().positive().max(365).default(NPS_DEFAULTS.linkDays),
    /** The question per locale ({shop}: the shop's name); the built-in tr/en wording where absent. */
    question: z.record(z.string().min(2), z.string().min(10).max(600)).default(NPS_DEFAULTS.question),
  })
  .strict()
  .default(NPS_DEFAULTS);
/** A signed outgoing webhook: every event of the named types, POSTed with an HMAC-SHA256 signature. */
export const webhookConfigSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    /** Secrets Manager secret (plain text) holding the signing key (the local stack seeds its stand-in with `local-<secretName>`). */
    secretName: z.string().min(1),
    events: z.array(z.enum(eventTypes as [EventType, ...EventType[]])).min(1),
  })
  .strict();
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;

export const eventsConfigSchema = z
  .object({
    /** Personal data events carry besides ids (none by default). */
    include: z.array(z.enum(eventIncludes)).default([]),
    webhooks: z.array(webhookConfigSchema).max(5).default([]),
  })
  .strict()
  .default({ include: [], webhooks: [] });

/**
 * The deployment configuration: one file (destek.config.json) read by the CDK app and by the local
 * stack alike. Lambdas never read it; they get what they need through environment variables.
 */
export const configSchema = z
  .object({
    stackName: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'a CloudFormation stack name'),
    defaultLocale: z.string().min(2),
    locales: z.array(z.string().min(2)).min(1),
    ticketNumberStart: z.number().int().positive(),
    sla: z
      .object({
        firstResponseHours: z.number().positive(),
        /** Shorter targets for urgent and high priority; other priorities use firstResponseHours. */
        byPriority: z.object({ urgent: z.number().positive(), high: z.number().positive(), low: z.number().positive() }).partial().strict().default({}),
        /** The time zone customers are told due times in ("by 14:30 today"): an IANA name. */
        timeZone: z
          .string()
          .refine((tz) => isTimeZone(tz), 'an IANA time zone such as Europe/Istanbul')
          .default('Europe/Istanbul'),
        /** Per priority (and channel): first, next response and resolution targets (config/sla-policies.ts). */
        ...slaPolicyFields,
      })
      .strict(),
    /** Where tickets go: defaultTeam takes every ticket nothing else routed to a team (teams are managed through the API). */
    routing: z
      .object({
        defaultTeam: z
          .string()
          .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a team id such as destek or kargo')
          .optional(),
      })
      .strict()
      .default({}),
    /** The team's business hours: SLA due times count open time only. Without it the SLA counts every hour. */
    businessHours: businessHoursSchema.optional(),
    /** Named calendars a team can count its SLA in (Team.calendar); businessHours is the default. */
    calendars: calendarsSchema.optional(),
    shop: z.object({ name: z.string().min(1), helpUrl: z.string().url(), returnDays: z.number().int().positive() }).strict(),
    /** The help center (helpcenter/): its accent colour, #rrggbb (text on it is black or white, whichever reads better). */
    helpCenter: z
      .object({
        color: z
          .string()
          .regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb')
          .optional(),
      })
      .strict()
      .optional(),
    brain: z
      .object({
        /** Per locale, who recognises and answers: Amazon Lex V2 or the built-in recognizer. */
        engines: z.record(z.string(), z.enum(['lex', 'builtin'])),
        /** Lex locale id of each locale Lex answers (Lex V2 has no Turkish). */
        lexLocaleIds: z.record(z.string(), z.string().regex(/^[a-z]{2}_[A-Z]{2}$/)).default({}),
        lexConfidenceThreshold: z.number().min(0).max(1).default(0.4),
        /** Below this confidence the built-in recognizer calls a message out of scope. */
        outOfScopeBelow: z.number().min(0).max(1),
        /** The shop's order-number format, a regular expression. */
        orderNumberPattern: z.string().min(1),
        /** Customer categories whose tickets start at high priority. */
        vipCategories: z.array(z.string()).default([]),
      })
      .strict(),
    orders: z.discriminatedUnion('source', [
      z.object({ source: z.literal('dynamodb') }).strict(),
      z
        .object({
          source: z.literal('http'),
          baseUrl: z.string().url(),
          /** Secrets Manager secret holding the Authorization header value for the shop's endpoint. */
          authorizationSecretName: z.string().min(1).optional(),
        })
        .strict(),
    ]),
    logRetentionDays: z.number().refine((d) => (logRetentionDays as readonly number[]).includes(d), `one of ${logRetentionDays.join(', ')}`),
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']),
    chat: z
      .object({
        // 32,000 characters stay within one queue message and one item whatever they are (3 bytes of
        // UTF-8 each, 6 in JSON for a control character): see MESSAGE_BUDGET_BYTES.
        maxMessageChars: z.number().int().positive().max(32_000),
        allowedOrigins: z.array(z.string()).min(1),
        /** Messages one visitor may send a minute (WebSocket and HTTP together). */
        messagesPerMinute: z.number().int().positive().max(600).default(20),
        /** Messages one client address may send a minute, all its visitors together (many visitors share a carrier's NAT). */
        messagesPerAddressPerMinute: z.number().int().positive().max(100_000).default(120),
        /**
         * POST /chat/token: tokens one client address may get a minute, and new visitors the whole shop
         * may get a minute (renewals of a valid token count only against their address).
         */
        tokenLimits: z
          .object({ perAddressPerMinute: z.number().int().positive().max(100_000), newVisitorsPerMinute: z.number().int().positive().max(1_000_000) })
          .strict()
          .default({ perAddressPerMinute: 30, newVisitorsPerMinute: 1200 }),
        /** How long a visitor token is good for; the widget renews it with the expired one. */
        tokenTtlMinutes: z.number().int().positive().max(43_200).default(720),
        /** A connection item outlives a missed $disconnect by at most this (API Gateway closes at 2 h). */
        connectionTtlHours: z.number().int().positive().max(24).default(3),
        /** WebSocket stage throttling (messages and connects per second across all visitors; see README, Scale). */
        socketThrottle: z
          .object({ ratePerSecond: z.number().positive(), burst: z.number().int().positive() })
          .strict()
          .default({ ratePerSecond: 1000, burst: 2000 }),
        /** A secret of the shop's own to sign customer references with ($0.40 a month); derived from the master key when unset. */
        shopSecretName: z.string().min(1).optional(),
        /** Built into widget.js (a page's data attributes override it; README, "The widget"). */
        widget: z
          .object({
            /** The greeting at the top of the chat, per locale; the widget's own where a locale is absent. */
            welcome: z
              .object({ tr: z.string().trim().min(1).max(500), en: z.string().trim().min(1).max(500) })
              .partial()
              .strict()
              .default({}),
          })
          .strict()
          .default({ welcome: {} }),
      })
      .strict(),
    api: z.object({ throttleRatePerSecond: z.number().positive(), throttleBurst: z.number().int().positive() }).strict(),
    agents: z
      .object({
        localIssuer: z.string().url(),
        localAudience: z.string().min(1),
        /** The managed login's domain prefix (<prefix>.auth.<region>.amazoncognito.com); by default the stack's name and account. */
        signInDomainPrefix: z
          .string()
          .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and hyphens, at most 63')
          .refine((p) => !/aws|amazon|cognito/.test(p), 'Cognito refuses a prefix with aws, amazon or cognito')
          .optional(),
        /** How long an agent stays signed in to the console (the refresh token's validity). */
        sessionDays: z.number().int().min(1).max(3650).default(30),
      })
      .strict(),
    /** The audit trail of admin actions and sign-ins (README, "Audit trail"): how long a record is kept. */
    audit: z
      .object({ retentionDays: z.number().int().min(1).max(3650).default(365) })
      .strict()
      .default({ retentionDays: 365 }),
    /** CSV exports (README, "Exports"): how long a stored export's link works, and how large a CSV is still answered inline. */
    exports: z
      .object({
        linkMinutes: z.number().int().min(1).max(720).default(15),
        // Lambda's response payload is at most 6 MB with its envelope.
        inlineMaxBytes: z.number().int().min(1).max(5_500_000).default(5_000_000),
      })
      .strict()
      .default({ linkMinutes: 15, inlineMaxBytes: 5_000_000 }),
    /** An existing SNS topic for the alarms; without it the stack creates one. */
    alarmTopicArn: z.string().startsWith('arn:').optional(),
    /** NPS after resolutions (README, NPS). */
    nps: npsConfigSchema,
    observability: observabilityConfigSchema,
    /** The e-mail channel; without it the stack has no SES resources. */
    email: emailConfigSchema.optional(),
    /** WhatsApp, Messenger, Instagram and Telegram: provider base URLs, templates, retries. */
    social: socialConfigSchema.optional(),
    /** Events for the shop's systems (README, "Events"): personal data they may carry, signed webhooks. */
    events: eventsConfigSchema,
    /** Ticket search: the table's own index (default, nothing while idle) or an OpenSearch Serverless collection the stack creates. */
    search: z
      .object({ engine: z.enum(['dynamodb', 'opensearch']).default('dynamodb') })
      .strict()
      .default({ engine: 'dynamodb' }),
  })
  .strict()
  .refine((c) => c.locales.includes(c.defaultLocale), { message: 'defaultLocale must be one of locales' })
  .refine((c) => c.locales.every((l) => c.brain.engines[l]), { message: 'brain.engines needs an engine for every locale' })
  .refine((c) => Object.entries(c.brain.engines).every(([l, e]) => e !== 'lex' || c.brain.lexLocaleIds[l]), {
    message: 'every locale answered by lex needs brain.lexLocaleIds (Lex V2 has no Turkish: use builtin for tr)',
  })
  .refine(
    (c) => {
      try {
        new RegExp(c.brain.orderNumberPattern);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'brain.orderNumberPattern is not a valid regular expression' },
  );

export type DestekConfig = z.infer<typeof configSchema>;

export const DEFAULT_CONFIG_FILE = 'destek.config.json';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseConfig(raw: unknown, source: string): DestekConfig {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? first.path.join('.') : '(root)';
    throw new ConfigError(`${source}: ${where}: ${first?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export function loadConfig(file = DEFAULT_CONFIG_FILE, cwd = process.cwd()): DestekConfig {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`cannot read configuration file ${path}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  return parseConfig(raw, path);
}
