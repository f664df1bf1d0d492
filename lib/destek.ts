import { CfnOutput, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { DestekConfig } from '#config/config';
import { runtimeSettings } from '#config/settings';
import { functionDefinitions, type FunctionName } from '#definitions/functions';
import { helpCenterKeyPrefix } from '#definitions/help-center';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AgentAuth, defaultDomainPrefix } from './constructs/agent-auth';
import { AgentConsole } from './constructs/agent-console';
import { HelpCenter } from './constructs/help-center';
import { AgentLive } from './constructs/agent-live';
import { SearchCollection } from './constructs/search';

import { DestekFunction, type BindableResources } from './constructs/destek-function';
import { SupportApi } from './constructs/http-api';
import { MessageQueues } from './constructs/queues';
import { OrdersData, SupportData } from './constructs/data';
import { SupportBot } from './constructs/support-bot';
import { StackSecret } from './constructs/stack-secret';
import { LiveChat } from './constructs/chat';
import { loadIntents } from '#definitions/bot/load';
import type { IntentDefinition } from '#definitions/bot/schema';
import { EmailChannel } from './constructs/email';
import { SlaTimers } from './constructs/sla-timers';
import { constructIds } from '#definitions/dead-letters';
import { AsyncInvocations } from './constructs/async-invocations';
import { Observability } from './constructs/observability';
import { ShopEvents } from './constructs/shop-events';

export interface DestekProps {
  readonly config: DestekConfig;
  /** Where package.json and lambdas/ are (the bundler's root). */
  readonly projectRoot: string;
  /** The bot definition; by default the one in lambdas/definitions/bot, which the local recognizer trains from. */
  readonly intents?: readonly IntentDefinition[];
}

/** The whole support pipeline as one construct, for a team to embed in a stack of its own. */
export class Destek extends Construct {
  readonly data: SupportData;
  readonly queues: MessageQueues;
  readonly functions: Record<FunctionName, DestekFunction>;
  readonly auth: AgentAuth;
  readonly api: SupportApi;
  /** The Lex V2 bot, when the configuration gives Lex a locale. */
  readonly bot?: SupportBot;
  /** The orders table, when order status comes from DynamoDB rather than the shop's endpoint. */
  readonly orders?: OrdersData;
  /** SES inbound and outbound, when the configuration has the e-mail channel. */
  readonly email?: EmailChannel;
  /** The one secret: the master key of the derived signing keys, the social providers' tokens. */
  readonly secret: StackSecret;
  /** The agent console behind CloudFront, signing in with the user pool's managed login. */
  readonly console: AgentConsole;
  /** The help center: the static site of helpcenter/articles behind CloudFront. */
  readonly helpCenter: HelpCenter;
  /** The live chat: WebSocket API, signing secrets, the widget behind CloudFront. */
  readonly chat: LiveChat;
  /** One EventBridge Scheduler schedule per unanswered ticket, firing at its first-response due time. */
  readonly slaTimers: SlaTimers;
  /** Retries, dead-letter queues and alarms of the functions AWS services invoke asynchronously. */
  readonly asyncInvocations: AsyncInvocations;
  /** Alarm topic, alarms, dashboard and saved Logs Insights queries. */
  readonly observability: Observability;
  /** The agents' live socket (WebSocket API) and the table's change feed that pushes ticket changes to it. */
  readonly agentLive: AgentLive;
  /** The shop's event bus, and the signed webhooks when configured. */
  readonly events: ShopEvents;

