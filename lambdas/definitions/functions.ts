/**
 * Every Lambda function: its entry, limits and what it may touch. A function's environment is the
 * configuration's settings plus its bindings' variables, nothing else: CDK turns `bindings` into IAM
 * grants plus those variables (lib/constructs/destek-function.ts); the local stack gives each function
 * the same variables pointing at the local servers (local/function-env.ts), and a test holds the two
 * to the same names.
 */
export type Binding =
  | 'table:read'
  | 'table:readwrite'
  | 'inbound:send'
  | 'outbound:send'
  | 'orders:read'
  | 'lex:recognize'
  | 'attachments:read'
  | 'attachments:readwrite'
  | 'attachments:put'
  | 'attachments:putChat'
  | 'inboundmail:read'
  | 'email:send'
  | 'social:send'
  | 'social:secrets'
  | 'websocket:manage'
  | 'chat:tokens'
  | 'keys:master'
  | 'table:count'
  | 'audit:record'
  | 'sla:schedule'
  | 'sla:rearm'
  | 'keys:replyToken'
  | 'keys:chatShop'
  | 'api:publicUrl'
  | 'agents:tokens'
  | 'agentsocket:manage'
  | 'helpcenter:publish'
  | 'helpcenter:site'
  | 'events:publish'
  | 'webhooks:deliver';

/**
 * The configuration settings a function reads, by group (lambdas/config/settings.ts writes each group's
 * variables; every function also gets the logging, metrics and tracing ones).
 */
export const settingGroups = ['tickets', 'brain', 'chat', 'email', 'social', 'helpCenter', 'events', 'audit', 'exports', 'sla'] as const;
export type SettingGroup = (typeof settingGroups)[number];

export interface FunctionDefinition {
  readonly entry: string;
  readonly description: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly bindings: readonly Binding[];
  readonly settings: readonly SettingGroup[];
}

