import type { DestekConfig, EmailConfig } from './config';
import { socialSettings } from '../channels/social/config';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../definitions/metrics';

/** The configuration values the Lambdas read at run time, as environment variables (CDK and local). */
export function runtimeSettings(config: DestekConfig): Record<string, string> {
  return {
    DEFAULT_LOCALE: config.defaultLocale,
    SUPPORTED_LOCALES: config.locales.join(','),
    TICKET_NUMBER_START: String(config.ticketNumberStart),
    FIRST_RESPONSE_HOURS: String(config.sla.firstResponseHours),
    CHAT_MAX_MESSAGE_CHARS: String(config.chat.maxMessageChars),
    CHAT_ALLOWED_ORIGINS: config.chat.allowedOrigins.join(','),
    CHAT_MESSAGES_PER_MINUTE: String(config.chat.messagesPerMinute),
    CHAT_MESSAGES_PER_ADDRESS_PER_MINUTE: String(config.chat.messagesPerAddressPerMinute),
    CHAT_TOKENS_PER_ADDRESS_PER_MINUTE: String(config.chat.tokenLimits.perAddressPerMinute),
    CHAT_NEW_VISITORS_PER_MINUTE: String(config.chat.tokenLimits.newVisitorsPerMinute),
    CHAT_TOKEN_TTL_MINUTES: String(config.chat.tokenTtlMinutes),
    CHAT_CONNECTION_TTL_HOURS: String(config.chat.connectionTtlHours),
    POWERTOOLS_SERVICE_NAME: METRICS_SERVICE,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    POWERTOOLS_LOG_LEVEL: config.logLevel,
    POWERTOOLS_TRACE_ENABLED: String(config.observability.tracing),
    ...(config.observability.sourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
    BRAIN_SETTINGS: JSON.stringify({
      shop: config.shop,
      engines: config.brain.engines,
      lexLocaleIds: config.brain.lexLocaleIds,
      outOfScopeBelow: config.brain.outOfScopeBelow,
      orderNumberPattern: config.brain.orderNumberPattern,
      vipCategories: config.brain.vipCategories,
      slaByPriority: config.sla.byPriority,
    }),
    ...(config.orders.source === 'http' ? { ORDERS_BASE_URL: config.orders.baseUrl } : {}),
    ...(config.email ? { EMAIL_SETTINGS: JSON.stringify(emailRuntimeSettings(config.email)) } : {}),
    SOCIAL_SETTINGS: JSON.stringify(socialSettings(config.social)),
  };
}

/** What the e-mail functions read at run time (the signing key travels separately, as a secret). */
export function emailRuntimeSettings(email: EmailConfig) {
  const { replyTokenSecret: _secret, replyTokenSecretName: _name, activateRuleSet: _active, rawMailRetentionDays: _days, ...rest } = email;
  return rest;
}
