/**
 * The EMF metrics the functions emit (lambdas/observability.ts) and the dashboard and alarms read
 * (lib/constructs/observability.ts): one list, so a renamed metric cannot leave an empty graph.
 * Every metric is a count in METRICS_NAMESPACE with the dimension service=METRICS_SERVICE.
 */
export const METRICS_NAMESPACE = 'Destek';
export const METRICS_SERVICE = 'destek';

export const metricNames = [
  // pipeline
  'InboundStored',
  'InboundReplayed',
  'TicketsOpened',
  'BotAnswers',
  'HandedToAgents',
  // sender
  'OutboundSent',
  'OutboundReplayed',
  'OutboundFailed',
  // e-mail channel
  'EmailIngested',
  'EmailAutoReplySuppressed',
  'EmailDeliveryReports',
  'EmailAddressesSuppressed',
  // social channels
  'SocialMessages',
  'SocialReceipts',
  /** Errors a provider reported in a webhook (WhatsApp value.errors, a status's or message's errors). */
  'SocialProviderErrors',
  /** Webhook content that names no one it could be placed with (no sender, no message id): acknowledged, never stored. */
  'SocialUnplaced',
  // SLA timer
  'SlaBreaches',
  'SlaEscalations',
  /** An escalation or breach e-mail SES did not take (the event and the console notice stand). */
  'SlaNoticeFailures',
  // every queue consumer: a record that failed and goes back to its queue
  'FailedRecords',
] as const;
export type MetricName = (typeof metricNames)[number];

/** Counted per channel: the only dimension besides service is `channel`. */
export const channelMetricNames = ['InboundStored', 'OutboundSent', 'OutboundFailed'] as const satisfies readonly MetricName[];
export type ChannelMetricName = (typeof channelMetricNames)[number];

/** Counted per function: the only dimension besides service is `function_name`, the Lambda's name. */
export const functionMetricNames = ['FailedRecords'] as const satisfies readonly MetricName[];
export type FunctionMetricName = (typeof functionMetricNames)[number];