export const functionDefinitions = {
  chatIngest: {
    entry: 'lambdas/handlers/chat-ingest.ts',
    description: 'Validates chat messages and enqueues them on the inbound queue',
    timeoutSeconds: 10,
    memoryMb: 256,
    // table:count: the per-visitor message counter when a visitor token comes with the message.
    // attachments:putChat: visitors' photos and PDFs, under the chat channel's keys only.
    bindings: ['inbound:send', 'table:count', 'chat:tokens', 'keys:master', 'attachments:putChat'],
    settings: ['chat'],
  },
  pipeline: {
    entry: 'lambdas/handlers/pipeline.ts',
    description: 'Resolves customer, threads to a ticket, stores the interaction, enqueues replies',
    timeoutSeconds: 30,
    memoryMb: 512,
    // orders:read and lex:recognize apply when the configuration has an orders table / Lex locales.
    // sla:schedule: each unanswered ticket's first-response timer.
    bindings: ['table:readwrite', 'outbound:send', 'orders:read', 'lex:recognize', 'sla:schedule'],
    settings: ['tickets', 'brain', 'sla'],
  },
  sender: {
    entry: 'lambdas/handlers/sender.ts',
    description: 'Delivers outbound messages on their channel exactly once',
    timeoutSeconds: 30,
    memoryMb: 256,
    // social:secrets: the provider tokens the social senders post with. outbound:send: a chat reply
    // nobody is connected for goes on by e-mail when the visitor left one. attachments:read: the files
    // a reply carries (presigned links for Meta, bytes for Telegram and e-mail).
    bindings: ['table:readwrite', 'email:send', 'social:secrets', 'websocket:manage', 'outbound:send', 'attachments:read', 'keys:master', 'keys:replyToken'],
    settings: ['tickets', 'email', 'social'],
  },
  agentApi: {
    entry: 'lambdas/handlers/agent-api.ts',
    description:
      "Agent dashboard API: tickets, customers, replies, notes, canned responses, bot answers, metrics, CSAT, exports, audit; Cognito's sign-in trigger",
    // Merging or erasing a customer walks all of their history.
    timeoutSeconds: 30,
    memoryMb: 512,
    // websocket:manage: the "agent is writing" signal to the visitor's open chat. api:publicUrl: where CSAT links point.
    // helpcenter:publish: an admin's article change asks the help center's publisher for a rebuild.
    bindings: ['table:readwrite', 'outbound:send', 'attachments:readwrite', 'websocket:manage', 'keys:master', 'api:publicUrl', 'helpcenter:publish'],
    settings: ['tickets', 'audit', 'exports', 'sla'],
  },
  emailIngest: {
    entry: 'lambdas/handlers/email-ingest.ts',
    description: 'Reads mail SES stored, parses it, threads it, guards auto-replies, enqueues it',
    timeoutSeconds: 60,
    // Up to maxMessageBytes of MIME, decoded attachments and the parse tree in memory at once.
    memoryMb: 1024,
    bindings: ['table:readwrite', 'inbound:send', 'attachments:readwrite', 'inboundmail:read', 'keys:master', 'keys:replyToken'],
    settings: ['email'],
  },
  emailEvents: {
    entry: 'lambdas/handlers/email-events.ts',
    description: 'SES bounces and complaints: suppresses the address and marks the ticket',
    timeoutSeconds: 10,
    memoryMb: 256,
    bindings: ['table:readwrite'],
    settings: [],
  },
  socialWebhook: {
    entry: 'lambdas/handlers/social-webhook.ts',
    description: 'Verifies WhatsApp, Messenger, Instagram and Telegram webhooks and enqueues their events',
    timeoutSeconds: 10,
    memoryMb: 256,
    // attachments:put: a message body too large for the social queue is kept there before the 200.
    bindings: ['social:send', 'social:secrets', 'attachments:put'],
    settings: [],
  },
  socialWorker: {
    entry: 'lambdas/handlers/social-worker.ts',
    description: 'Copies social media into the attachments bucket, forwards messages, records delivery receipts',
    // A batch of ten may each bring a file of up to social.maxMediaBytes.
    timeoutSeconds: 120,
    memoryMb: 512,
    bindings: ['inbound:send', 'table:readwrite', 'attachments:readwrite', 'social:secrets'],
    settings: ['social'],
  },
  chatSocket: {
    entry: 'lambdas/handlers/chat-socket.ts',
    description: 'Live chat WebSocket: verifies visitors on connect, keeps connections, enqueues messages',
    timeoutSeconds: 10,
    memoryMb: 256,
    bindings: ['table:readwrite', 'inbound:send', 'chat:tokens', 'keys:master'],
    settings: ['chat'],
  },
  chatVisitor: {
    entry: 'lambdas/handlers/chat-visitor.ts',
    description: 'Live chat visitor tokens and conversation history',
    timeoutSeconds: 10,
    memoryMb: 256,
    // table:count: the token route's per-address and per-shop counters.
    bindings: ['table:read', 'table:count', 'chat:tokens', 'keys:master', 'keys:chatShop'],
    settings: ['chat'],
  },
  slaCheck: {
    entry: 'lambdas/handlers/sla-check.ts',
    description: "Escalates or records an SLA breach when a ticket's timer fires and the target is still owed; re-arms the timer",
    timeoutSeconds: 30,
    memoryMb: 256,
    // sla:rearm: re-arms the target's timer for its due time (the timer's target is the checker itself); email:send: escalation and breach e-mails to agents.
    bindings: ['table:readwrite', 'sla:rearm', 'email:send'],
    settings: ['tickets', 'sla', 'email'],
  },
  agentLive: {
    entry: 'lambdas/handlers/agent-live.ts',
    description:
      "Agents' live updates: verifies an agent's token on the live socket and keeps the connection; pushes ticket changes from the table's stream to every such connection",
    // A stream batch posts to every connection (concurrently); the socket routes answer in milliseconds.
    timeoutSeconds: 30,
    memoryMb: 256,
    // One function for the socket and the stream: the same connections, one cold start, a third of the resources.
    // table:readwrite: keeps and reads the connections, deletes the ones API Gateway reports gone.
    bindings: ['table:readwrite', 'agents:tokens', 'agentsocket:manage'],
    settings: [],
  },
  helpCenterPublish: {
    entry: 'lambdas/handlers/help-center-publish.ts',
    description: "Renders the help center from its articles (the shipped set and the admins' versions) into the site's bucket",
    // Waits up to a minute for a run already rendering, then renders (seconds for a few hundred articles).
    timeoutSeconds: 120,
    memoryMb: 512,
    // table:readwrite: the articles, the publisher's lease, the bot's article links.
    bindings: ['table:readwrite', 'helpcenter:site'],
    settings: ['helpCenter'],
  },
  eventPublisher: {
    entry: 'lambdas/handlers/event-publisher.ts',
    description:
      "Publishes every meaningful change (tickets, messages, ratings, SLA, customers) from the table's stream to the shop's event bus; posts signed webhooks",
    timeoutSeconds: 30,
    memoryMb: 256,
    // Reads nothing: the stream records carry the items before and after. webhooks:deliver applies
    // when events.webhooks is configured (the same function signs and POSTs the webhook queue's events).
    bindings: ['events:publish', 'webhooks:deliver'],
    settings: ['events'],
  },
  signInAudit: {
    entry: 'lambdas/handlers/sign-in-audit.ts',
    description: "Cognito's post-authentication trigger: records each agent sign-in on the audit trail",
    // Its own small function: the user pool cannot name the agent API function (that would close a
    // dependency cycle through the console's Content-Security-Policy). Cognito waits 5 s for a trigger.
    timeoutSeconds: 5,
    memoryMb: 128,
    bindings: ['audit:record'],
    settings: ['audit'],
  },
} as const satisfies Record<string, FunctionDefinition>;

export type FunctionName = keyof typeof functionDefinitions;

