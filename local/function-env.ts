import type { DestekConfig } from '../lambdas/config/config';
import { runtimeSettings } from '../lambdas/config/settings';
import { bindingEnv } from '../lambdas/definitions/functions';
import type { QueueName } from '../lambdas/definitions/queues';
import { socialSettings } from '../lambdas/channels/social/config';
import { agentApiEnv } from './agent-api';
import type { LocalQueue } from './sqs';
import { LOCAL_WEBSOCKET_STAGE } from './websocket-gateway';
import { MASTER_KEY_ENV } from '../lambdas/config/keys';

/** The account id the local ARNs carry. */
export const LOCAL_ACCOUNT = '000000000000';

/** Where each local stand-in listens; what a benchmark does not start may point nowhere. */
export interface LocalEndpoints {
  readonly dynamodb: string;
  readonly sqs: string;
  readonly s3: string;
  readonly ses: string;
  readonly scheduler: string;
  /** The Lambda Invoke stand-in (asynchronous invocations of e-mail, bounce and SLA functions). */
  readonly lambda: string;
  /** The Lex V2 runtime stand-in, when a locale is answered by Lex. */
  readonly lex?: string;
  readonly apiPort: number;
  readonly wsPort: number;
}

export interface LocalFunctionEnvInput {
  readonly config: DestekConfig;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly endpoints: LocalEndpoints;
  readonly tableName: string;
  readonly attachmentsBucket: string;
  readonly inboundMailBucket?: string | undefined;
  readonly ordersTableName?: string | undefined;
  readonly queues: Record<QueueName, Pick<LocalQueue, 'url' | 'arn' | 'dlqArn'>>;
  readonly socialSecrets: unknown;
  /** The fake social provider's Graph and Bot API base URLs. */
  readonly socialProvider: { readonly graphBaseUrl: string; readonly url: string };
  /** The stack secret's master key; the functions derive their signing keys from it. */
  readonly masterKey: string;
  /** The SLA checker's function ARN and its dead-letter queue ARN (Scheduler targets the function). */
  readonly slaTarget: { readonly functionArn: string; readonly deadLetterArn: string };
  /** Overrides last (e.g. POWERTOOLS_LOG_LEVEL in tests). */
  readonly overrides?: Record<string, string>;
}

/** What the local stack names its tables and buckets (AWS: CloudFormation's generated names). */
export function localResourceNames(config: DestekConfig) {
  const lower = config.stackName.toLowerCase();
  return {
    tableName: `${config.stackName}-local`,
    attachmentsBucket: `${lower}-attachments-local`,
    inboundMailBucket: config.email ? `${lower}-inbound-mail-local` : undefined,
    ordersTableName: config.orders.source === 'dynamodb' ? `${config.stackName}-orders-local` : undefined,
  };
}

/** The sla:schedule binding's variables: a local group name, the checker function and its DLQ, a stand-in role. */
function slaScheduleEnv(stackName: string, target: LocalFunctionEnvInput['slaTarget']): Record<string, string> {
  const values = [`${stackName}-sla-local`, target.functionArn, `arn:aws:iam::${LOCAL_ACCOUNT}:role/${stackName}-scheduler-local`, target.deadLetterArn];
  return Object.fromEntries(bindingEnv['sla:schedule'].map((name, i) => [name, values[i]!]));
}

/**
 * The environment every local function runs with: the configuration's settings, the bindings'
 * variables pointing at the local servers, the SDK's endpoints. The local stack and the benchmarks
 * both build it here, so neither can miss a variable a binding adds.
 */
export function localFunctionEnv(e: LocalFunctionEnvInput): Record<string, string> {
  const { config, endpoints, queues } = e;
  return {
    ...runtimeSettings(config),
    AWS_REGION: e.region,
    AWS_DEFAULT_REGION: e.region,
    AWS_ACCESS_KEY_ID: e.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: e.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_ENDPOINT_URL_SESV2: endpoints.ses,
    AWS_ENDPOINT_URL_SCHEDULER: endpoints.scheduler,
    AWS_ENDPOINT_URL_LAMBDA: endpoints.lambda,
    // EMF metrics are CloudWatch's business; locally they would only bury the logs.
    POWERTOOLS_METRICS_DISABLED: 'true',
    // No X-Ray daemon here: the tracer stays off whatever observability.tracing says.
    POWERTOOLS_TRACE_ENABLED: 'false',
    // The functions stand in for Lambda's nodejs22.x: the SDK's warning about this machine's Node 20 is not theirs.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    [bindingEnv['table:read'][0]]: e.tableName,
    [bindingEnv['inbound:send'][0]]: queues.inbound.url,
    [bindingEnv['outbound:send'][0]]: queues.outbound.url,
    [bindingEnv['attachments:readwrite'][0]]: e.attachmentsBucket,
    ...(e.ordersTableName ? { [bindingEnv['orders:read'][0]]: e.ordersTableName } : {}),
    [bindingEnv['social:send'][0]]: queues.social.url,
    ...slaScheduleEnv(config.stackName, e.slaTarget),
    SOCIAL_SECRETS: JSON.stringify(e.socialSecrets),
    SOCIAL_SETTINGS: JSON.stringify({ ...socialSettings(config.social), graphBaseUrl: e.socialProvider.graphBaseUrl, telegramBaseUrl: e.socialProvider.url }),
    ...(endpoints.lex ? { AWS_ENDPOINT_URL_LEX_RUNTIME_V2: endpoints.lex, LEX_BOT_ID: 'LOCALBOT01', LEX_BOT_ALIAS_ID: 'LOCALALIAS' } : {}),
    ...(e.inboundMailBucket ? { [bindingEnv['inboundmail:read'][0]]: e.inboundMailBucket } : {}),
    ...(config.email?.replyTokenSecret ? { REPLY_TOKEN_SECRET: config.email.replyTokenSecret } : {}),
    CHAT_CALLBACK_URL: `http://127.0.0.1:${endpoints.wsPort}/${LOCAL_WEBSOCKET_STAGE}`,
    [MASTER_KEY_ENV]: e.masterKey,
    CHAT_WEBSOCKET_URL: `ws://127.0.0.1:${endpoints.wsPort}`,
    ...agentApiEnv(endpoints.apiPort),
    ...e.overrides,
  };
}
