import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  LogGroupLogDestination,
  WebSocketApi,
  WebSocketIntegrationType,
  WebSocketRouteIntegration,
  type WebSocketRouteIntegrationBindOptions,
  type WebSocketRouteIntegrationConfig,
  WebSocketStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, type IFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { changeFeedDefinitions, type ChangeFeedName } from '#definitions/change-feed';
import type { FunctionName } from '#definitions/functions';
import { agentWebsocketRouteDefinitions, ROUTE_SELECTION_EXPRESSION } from '#definitions/websocket-routes';
import type { AgentAuth } from './agent-auth';

export interface AgentLiveProps {
  readonly auth: AgentAuth;
  readonly logRetention: RetentionDays;
}

/**
 * The agents' live updates: a WebSocket API of their own (routes from websocket-routes.ts's agent set;
 * apart from the visitors' chat, so its throttling, access logs and routes are the agents' alone), and
 * the table's change feed (its stream, filtered to ticket and interaction items) into agentLive, which
 * posts each changed ticket to every authorised connection. Nothing here costs anything while idle:
 * WebSocket messages and connection minutes, stream reads by Lambda (free) and invocations are per use.
 */
export class AgentLive extends Construct implements AgentLiveBindables {
  readonly api: WebSocketApi;
  readonly stage: WebSocketStage;
  private readonly auth: AgentAuth;

  constructor(scope: Construct, id: string, props: AgentLiveProps) {
    super(scope, id);
    this.auth = props.auth;
    this.api = new WebSocketApi(this, 'Socket', {
      description: "Destek agents' live updates",
      routeSelectionExpression: ROUTE_SELECTION_EXPRESSION,
    });
    const accessLogs = new LogGroup(this, 'SocketAccessLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.stage = new WebSocketStage(this, 'Live', {
      webSocketApi: this.api,
      stageName: 'live',
      autoDeploy: true,
      // An agent sends a frame when the console opens and when its token is renewed (hourly).
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });
  }

  /** wss://<api>.execute-api.<region>.amazonaws.com/live: the console's liveUrl. */
  get liveUrl(): string {
    return this.stage.url;
  }

  get callbackUrl(): string {
    return this.stage.callbackUrl;
  }

  grantManageConnections(fn: IFunction): void {
    this.stage.grantManagementApiAccess(fn);
  }

  /** The agents:tokens values: the user pool's issuer, the console client (aud) and the pool's keys. */
  tokenEnvironment(): string[] {
    // The ID token's `iss` (the pool's ProviderURL attribute lacks the scheme).
    const { region, urlSuffix } = Stack.of(this);
    const issuer = `https://cognito-idp.${region}.${urlSuffix}/${this.auth.userPool.userPoolId}`;
    return [issuer, this.auth.client.userPoolClientId, `${issuer}/.well-known/jwks.json`];
  }

  /** The routes and the change feed, once the functions exist (they need this construct's URLs first). */
  connect(functions: Record<FunctionName, IFunction>, table: ITable): void {
    // One integration and one invoke permission per function, for all of its routes (CDK's Lambda
    // integration makes a permission per route): fewer template resources, the same access.
    const integrations = new Map<FunctionName, WebSocketRouteIntegration>();
    for (const route of agentWebsocketRouteDefinitions) {
      let integration = integrations.get(route.function);
      if (!integration) {
        const fn = functions[route.function];
        fn.addPermission('AgentSocketInvoke', {
          principal: new ServicePrincipal('apigateway.amazonaws.com'),
          sourceArn: Stack.of(this).formatArn({ service: 'execute-api', resource: this.api.apiId, resourceName: '*' }),
        });
        integration = new LambdaProxyIntegration(`${route.function}Integration`, fn);
        integrations.set(route.function, integration);
      }
      this.api.addRoute(route.routeKey, { integration, returnResponse: route.respond });
    }
    for (const name of Object.keys(changeFeedDefinitions) as ChangeFeedName[]) {
      const def = changeFeedDefinitions[name];
      functions[def.function].addEventSource(
        new DynamoEventSource(table, {
          startingPosition: StartingPosition.LATEST,
          batchSize: def.batchSize,
          maxRecordAge: Duration.seconds(def.maxRecordAgeSeconds),
          retryAttempts: def.retryAttempts,
          reportBatchItemFailures: true,
          filters: def.filters.map((pattern) => FilterCriteria.filter(pattern)),
        }),
      );
    }
  }
}

/** A Lambda proxy integration that leaves the invoke permission to the caller (one for every route). */
class LambdaProxyIntegration extends WebSocketRouteIntegration {
  constructor(
    id: string,
    private readonly fn: IFunction,
  ) {
    super(id);
  }

  bind(options: WebSocketRouteIntegrationBindOptions): WebSocketRouteIntegrationConfig {
    const uri = Stack.of(options.route).formatArn({
      service: 'apigateway',
      account: 'lambda',
      resource: 'path/2015-03-31/functions',
      resourceName: `${this.fn.functionArn}/invocations`,
    });
    return { type: WebSocketIntegrationType.AWS_PROXY, uri };
  }
}

/** What the agents' live bindings need (lib/constructs/destek-function.ts). */
export interface AgentLiveBindables {
  readonly callbackUrl: string;
  grantManageConnections(fn: IFunction): void;
  tokenEnvironment(): string[];
}
