import type { DestekConfig } from '#config/config';
import { deriveKey } from '#config/keys';
import { runtimeSettings } from '#config/settings';
import { socialSettings } from '#config/social';
import { bindingVariables, functionDefinitions, type Binding, type FunctionName, type SettingGroup } from '#definitions/functions';
import type { QueueName } from '#definitions/queues';
import type { LocalQueue } from './sqs';
import { LOCAL_WEBSOCKET_STAGE } from './websocket-gateway';

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
  /** The Secrets Manager stand-in (the stack secret). */
  readonly secretsManager: string;
  /** The EventBridge stand-in (the shop's event bus). */
  readonly eventbridge: string;
  /** The Lex V2 runtime stand-in, when a locale is answered by Lex. */
  readonly lex?: string;
  readonly apiPort: number;
  readonly wsPort: number;
  /** The agents' live socket (its own WebSocket API, as in AWS). */
  readonly agentWsPort: number;
  /** Where the local agent issuer publishes its public keys (AWS: the user pool's JWKS). */
  readonly agentJwksUrl: string;
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
  /** The stack secret's ARN in the Secrets Manager stand-in. */
  readonly stackSecretArn: string;
  /** The fake social provider's Graph and Bot API base URLs. */
  readonly socialProvider: { readonly graphBaseUrl: string; readonly url: string };
  /** The stack secret's master key; the functions derive their signing keys from it. */
  readonly masterKey: string;
  /** The SLA checker's function ARN and its dead-letter queue ARN (Scheduler targets the function). */
  readonly slaTarget: { readonly functionArn: string; readonly deadLetterArn: string };
  /** The demo page's origin, allowed to chat besides the configured ones (unless any origin is). */
  readonly demoOrigin?: string;
  /** The help center: its bucket in s3rver, what its pages link (the local web server serves it under /help/), its publisher's ARN. */
  readonly helpCenter: { readonly bucket: string; readonly site: { baseUrl: string; cssPath: string; jsPath: string }; readonly publisherArn: string };
  /**
   * Overrides last (e.g. POWERTOOLS_LOG_LEVEL in tests), each to the functions that have the
   * variable: an override adds no variable AWS would not give the function. A function of the name
   * gives each its own value (the capacity benchmark tells callers apart by their endpoint's path).
   */
  readonly overrides?: Record<string, string | ((name: FunctionName) => string)>;
}

/** What the local stack names its tables and buckets (AWS: CloudFormation's generated names). */
export function localResourceNames(config: DestekConfig) {
  const lower = config.stackName.toLowerCase();
  return {
    tableName: `${config.stackName}-local`,
    attachmentsBucket: `${lower}-attachments-local`,
    inboundMailBucket: config.email ? `${lower}-inbound-mail-local` : undefined,
    helpCenterBucket: `${lower}-help-center-local`,
    eventBusName: `${config.stackName}-events`,
    ordersTableName: config.orders.source === 'dynamodb' ? `${config.stackName}-orders-local` : undefined,
  };
}

/**
 * Variables Lambda itself gives every function in AWS (not in the template): the local runner sets them
 * as Lambda would.
 */
export const LAMBDA_PROVIDED_VARIABLES = [
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'PATH',
] as const;

/**
 * Variables only the local functions have: the SDK's endpoints (every AWS_ENDPOINT_URL_*), S3 by path,
 * and two switches for what has no local counterpart. Nothing else differs from AWS.
 */
export const LOCAL_ONLY_VARIABLES = ['S3_FORCE_PATH_STYLE', 'POWERTOOLS_METRICS_DISABLED', 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] as const;
export const LOCAL_ENDPOINT_PREFIX = 'AWS_ENDPOINT_URL_';

/** True for a variable the local stack sets that the template does not (Lambda's own, or local-only). */
export const isLocalOnlyOrProvided = (name: string): boolean =>
  name.startsWith(LOCAL_ENDPOINT_PREFIX) ||
  (LOCAL_ONLY_VARIABLES as readonly string[]).includes(name) ||
  (LAMBDA_PROVIDED_VARIABLES as readonly string[]).includes(name);

