import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { WebSocketApi, WebSocketStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AllowedMethods,
  Distribution,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { DestekConfig } from '#config/config';
import type { FunctionName } from '#definitions/functions';
import { ROUTE_SELECTION_EXPRESSION, websocketRouteDefinitions } from '#definitions/websocket-routes';
import { buildWidgetSync } from '#definitions/widget';
import { privateBucket } from './data';
import type { ChatBindables } from './destek-function';

export interface LiveChatProps {
  readonly config: DestekConfig;
  readonly projectRoot: string;
  readonly logRetention: RetentionDays;
  /** Where the widget bucket's server access logs go (SupportData's access-log bucket). */
  readonly accessLogs: Bucket;
}

/**
 * The live chat: an API Gateway WebSocket API (routes from lambdas/definitions/websocket-routes.ts,
 * stage throttling from configuration, access logs), and the widget (widget.js) in a private bucket behind CloudFront with origin access control.
 *
 * Visitors are verified in $connect itself rather than by a Lambda authorizer: the same function
 * checks token and Origin and stores the connection in one invocation (an authorizer would add a
 * second cold start to every connect and still need $connect to write the connection item).
 */
export class LiveChat extends Construct implements ChatBindables {
  readonly api: WebSocketApi;
  readonly stage: WebSocketStage;
  readonly widgetBucket: Bucket;
  readonly distribution: Distribution;
  readonly deployment: BucketDeployment;

  constructor(scope: Construct, id: string, props: LiveChatProps) {
    super(scope, id);
    const { chat } = props.config;
    this.api = new WebSocketApi(this, 'Socket', {
      description: 'Destek live chat',
      routeSelectionExpression: ROUTE_SELECTION_EXPRESSION,
    });
    const accessLogs = new LogGroup(this, 'SocketAccessLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.stage = new WebSocketStage(this, 'Live', {
      webSocketApi: this.api,
      stageName: 'live',
      autoDeploy: true,
      throttle: { rateLimit: chat.socketThrottle.ratePerSecond, burstLimit: chat.socketThrottle.burst },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });
    this.widgetBucket = privateBucket(this, 'Widget', { serverAccessLogs: props.accessLogs });
    this.widgetBucket.applyRemovalPolicy(RemovalPolicy.DESTROY);
    const headers = new ResponseHeadersPolicy(this, 'WidgetHeaders', {
      comment: 'Destek widget: security headers',
      securityHeadersBehavior: {
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });
    this.distribution = new Distribution(this, 'WidgetCdn', {
      comment: 'Destek chat widget',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.widgetBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        responseHeadersPolicy: headers,
        compress: true,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
    });
    const out = mkdtempSync(join(tmpdir(), 'destek-widget-'));
    // The help center (lib/constructs/help-center.ts) is served at shop.helpUrl: the widget suggests its articles.
    buildWidgetSync(props.projectRoot, join(out, 'widget.js'), { ...chat.widget, helpUrl: props.config.shop.helpUrl });
    this.deployment = new BucketDeployment(this, 'WidgetFiles', {
      sources: [Source.asset(out)],
      destinationBucket: this.widgetBucket,
      distribution: this.distribution,
      distributionPaths: ['/widget.js'],
      cacheControl: [],
    });
  }

  /** https://<api>.execute-api.<region>.amazonaws.com/live: where the sender posts to connections. */
  get callbackUrl(): string {
    return this.stage.callbackUrl;
  }

  /** https://<distribution>/widget.js: the script tag's src. */
  get widgetUrl(): string {
    return `https://${this.distribution.distributionDomainName}/widget.js`;
  }

  grantManageConnections(fn: IFunction): void {
    this.stage.grantManagementApiAccess(fn);
  }

  tokenEnvironment(): string[] {
    // The signing keys are derived from the stack secret's master key (binding keys:master).
    return [this.stage.url];
  }

  /** The WebSocket routes, once the functions exist (they need this construct's URLs first). */
  addRoutes(functions: Record<FunctionName, IFunction>): void {
    for (const route of websocketRouteDefinitions) {
      this.api.addRoute(route.routeKey, {
        integration: new WebSocketLambdaIntegration(`${route.routeKey.replace('$', '')}Integration`, functions[route.function]),
        returnResponse: route.respond,
      });
    }
    Stack.of(this);
  }
}
