import type { DestekConfig, EmailConfig } from './config';
import { calendarSetting } from './business-hours';
import { calendarsSetting, slaSettings } from './sla-policies';
import { socialSettings } from './social';
import { settingGroups, type SettingGroup } from '#definitions/functions';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '#definitions/metrics';

/** Each group's variables, as the functions read them (lambdas/wiring/settings.ts). */
const groupSettings: Record<SettingGroup, (config: DestekConfig) => Record<string, string>> = {
  tickets: (config) => ({
    TICKET_NUMBER_START: String(config.ticketNumberStart),
    ...(config.routing.defaultTeam ? { DEFAULT_TEAM: config.routing.defaultTeam } : {}),
    NPS_SETTINGS: JSON.stringify({ ...config.nps, shopName: config.shop.name }),
  }),
  brain: (config) => ({
    DEFAULT_LOCALE: config.defaultLocale,
    SUPPORTED_LOCALES: config.locales.join(','),
    FIRST_RESPONSE_HOURS: String(config.sla.firstResponseHours),
    BRAIN_SETTINGS: JSON.stringify({
      shop: config.shop,
      engines: config.brain.engines,
      lexLocaleIds: config.brain.lexLocaleIds,
      outOfScopeBelow: config.brain.outOfScopeBelow,
      orderNumberPattern: config.brain.orderNumberPattern,
      vipCategories: config.brain.vipCategories,
      slaByPriority: config.sla.byPriority,
      timeZone: config.sla.timeZone,
    }),
  }),
  // The SLA policies and every calendar: the pipeline sets the clocks, the checker and the agent API read them.
  sla: (config) => ({
    SLA_SETTINGS: JSON.stringify(slaSettings(config.sla)),
    ...(config.businessHours ? { BUSINESS_HOURS: JSON.stringify(calendarSetting(config.businessHours)) } : {}),
    ...(config.calendars ? { BUSINESS_CALENDARS: JSON.stringify(calendarsSetting(config.calendars)) } : {}),
  }),
  chat: (config) => ({
    CHAT_MAX_MESSAGE_CHARS: String(config.chat.maxMessageChars),
    CHAT_ALLOWED_ORIGINS: config.chat.allowedOrigins.join(','),
    CHAT_MESSAGES_PER_MINUTE: String(config.chat.messagesPerMinute),
    CHAT_MESSAGES_PER_ADDRESS_PER_MINUTE: String(config.chat.messagesPerAddressPerMinute),
    CHAT_TOKENS_PER_ADDRESS_PER_MINUTE: String(config.chat.tokenLimits.perAddressPerMinute),
    CHAT_NEW_VISITORS_PER_MINUTE: String(config.chat.tokenLimits.newVisitorsPerMinute),
    CHAT_TOKEN_TTL_MINUTES: String(config.chat.tokenTtlMinutes),
    CHAT_CONNECTION_TTL_HOURS: String(config.chat.connectionTtlHours),
  }),
  // Without the e-mail channel there is nothing to set: the sender then has no e-mail sender.
  email: (config): Record<string, string> => (config.email ? { EMAIL_SETTINGS: JSON.stringify(emailRuntimeSettings(config.email)) } : {}),
  social: (config) => ({ SOCIAL_SETTINGS: JSON.stringify(socialSettings(config.social)) }),
  // What the help center's pages show besides the articles (its address comes with the helpcenter:site binding).
  helpCenter: (config) => ({ HELP_CENTER_SETTINGS: JSON.stringify(helpCenterSiteSettings(config)) }),
  events: (config) => ({ EVENTS_SETTINGS: JSON.stringify({ include: config.events.include }) }),
  audit: (config) => ({ AUDIT_RETENTION_DAYS: String(config.audit.retentionDays) }),
  exports: (config) => ({ EXPORT_LINK_SECONDS: String(config.exports.linkMinutes * 60), EXPORT_INLINE_MAX_BYTES: String(config.exports.inlineMaxBytes) }),
};

/**
 * The configuration values a function reads at run time, as environment variables (CDK and local):
 * logging, metrics and tracing for every function, then the groups it reads (its definition's
 * `settings`; every group when none are named).
 */
export function runtimeSettings(config: DestekConfig, groups: readonly SettingGroup[] = settingGroups): Record<string, string> {
  return {
    POWERTOOLS_SERVICE_NAME: METRICS_SERVICE,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    POWERTOOLS_LOG_LEVEL: config.logLevel,
    // The in-process tracer only for SDK-call subsegments; Lambda's active tracing needs no code.
    POWERTOOLS_TRACE_ENABLED: String(config.observability.tracing && config.observability.traceCalls),
    // Mapping stack traces costs start-up time on every cold start: only when configured.
    ...(config.observability.sourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
    ...Object.assign({}, ...groups.map((g) => groupSettings[g](config))),
  };
}

/** What the e-mail functions read at run time (the signing key travels separately, as a secret). */
export function emailRuntimeSettings(email: EmailConfig) {
  const { replyTokenSecret: _secret, replyTokenSecretName: _name, activateRuleSet: _active, rawMailRetentionDays: _days, ...rest } = email;
  return rest;
}

/** What the pages show besides the articles, from the configuration: the same for the build and the publisher (HELP_CENTER_SETTINGS). */
export function helpCenterSiteSettings(config: {
  readonly shop: { readonly name: string; readonly returnDays: number; readonly helpUrl: string };
  readonly defaultLocale: string;
  readonly helpCenter?: { readonly color?: string | undefined } | undefined;
  readonly email?: { readonly supportAddresses: readonly string[] } | undefined;
}): { shop: { name: string; returnDays: number; helpUrl: string }; defaultLocale: 'tr' | 'en'; color?: string; contactHref: string } {
  return {
    shop: { name: config.shop.name, returnDays: config.shop.returnDays, helpUrl: config.shop.helpUrl },
    defaultLocale: config.defaultLocale === 'en' ? 'en' : 'tr',
    ...(config.helpCenter?.color ? { color: config.helpCenter.color } : {}),
    contactHref: config.email ? `mailto:${config.email.supportAddresses[0]}` : config.shop.helpUrl,
  };
}