function localOnlyEnv(e: LocalFunctionEnvInput): Record<string, string> {
  const { endpoints } = e;
  return {
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_ENDPOINT_URL_SESV2: endpoints.ses,
    AWS_ENDPOINT_URL_SCHEDULER: endpoints.scheduler,
    AWS_ENDPOINT_URL_LAMBDA: endpoints.lambda,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsManager,
    AWS_ENDPOINT_URL_EVENTBRIDGE: endpoints.eventbridge,
    ...(endpoints.lex ? { AWS_ENDPOINT_URL_LEX_RUNTIME_V2: endpoints.lex } : {}),
    // EMF metrics are CloudWatch's business; locally they would only bury the logs.
    POWERTOOLS_METRICS_DISABLED: 'true',
    // The functions stand in for Lambda's nodejs22.x: the SDK's warning about this machine's Node 20 is not theirs.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/**
 * Each binding's local values, in bindingEnv's order, as lib/constructs/destek-function.ts's grants
 * give them in AWS (undefined where the configuration has no such resource). A secret the stack
 * resolves at deploy and the local stack cannot read keeps its variable: a key falls back to the
 * derived one, the shop endpoint's Authorization to none.
 */
export function localBindingValues(e: LocalFunctionEnvInput): Record<Binding, (string | undefined)[] | undefined> {
  const { config, endpoints, queues } = e;
  const orders = config.orders;
  return {
    'table:read': [e.tableName],
    'table:readwrite': [e.tableName],
    'table:count': [e.tableName],
    'audit:record': [e.tableName],
    'inbound:send': [queues.inbound.url],
    'outbound:send': [queues.outbound.url],
    'orders:read': e.ordersTableName
      ? [e.ordersTableName, undefined, undefined]
      : orders.source === 'http'
        ? [undefined, orders.baseUrl, orders.authorizationSecretName ? '' : undefined]
        : undefined,
    'lex:recognize': endpoints.lex ? ['LOCALBOT01', 'LOCALALIAS'] : undefined,
    'attachments:read': [e.attachmentsBucket],
    'attachments:readwrite': [e.attachmentsBucket],
    'attachments:put': [e.attachmentsBucket],
    'attachments:putChat': [e.attachmentsBucket],
    'inboundmail:read': e.inboundMailBucket ? [e.inboundMailBucket] : undefined,
    'email:send': config.email ? [`${config.stackName}-local`] : undefined,
    'social:send': [queues.social.url],
    'social:secrets': [e.stackSecretArn],
    'websocket:manage': [`http://127.0.0.1:${endpoints.wsPort}/${LOCAL_WEBSOCKET_STAGE}`],
    'chat:tokens': [`ws://127.0.0.1:${endpoints.wsPort}`],
    'keys:master': [e.masterKey],
    'sla:schedule': [
      `${config.stackName}-sla-local`,
      e.slaTarget.functionArn,
      `arn:aws:iam::${LOCAL_ACCOUNT}:role/${config.stackName}-scheduler-local`,
      e.slaTarget.deadLetterArn,
    ],
    'sla:rearm': [`${config.stackName}-sla-local`, `arn:aws:iam::${LOCAL_ACCOUNT}:role/${config.stackName}-scheduler-local`, e.slaTarget.deadLetterArn],
    'keys:replyToken': config.email?.replyTokenSecretName ? [config.email.replyTokenSecret ?? deriveKey(e.masterKey, 'email-reply-token')] : undefined,
    'keys:chatShop': config.chat.shopSecretName ? [deriveKey(e.masterKey, 'chat-shop')] : undefined,
    'api:publicUrl': [`http://127.0.0.1:${endpoints.apiPort}`],
    'agents:tokens': [config.agents.localIssuer, config.agents.localAudience, endpoints.agentJwksUrl],
    'agentsocket:manage': [`http://127.0.0.1:${endpoints.agentWsPort}/${LOCAL_WEBSOCKET_STAGE}`],
    'helpcenter:publish': [e.helpCenter.publisherArn],
    // No CloudFront here: nothing caches the pages, so there is no distribution to invalidate (empty).
    'helpcenter:site': [e.helpCenter.bucket, '', '', JSON.stringify(e.helpCenter.site)],
    'events:publish': [localResourceNames(config).eventBusName],
    // Their secrets are in the Secrets Manager stand-in under the same names (local/webhooks.ts).
    'webhooks:deliver': config.events.webhooks.length
      ? [JSON.stringify(config.events.webhooks.map((w) => ({ url: w.url, secretId: w.secretName })))]
      : undefined,
  };
}

/** A function's settings as it reads them locally: the social base URLs point at the fake provider. */
function localSettings(e: LocalFunctionEnvInput, groups: readonly SettingGroup[]): Record<string, string> {
  const settings = runtimeSettings(e.config, groups);
  return {
    ...settings,
    ...(settings.SOCIAL_SETTINGS
      ? {
          SOCIAL_SETTINGS: JSON.stringify({
            ...socialSettings(e.config.social),
            graphBaseUrl: e.socialProvider.graphBaseUrl,
            telegramBaseUrl: e.socialProvider.url,
          }),
        }
      : {}),
    // No X-Ray daemon here: the tracer stays off whatever observability.tracing says.
    POWERTOOLS_TRACE_ENABLED: 'false',
  };
}

/**
 * Each function's environment: what Lambda provides, the local endpoints, the settings it reads, and
 * its own bindings' variables pointing at the local servers, so a function lacks locally exactly
 * what it lacks in AWS. The local stack and the benchmarks both build it here.
 */
export function localFunctionEnvs(e: LocalFunctionEnvInput): Record<FunctionName, Record<string, string>> {
  const bindings = localBindingValues(e);
  const common = {
    AWS_REGION: e.region,
    AWS_DEFAULT_REGION: e.region,
    AWS_ACCESS_KEY_ID: e.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: e.credentials.secretAccessKey,
    PATH: process.env.PATH ?? '',
    ...localOnlyEnv(e),
  };
  const envs = Object.fromEntries(
    (Object.keys(functionDefinitions) as FunctionName[]).map((name) => {
      const def = functionDefinitions[name];
      const env: Record<string, string> = {
        ...common,
        ...localSettings(e, def.settings),
        AWS_LAMBDA_FUNCTION_NAME: name,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(def.memoryMb),
      };
      for (const b of def.bindings) Object.assign(env, bindingVariables(b, bindings[b]));
      return [name, env];
    }),
  ) as Record<FunctionName, Record<string, string>>;
  for (const [variable, value] of Object.entries(e.overrides ?? {})) {
    const having = (Object.entries(envs) as [FunctionName, Record<string, string>][]).filter(([, env]) => variable in env);
    if (!having.length) throw new Error(`environment override ${variable}: no function has that variable`);
    for (const [name, env] of having) env[variable] = typeof value === 'function' ? value(name) : value;
  }
  for (const env of Object.values(envs)) {
    if (e.demoOrigin && env.CHAT_ALLOWED_ORIGINS && env.CHAT_ALLOWED_ORIGINS !== '*') env.CHAT_ALLOWED_ORIGINS = `${env.CHAT_ALLOWED_ORIGINS},${e.demoOrigin}`;
  }
  return envs;
}
