import { CfnOutput } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { DestekConfig } from '../lambdas/config/config';
import { runtimeSettings } from '../lambdas/config/settings';
import { functionDefinitions, type FunctionName } from '../lambdas/definitions/functions';
import { AgentAuth } from './constructs/agent-auth';
import { AgentApiSettings } from './constructs/agent-api';

import { DestekFunction } from './constructs/destek-function';
import { SupportApi } from './constructs/http-api';
import { MessageQueues } from './constructs/queues';
import { OrdersData, SupportData } from './constructs/data';
import { SupportBot } from './constructs/support-bot';
import { SocialChannels } from './constructs/social';
import { LiveChat } from './constructs/chat';
import { loadIntents } from '../lambdas/definitions/bot/load';
import { EmailChannel } from './constructs/email';
import { SlaTimers } from './constructs/sla-timers';
import { Observability } from './constructs/observability';

export interface DestekProps {
  readonly config: DestekConfig;
  /** Where package.json and lambdas/ are (the bundler's root). */
  readonly projectRoot: string;
}

/** The whole support pipeline as one construct, for a team to embed in a stack of its own. */
export class Destek extends Construct {
  readonly data: SupportData;
  readonly queues: MessageQueues;
  readonly functions: Record<FunctionName, DestekFunction>;
  readonly auth: AgentAuth;
  readonly api: SupportApi;
  readonly agentApi: AgentApiSettings;
  /** The Lex V2 bot, when the configuration gives Lex a locale. */
  readonly bot?: SupportBot;
  /** The orders table, when order status comes from DynamoDB rather than the shop's endpoint. */
  readonly orders?: OrdersData;
  /** SES inbound and outbound, when the configuration has the e-mail channel. */
  readonly email?: EmailChannel;
  /** WhatsApp, Messenger, Instagram and Telegram: the secret their functions read. */
  readonly social: SocialChannels;
  /** The live chat: WebSocket API, signing secrets, the widget behind CloudFront. */
  readonly chat: LiveChat;
  /** One EventBridge Scheduler schedule per unanswered ticket, firing at its first-response due time. */
  readonly slaTimers: SlaTimers;
  /** Alarm topic, alarms, dashboard and saved Logs Insights queries. */
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: DestekProps) {
    super(scope, id);
    const { config } = props;
    const logRetention = config.logRetentionDays as RetentionDays;
    this.data = new SupportData(this, 'Data');
    this.queues = new MessageQueues(this, 'Queues');
    const lexLocales = Object.fromEntries(
      Object.entries(config.brain.engines)
        .filter(([, engine]) => engine === 'lex')
        .map(([locale]) => [locale, config.brain.lexLocaleIds[locale]!]),
    );
    if (Object.keys(lexLocales).length) {
      this.bot = new SupportBot(this, 'Bot', {
        intents: loadIntents(),
        lexLocales,
        nluConfidenceThreshold: config.brain.lexConfidenceThreshold,
        slotPatterns: { orderNumber: config.brain.orderNumberPattern },
      });
    }
    if (config.orders.source === 'dynamodb') this.orders = new OrdersData(this, 'Orders');
    if (config.email) {
      this.email = new EmailChannel(this, 'Email', {
        config: config.email,
        ingestQueue: this.queues.queues.email,
        eventsQueue: this.queues.queues.emailEvents,
        accessLogs: this.data.accessLogs,
      });
    }
    this.social = new SocialChannels(this, 'Social');
    this.slaTimers = new SlaTimers(this, 'SlaTimers', { queue: this.queues.queues.sla, deadLetterQueue: this.queues.deadLetterQueues.sla });
    this.chat = new LiveChat(this, 'Chat', { config, projectRoot: props.projectRoot, logRetention, accessLogs: this.data.accessLogs });
    const resources = {
      table: this.data.table,
      inboundQueue: this.queues.queues.inbound,
      outboundQueue: this.queues.queues.outbound,
      attachments: this.data.attachments,
      ...(this.orders ? { ordersTable: this.orders.table } : {}),
      ...(this.bot ? { bot: this.bot } : {}),
      ...(this.email ? { inboundMail: this.email.inboundMail, emailSending: this.email } : {}),
      socialQueue: this.queues.queues.social,
      socialSecret: this.social.secret,
      chat: this.chat,
      slaTimers: this.slaTimers,
    };
    const settings = runtimeSettings(config);
    this.functions = Object.fromEntries(
      (Object.keys(functionDefinitions) as FunctionName[]).map((name) => [
        name,
        new DestekFunction(this, name, {
          definition: functionDefinitions[name],
          resources,
          settings,
          logRetention,
          tracing: config.observability.tracing,
          projectRoot: props.projectRoot,
        }),
      ]),
    ) as Record<FunctionName, DestekFunction>;
    this.queues.connectConsumers(this.functions);
    this.chat.addRoutes(this.functions);
    if (config.orders.source === 'http' && config.orders.authorizationSecretName) {
      // The shop endpoint's Authorization value, resolved by CloudFormation at deploy time into the
      // pipeline's (KMS-encrypted) environment; it never appears in the template or the repository.
      const secret = Secret.fromSecretNameV2(this, 'OrdersAuthorization', config.orders.authorizationSecretName);
      this.functions.pipeline.addEnvironment('ORDERS_AUTHORIZATION', secret.secretValue.unsafeUnwrap());
    }
    if (config.email?.replyTokenSecretName) {
      // The reply-token signing key, resolved at deploy time into the e-mail functions' environment.
      const secret = Secret.fromSecretNameV2(this, 'ReplyTokenSecret', config.email.replyTokenSecretName).secretValue.unsafeUnwrap();
      for (const fn of [this.functions.emailIngest, this.functions.sender]) fn.addEnvironment('REPLY_TOKEN_SECRET', secret);
    }
    this.auth = new AgentAuth(this, 'AgentAuth');
    this.api = new SupportApi(this, 'Api', {
      functions: this.functions,
      auth: this.auth,
      throttle: { rateLimit: config.api.throttleRatePerSecond, burstLimit: config.api.throttleBurst },
      cors: { allowOrigins: config.chat.allowedOrigins },
      logRetention,
    });

    this.agentApi = new AgentApiSettings(this, 'AgentApi', { fn: this.functions.agentApi, api: this.api.api });
    this.observability = new Observability(this, 'Observability', {
      config: config.observability,
      ...(config.alarmTopicArn ? { alarmTopicArn: config.alarmTopicArn } : {}),
      // The e-mail channel's key already exists for SES's topics: sharing it costs nothing more.
      ...(this.email ? { topicKey: this.email.topicKey } : {}),
      functions: this.functions,
      queues: this.queues,
      httpStages: [this.api.stage],
      webSocketStages: [this.chat.stage],
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Chat ingest and agent API base URL' });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.client.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'AttachmentsBucketName', { value: this.data.attachments.bucketName });
    if (this.orders) new CfnOutput(this, 'OrdersTableName', { value: this.orders.table.tableName });
    if (this.bot) new CfnOutput(this, 'LexBotId', { value: this.bot.botId });
    new CfnOutput(this, 'SocialSecretArn', { value: this.social.secret.secretArn, description: 'Put the social providers\' tokens here (JSON)' });
    new CfnOutput(this, 'ChatWebSocketUrl', { value: this.chat.stage.url, description: 'Live chat WebSocket API' });
    new CfnOutput(this, 'ChatWidgetUrl', { value: this.chat.widgetUrl, description: 'The chat widget script: <script src=... data-destek-url=ApiUrl async>' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.observability.topic.topicArn, description: 'Every alarm notifies this SNS topic' });
    if (this.observability.dashboard) new CfnOutput(this, 'DashboardName', { value: this.observability.dashboard.dashboardName });
    new CfnOutput(this, 'ChatShopSecretArn', { value: this.chat.shopSecret.secretArn, description: "The shop's customer-reference signing secret" });
  }
}