  constructor(scope: Construct, id: string, props: DestekProps) {
    super(scope, id);
    const { config } = props;
    const logRetention = config.logRetentionDays as RetentionDays;
    this.data = new SupportData(this, constructIds.data);
    this.queues = new MessageQueues(this, constructIds.queues);
    const lexLocales = Object.fromEntries(
      Object.entries(config.brain.engines)
        .filter(([, engine]) => engine === 'lex')
        .map(([locale]) => [locale, config.brain.lexLocaleIds[locale]!]),
    );
    if (Object.keys(lexLocales).length) {
      this.bot = new SupportBot(this, 'Bot', {
        intents: props.intents ?? loadIntents(),
        lexLocales,
        nluConfidenceThreshold: config.brain.lexConfidenceThreshold,
        slotPatterns: { orderNumber: config.brain.orderNumberPattern },
      });
    }
    if (config.orders.source === 'dynamodb') this.orders = new OrdersData(this, 'Orders');
    if (config.email) {
      this.email = new EmailChannel(this, 'Email', { config: config.email, accessLogs: this.data.accessLogs });
    }
    this.secret = new StackSecret(this, 'Secrets');
    this.chat = new LiveChat(this, 'Chat', { config, projectRoot: props.projectRoot, logRetention, accessLogs: this.data.accessLogs });
    // The console and the pool's client name each other (sign-in redirects, config.json): the address is read once both exist.
    this.auth = new AgentAuth(this, 'AgentAuth', {
      consoleUrl: Lazy.string({ produce: () => this.console.url }),
      domainPrefix: config.agents.signInDomainPrefix ?? defaultDomainPrefix(config.stackName, Stack.of(this).account),
      refreshTokenValidity: Duration.days(config.agents.sessionDays),
    });
    this.agentLive = new AgentLive(this, 'AgentLive', { auth: this.auth, logRetention });
    this.events = new ShopEvents(this, 'Events', { busName: `${config.stackName}-events`, webhooks: config.events.webhooks });
    const resources = {
      table: this.data.table,
      inboundQueue: this.queues.queues.inbound,
      outboundQueue: this.queues.queues.outbound,
      attachments: this.data.attachments,
      ...(this.orders ? { ordersTable: this.orders.table } : {}),
      ...(this.bot ? { bot: this.bot } : {}),
      ...(this.email ? { inboundMail: this.email.inboundMail, emailSending: this.email } : {}),
      socialQueue: this.queues.queues.social,
      stackSecret: this.secret,
      chat: this.chat,
      agentLive: this.agentLive,
      events: this.events,
      ...(config.orders.source === 'http' ? { ordersEndpoint: { baseUrl: config.orders.baseUrl, ...this.ordersAuthorization(config) } } : {}),
      ownKeys: this.ownKeys(config),
      // From the API id (not the stage URL), so the agent function does not depend on the routes that depend on it.
      publicApiUrl: Lazy.string({ produce: () => `https://${this.api.api.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}` }),
      helpCenter: {
        grantInvokePublisher: (grantee: IGrantable) => {
          const publisher = this.functions.helpCenterPublish;
          // This function only, unqualified (grantInvoke would add its versions too, a wildcard).
          grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [publisher.functionArn] }));
          return [publisher.functionName];
        },
        // The help center is built after the functions (it links the API): its names resolve at synthesis.
        siteEnvironment: () => [
          Lazy.string({ produce: () => this.helpCenter.bucket.bucketName }),
          helpCenterKeyPrefix(config.shop.helpUrl),
          Lazy.string({ produce: () => this.helpCenter.distribution.distributionId }),
          Lazy.string({ produce: () => JSON.stringify(this.helpCenter.site) }),
        ],
      },
    };
    this.functions = Object.fromEntries(
      (Object.keys(functionDefinitions) as FunctionName[]).map((name) => [
        name,
        new DestekFunction(this, constructIds.function(name), {
          definition: functionDefinitions[name],
          settings: runtimeSettings(config, functionDefinitions[name].settings),
          logRetention,
          tracing: config.observability.tracing,
          traceCalls: config.observability.tracing && config.observability.traceCalls,
          sourceMaps: config.observability.sourceMaps,
          projectRoot: props.projectRoot,
        }),
      ]),
    ) as Record<FunctionName, DestekFunction>;
    this.asyncInvocations = new AsyncInvocations(this, constructIds.asyncInvocations, { functions: this.functions });
    this.slaTimers = new SlaTimers(this, 'SlaTimers', { target: this.functions.slaCheck, deadLetterQueue: this.asyncInvocations.deadLetterQueues.slaCheck });
    for (const fn of Object.values(this.functions)) fn.bindAll({ ...resources, slaTimers: this.slaTimers });
    this.queues.connectConsumers(this.functions);
    this.email?.connect({
      ingest: this.functions.emailIngest,
      events: this.functions.emailEvents,
      eventsDeadLetterQueue: this.asyncInvocations.deadLetterQueues.emailEvents,
    });
    this.chat.addRoutes(this.functions);
    this.agentLive.connect(this.functions, this.data.table);
    this.events.connect(this.functions.eventPublisher);
    this.auth.recordSignIns(this.functions.signInAudit);
    // Only a shop that chose OpenSearch has a collection (it bills while idle); the table's own index needs no resource.
    if (props.config.search.engine === 'opensearch') new SearchCollection(this, 'Search', { readers: [this.functions.agentApi, this.functions.agentLive] });
    this.api = new SupportApi(this, 'Api', {
      functions: this.functions,
      auth: this.auth,
      throttle: { rateLimit: config.api.throttleRatePerSecond, burstLimit: config.api.throttleBurst },
      // The shops' pages (chat) and the console; '*' already covers the console.
      cors: {
        allowOrigins: config.chat.allowedOrigins.includes('*')
          ? config.chat.allowedOrigins
          : [...config.chat.allowedOrigins, Lazy.string({ produce: () => this.console.origin })],
      },
      logRetention,
    });
    this.console = new AgentConsole(this, 'Console', {
      projectRoot: props.projectRoot,
      apiUrl: this.api.url,
      liveUrl: this.agentLive.liveUrl,
      auth: this.auth,
      attachments: this.data.attachments,
      accessLogs: this.data.accessLogs,
      helpUrl: config.shop.helpUrl,
    });
    this.helpCenter = new HelpCenter(this, 'HelpCenter', {
      projectRoot: props.projectRoot,
      config,
      widgetUrl: this.chat.widgetUrl,
      apiUrl: this.api.url,
      attachments: this.data.attachments,
      accessLogs: this.data.accessLogs,
      publisher: this.functions.helpCenterPublish,
    });
    this.observability = new Observability(this, 'Observability', {
      config: config.observability,
      ...(config.alarmTopicArn ? { alarmTopicArn: config.alarmTopicArn } : {}),
      functions: this.functions,
      queues: this.queues,
      deadLetterAlarms: [
        ...Object.values(this.queues.alarms),
        ...Object.values(this.asyncInvocations.alarms),
        ...(this.events.webhookAlarm ? [this.events.webhookAlarm] : []),
      ],
      httpStages: [this.api.stage],
      webSocketStages: [this.chat.stage, this.agentLive.stage],
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Chat ingest and agent API base URL' });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.client.userPoolClientId });
    new CfnOutput(this, 'ConsoleUrl', { value: this.console.url, description: 'The agent console: agents sign in here (managed login, MFA)' });
    new CfnOutput(this, 'HelpCenterUrl', {
      value: this.helpCenter.url,
      description: `The help center; route ${config.shop.helpUrl} to it (its pages name that address)`,
    });
    new CfnOutput(this, 'SignInUrl', { value: this.auth.signInUrl, description: "The user pool's managed-login domain" });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'AttachmentsBucketName', { value: this.data.attachments.bucketName });
    if (this.orders) new CfnOutput(this, 'OrdersTableName', { value: this.orders.table.tableName });
    if (this.bot) new CfnOutput(this, 'LexBotId', { value: this.bot.botId });
    new CfnOutput(this, 'SecretArn', {
      value: this.secret.secret.secretArn,
      description: "The stack's secret: put the social providers' tokens here (JSON); keep masterKey",
    });
    new CfnOutput(this, 'ChatWebSocketUrl', { value: this.chat.stage.url, description: 'Live chat WebSocket API' });
    new CfnOutput(this, 'AgentLiveUrl', { value: this.liveUrl, description: "The agents' live socket (the console's liveUrl)" });
    new CfnOutput(this, 'ChatWidgetUrl', { value: this.chat.widgetUrl, description: 'The chat widget script: <script src=... data-destek-url=ApiUrl async>' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.observability.topic.topicArn, description: 'Every alarm notifies this SNS topic' });
    if (this.observability.dashboard) new CfnOutput(this, 'DashboardName', { value: this.observability.dashboard.dashboardName });
  }

  /** wss://…/live: the agents' live socket, the console's `liveUrl` (its CSP connect-src needs the origin). */
  get liveUrl(): string {
    return this.agentLive.liveUrl;
  }

  /**
   * The shop endpoint's Authorization value, resolved by CloudFormation at deploy time into the
   * pipeline's (KMS-encrypted) environment; it never appears in the template or the repository.
   */
  private ordersAuthorization(config: DestekConfig): { authorization?: string } {
    if (config.orders.source !== 'http' || !config.orders.authorizationSecretName) return {};
    return { authorization: Secret.fromSecretNameV2(this, 'OrdersAuthorization', config.orders.authorizationSecretName).secretValue.unsafeUnwrap() };
  }

  /**
   * Keys a team brings as secrets of its own (another secret each, $0.40 a month), resolved at deploy
   * time; without them the functions derive the keys from the master key.
   */
  private ownKeys(config: DestekConfig): BindableResources['ownKeys'] {
    const resolved = (id: string, name: string) => Secret.fromSecretNameV2(this, id, name).secretValue.unsafeUnwrap();
    return {
      ...(config.email?.replyTokenSecretName ? { replyToken: resolved('ReplyTokenSecret', config.email.replyTokenSecretName) } : {}),
      ...(config.chat.shopSecretName ? { chatShop: resolved('ChatShopSecret', config.chat.shopSecretName) } : {}),
    };
  }
}
