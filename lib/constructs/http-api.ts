import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination, type HttpRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionName } from '#definitions/functions';
import { apiCors, routeDefinitions } from '#definitions/routes';
import type { AgentAuth } from './agent-auth';

export interface SupportApiProps {
  readonly functions: Record<FunctionName, IFunction>;
  readonly auth: AgentAuth;
  readonly throttle: { rateLimit: number; burstLimit: number };
  readonly logRetention: RetentionDays;
  /** Browsers on these origins may call the public routes (the chat widget on the shop's pages). */
  readonly cors?: { readonly allowOrigins: readonly string[] };
}

/** The HTTP API: every route from the shared definitions, agent routes behind the Cognito JWT. */
export class SupportApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** Routes without an authorizer (their handlers validate the caller). */
  readonly publicRoutes: HttpRoute[] = [];

  constructor(scope: Construct, id: string, props: SupportApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Http', {
      createDefaultStage: false,
      description: 'Destek channels and agent API',
      ...(props.cors
        ? {
            corsPreflight: {
              allowOrigins: [...props.cors.allowOrigins],
              allowMethods: apiCors.allowMethods.map((m) => CorsHttpMethod[m]),
              allowHeaders: [...apiCors.allowHeaders],
              maxAge: Duration.seconds(apiCors.maxAgeSeconds),
            },
          }
        : {}),
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'Default', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });
    const authorizer = new HttpUserPoolAuthorizer('AgentJwt', props.auth.userPool, {
      userPoolClients: [props.auth.client],
    });
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of routeDefinitions) {
      let integration = integrations.get(route.function);
      if (!integration) {
        // One invoke permission per function for this API, not one per route (37 → 4 resources): a route
        // reaches only the function of its integration either way.
        integration = new HttpLambdaIntegration(`${route.function}Integration`, props.functions[route.function], { scopePermissionToRoute: false });
        integrations.set(route.function, integration);
      }
      const added = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        ...(route.auth === 'agent' ? { authorizer } : {}),
      });
      if (route.auth === 'public') this.publicRoutes.push(...added);
    }
  }

  get url(): string {
    return this.stage.url;
  }
}
