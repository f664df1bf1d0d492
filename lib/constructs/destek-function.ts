import { join } from 'node:path';
import { AssetHashType, DockerImage, Duration, type ILocalBundling, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { bundleFunctionSync, type FunctionBundleOptions } from '#definitions/bundling';
import { AUDIT_PARTITION_PREFIX } from '#definitions/table-grants';
import { CHAT_FILES_PREFIX } from '#definitions/uploads';
import type { SupportBot } from './support-bot';
import type { AgentLiveBindables } from './agent-live';
import { bindingVariables, type Binding, type FunctionDefinition } from '#definitions/functions';

/**
 * Each binding's grant; returns the values its variables carry (in bindingEnv's order, undefined for
 * one the configuration does not set), or nothing when it has no such resource (no orders table, no
 * Lex locale).
 */
const grants: Record<Binding, (fn: LambdaFunction, r: BindableResources) => (string | undefined)[] | undefined> = {
  'table:read': (fn, r) => (r.table.grantReadData(fn), [r.table.tableName]),
  'table:readwrite': (fn, r) => (r.table.grantReadWriteData(fn), [r.table.tableName]),
  'inbound:send': (fn, r) => (r.inboundQueue.grantSendMessages(fn), [r.inboundQueue.queueUrl]),
  'outbound:send': (fn, r) => (r.outboundQueue.grantSendMessages(fn), [r.outboundQueue.queueUrl]),
  'orders:read': (fn, r) => {
    if (r.ordersTable) return (r.ordersTable.grantReadData(fn), [r.ordersTable.tableName, undefined, undefined]);
    return r.ordersEndpoint ? [undefined, r.ordersEndpoint.baseUrl, r.ordersEndpoint.authorization] : undefined;
  },
  'lex:recognize': (fn, r) => (r.bot ? (r.bot.grantRecognizeText(fn), [r.bot.botId, r.bot.botAliasId]) : undefined),
  'attachments:read': (fn, r) => (r.attachments.grantRead(fn), [r.attachments.bucketName]),
  'attachments:readwrite': (fn, r) => (r.attachments.grantReadWrite(fn), [r.attachments.bucketName]),
  'attachments:put': (fn, r) => (r.attachments.grantPut(fn), [r.attachments.bucketName]),
  'attachments:putChat': (fn, r) => (
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [r.attachments.arnForObjects(`${CHAT_FILES_PREFIX}/*`)] })),
    [r.attachments.bucketName]
  ),
  'inboundmail:read': (fn, r) => (r.inboundMail ? (r.inboundMail.grantRead(fn), [r.inboundMail.bucketName]) : undefined),
  'email:send': (fn, r) => (r.emailSending ? (r.emailSending.grantSend(fn), [r.emailSending.configurationSetName]) : undefined),
  'social:send': (fn, r) => (r.socialQueue ? (r.socialQueue.grantSendMessages(fn), [r.socialQueue.queueUrl]) : undefined),
  'social:secrets': (fn, r) => (r.stackSecret.secret.grantRead(fn), [r.stackSecret.secret.secretArn]),
  'keys:master': (_fn, r) => [r.stackSecret.masterKeyReference()],
  'websocket:manage': (fn, r) => (r.chat ? (r.chat.grantManageConnections(fn), [r.chat.callbackUrl]) : undefined),
  'chat:tokens': (_fn, r) => (r.chat ? r.chat.tokenEnvironment() : undefined),
  'table:count': (fn, r) => (r.table.grant(fn, 'dynamodb:UpdateItem'), [r.table.tableName]),
  'audit:record': (fn, r) => (
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [r.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${AUDIT_PARTITION_PREFIX}*`] } },
      }),
    ),
    [r.table.tableName]
  ),
  'sla:schedule': (fn, r) => r.slaTimers.grantSchedule(fn),
  'sla:rearm': (fn, r) => r.slaTimers.grantSchedule(fn).filter((_, i) => i !== 1),
  'keys:replyToken': (_fn, r) => (r.ownKeys.replyToken ? [r.ownKeys.replyToken] : undefined),
  'keys:chatShop': (_fn, r) => (r.ownKeys.chatShop ? [r.ownKeys.chatShop] : undefined),
  'api:publicUrl': (_fn, r) => [r.publicApiUrl],
  'agents:tokens': (_fn, r) => r.agentLive.tokenEnvironment(),
  'agentsocket:manage': (fn, r) => (r.agentLive.grantManageConnections(fn), [r.agentLive.callbackUrl]),
  'helpcenter:publish': (fn, r) => r.helpCenter.grantInvokePublisher(fn),
  // The help center grants its publisher the bucket and the invalidation itself (it is built after the functions).
  'helpcenter:site': (_fn, r) => r.helpCenter.siteEnvironment(),
  'events:publish': (fn, r) => r.events.grantPublish(fn),
  'webhooks:deliver': (fn, r) => r.events.grantDeliver(fn),
};

/** The resources a function's bindings can name. */
export interface BindableResources {
  readonly table: ITable;
  readonly inboundQueue: IQueue;
  readonly outboundQueue: IQueue;
  /** Files customers send (e-mail attachments, social media), by key; see SupportData. */
  readonly attachments: IBucket;
  readonly ordersTable?: ITable;
  /** The shop's order endpoint, when orders come from it; its Authorization value resolved at deploy. */
  readonly ordersEndpoint?: { readonly baseUrl: string; readonly authorization?: string };
  readonly bot?: SupportBot;
  /** Raw inbound mail as SES stored it, when the configuration has the e-mail channel. */
  readonly inboundMail?: IBucket;
  /** Sending through SES with the channel's configuration set, when the configuration has e-mail. */
  readonly emailSending?: { readonly configurationSetName: string; grantSend(grantee: IGrantable): void };
  /** Verified social webhook events, before media are fetched. */
  readonly socialQueue?: IQueue;
  /** The stack's one JSON secret: the master key of the derived keys, the social providers' tokens. */
  readonly stackSecret: { readonly secret: ISecret; masterKeyReference(): string };
  /** The live chat's WebSocket stage and signing secrets (lib/constructs/chat.ts). */
  readonly chat?: ChatBindables;
  /** First-response timers: the schedule group and the role its schedules send with. */
  readonly slaTimers: { grantSchedule(grantee: IGrantable): string[] };
  /** Keys a team brings as secrets of its own (resolved at deploy); derived from the master key otherwise. */
  readonly ownKeys: { readonly replyToken?: string; readonly chatShop?: string };
  /** The HTTP API's public base URL (may be a token resolved once the API exists). */
  readonly publicApiUrl: string;
  /** The agents' live socket and who signs agent tokens (lib/constructs/agent-live.ts). */
  readonly agentLive: AgentLiveBindables;
  /** The shop's event bus (lib/constructs/shop-events.ts). */
  readonly events: { grantPublish(grantee: IGrantable): string[]; grantDeliver(grantee: IGrantable): string[] | undefined };
  /** The help center's publisher and site (lib/constructs/help-center.ts). */
  readonly helpCenter: {
    grantInvokePublisher(grantee: IGrantable): string[];
    /** helpcenter:site's values: bucket, key prefix, distribution id, site JSON (resolved once the help center exists). */
    siteEnvironment(): string[];
  };
}

/** What the chat bindings need from the live-chat construct. */
export interface ChatBindables {
  readonly callbackUrl: string;
  grantManageConnections(fn: IFunction): void;
  /** The chat:tokens variables' values (CHAT_WEBSOCKET_URL). */
  tokenEnvironment(): string[];
}

export interface DestekFunctionProps {
  readonly definition: FunctionDefinition;
  readonly settings: Record<string, string>;
  readonly logRetention: RetentionDays;
  /** Active X-Ray tracing: Lambda records every invocation. */
  readonly tracing?: boolean;
  /** The Powertools tracer in the bundle, for SDK-call subsegments (observability.traceCalls with tracing). */
  readonly traceCalls?: boolean;
  /** Source maps beside the bundle (observability.sourceMaps; NODE_OPTIONS comes with the settings). */
  readonly sourceMaps?: boolean;
  /** Root of the project, where the entries and the lock file are. */
  readonly projectRoot: string;
}

/**
 * esbuild run by the CDK app itself, with functionBuildOptions (the local stack bundles with the same):
 * the entry as index.mjs, the chunks it loads on demand beside it. Its fields are what CDK's asset
 * cache keys a bundling step by: without them every function would get the first one's bundle.
 */
class LocalEsbuild implements ILocalBundling {
  constructor(
    readonly entry: string,
    readonly options: FunctionBundleOptions,
    readonly projectRoot: string,
  ) {}

  tryBundle(outputDir: string): boolean {
    bundleFunctionSync(join(this.projectRoot, this.entry), join(outputDir, 'index.mjs'), this.options, this.projectRoot);
    return true;
  }
}

/**
 * The function's code, its asset hashed by its output. esbuild is a dependency of the CDK app itself
 * (the widget, console and help center are built with it at synth), so bundling is always local and
 * the image is never pulled.
 */
function bundledCode(props: DestekFunctionProps): Code {
  const options = { sourceMaps: props.sourceMaps ?? false, traceCalls: props.traceCalls ?? false };
  return Code.fromAsset(props.projectRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs22.x'),
      local: new LocalEsbuild(props.definition.entry, options, props.projectRoot),
    },
  });
}

/**
 * A Lambda function with the project's defaults: nodejs22.x on arm64, bundled by esbuild for node20
 * (bundledCode), source maps only when configured, its own log group with retention, and (bindAll)
 * its bindings turned into least-privilege grants plus the environment variables that name the bound
 * resources.
 */
export class DestekFunction extends LambdaFunction {
  readonly definitionBindings: readonly Binding[];

  constructor(scope: Construct, id: string, props: DestekFunctionProps) {
    const { definition: def } = props;
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role instead of the AWS managed basic-execution policy: it may write to its log group only.
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    super(scope, id, {
      role,
      code: bundledCode(props),
      handler: 'index.handler',
      description: def.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: def.memoryMb,
      timeout: Duration.seconds(def.timeoutSeconds),
      logGroup,
      ...(props.tracing ? { tracing: Tracing.ACTIVE } : {}),
      environment: { ...props.settings },
    });
    this.definitionBindings = def.bindings;
  }

  /**
   * Grants and names every resource of the definition's bindings. Called once all functions exist:
   * some resources point at a function (the SLA timers invoke the checker).
   */
  bindAll(r: BindableResources): void {
    for (const b of this.definitionBindings) this.bind(b, r);
  }

  /** Grants what the binding needs and tells the function where the resource is. */
  bind(binding: Binding, r: BindableResources): void {
    for (const [name, value] of Object.entries(bindingVariables(binding, grants[binding](this, r)))) this.addEnvironment(name, value);
  }
}