/** The environment variables each binding sets. */
export const bindingEnv = {
  'table:read': ['TABLE_NAME'],
  'table:readwrite': ['TABLE_NAME'],
  'inbound:send': ['INBOUND_QUEUE_URL'],
  'outbound:send': ['OUTBOUND_QUEUE_URL'],
  /** The orders table, or the shop's endpoint and its Authorization value (a secret resolved at deploy). */
  'orders:read': ['ORDERS_TABLE_NAME', 'ORDERS_BASE_URL', 'ORDERS_AUTHORIZATION'],
  'lex:recognize': ['LEX_BOT_ID', 'LEX_BOT_ALIAS_ID'],
  'attachments:read': ['ATTACHMENTS_BUCKET'],
  'attachments:readwrite': ['ATTACHMENTS_BUCKET'],
  /** PutObject only: the social webhook keeps a message body too large for its queue. */
  'attachments:put': ['ATTACHMENTS_BUCKET'],
  /** PutObject under chat/ only: the chat ingest stores visitors' files, checked by content first. */
  'attachments:putChat': ['ATTACHMENTS_BUCKET'],
  'inboundmail:read': ['INBOUND_MAIL_BUCKET'],
  'email:send': ['EMAIL_CONFIGURATION_SET'],
  'social:send': ['SOCIAL_QUEUE_URL'],
  /** The stack's one secret (JSON), whose social fields the social functions read at run time. */
  'social:secrets': ['SOCIAL_SECRET_ARN'],
  /** The @connections callback URL (https://<api>.execute-api.<region>.amazonaws.com/<stage>). */
  'websocket:manage': ['CHAT_CALLBACK_URL'],
  /** The wss:// URL visitor tokens are for (the keys come from keys:master). */
  'chat:tokens': ['CHAT_WEBSOCKET_URL'],
  /**
   * The stack secret's master key (resolved at deploy), from which lambdas/config/keys.ts derives the
   * visitor-token, shop, CSAT-link and reply-token keys.
   */
  'keys:master': ['DESTEK_MASTER_KEY'],
  /** UpdateItem only: atomic counters (rate limits), nothing else in the table. */
  'table:count': ['TABLE_NAME'],
  /** PutItem only, and only in the audit trail's partitions (`AUDIT#…`): the sign-in trigger's records. */
  'audit:record': ['TABLE_NAME'],
  /**
   * Create/update one-time schedules in the stack's schedule group (and pass the scheduler's role):
   * the group, the SLA checker function they invoke, that role, and the checker's DLQ for timers
   * Scheduler could not deliver.
   */
  'sla:schedule': ['SLA_SCHEDULE_GROUP', 'SLA_TARGET_ARN', 'SLA_SCHEDULER_ROLE_ARN', 'SLA_DEAD_LETTER_ARN'],
  /** sla:schedule for the checker itself: its own ARN comes from the invocation (in its environment it would be a cycle). */
  'sla:rearm': ['SLA_SCHEDULE_GROUP', 'SLA_SCHEDULER_ROLE_ARN', 'SLA_DEAD_LETTER_ARN'],
  /** The team's own reply-token key (email.replyTokenSecretName), when it brings one; else derived. */
  'keys:replyToken': ['REPLY_TOKEN_SECRET'],
  /** The shop's own customer-reference key (chat.shopSecretName), when it brings one; else derived. */
  'keys:chatShop': ['CHAT_SHOP_SECRET'],
  /** The public base URL of the HTTP API (CSAT links). */
  'api:publicUrl': ['PUBLIC_API_URL'],
  /**
   * Who signs agent tokens: the ID token's issuer (the user pool), its audience (the console's app
   * client) and where the issuer's public keys are (JWKS).
   */
  'agents:tokens': ['AGENT_TOKEN_ISSUER', 'AGENT_TOKEN_AUDIENCE', 'AGENT_JWKS_URL'],
  /** The agents' socket's @connections callback URL (its own API, apart from the visitors' chat). */
  'agentsocket:manage': ['AGENT_CALLBACK_URL'],
  /** The help center's publisher function, invoked asynchronously (lambda:InvokeFunction on it only). */
  'helpcenter:publish': ['HELP_CENTER_PUBLISHER'],
  /**
   * The help center's bucket and key prefix (write, list, delete under it), the distribution to
   * invalidate (absent locally), and the site's address and asset paths (JSON: baseUrl, cssPath, jsPath).
   */
  'helpcenter:site': ['HELP_CENTER_BUCKET', 'HELP_CENTER_PREFIX', 'HELP_CENTER_DISTRIBUTION_ID', 'HELP_CENTER_SITE'],
  /** The shop's event bus (PutEvents on it only). */
  'events:publish': ['EVENT_BUS_NAME'],
  /** The configured webhooks (JSON: [{ url, secretId }], by position) and their signing secrets (read). */
  'webhooks:deliver': ['WEBHOOKS'],
} as const satisfies Record<Binding, readonly string[]>;

/**
 * A binding's values (in bindingEnv's order; undefined where the configuration has no such thing) as
 * the variables it sets. CDK and the local stack both go through here.
 */
export function bindingVariables(binding: Binding, values: readonly (string | undefined)[] | undefined): Record<string, string> {
  const names: readonly string[] = bindingEnv[binding];
  if (values && values.length !== names.length) throw new Error(`binding ${binding} sets ${names.join(', ')}: ${values.length} values given`);
  return Object.fromEntries((values ?? []).flatMap((v, i) => (v === undefined ? [] : [[names[i]!, v]])));
}
