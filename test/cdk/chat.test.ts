import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#config/config';
import { functionDefinitions } from '#definitions/functions';
import { websocketRouteDefinitions } from '#definitions/websocket-routes';
import { DestekStack } from '#lib/destek-stack';

const projectRoot = resolve(import.meta.dirname, '../..');
const config = { ...loadConfig(), stackName: 'DestekChatTest' };
let template: Template;
let stack: DestekStack;

beforeAll(() => {
  // Template assertions only: skip bundling the functions (stack.test.ts synthesises them in full).
  stack = new DestekStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'DestekChatTest', { config, projectRoot });
  template = Template.fromStack(stack);
});

const fnEnv = (entry: string) => {
  const fns = template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp(entry) } });
  const [fn] = Object.values(fns) as { Properties: { Environment: { Variables: Record<string, unknown> } } }[];
  return fn!.Properties.Environment.Variables;
};

describe('the live chat in the CDK stack', () => {
  it('has a WebSocket API routed by action, with every shared route and responses where the route answers', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' });
    for (const route of websocketRouteDefinitions) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: route.routeKey,
        ...(route.respond ? { RouteResponseSelectionExpression: '$default' } : {}),
      });
    }
    const chatApi = stack.resolve(stack.destek.chat.api.apiId);
    const responses = Object.values(template.findResources('AWS::ApiGatewayV2::RouteResponse', { Properties: { ApiId: chatApi } }));
    expect(responses).toHaveLength(websocketRouteDefinitions.filter((r) => r.respond).length);
  });

  it('throttles the stage from the configuration and keeps access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: 'live',
      DefaultRouteSettings: { ThrottlingRateLimit: config.chat.socketThrottle.ratePerSecond, ThrottlingBurstLimit: config.chat.socketThrottle.burst },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it("lets the sender (replies) and the agent API (typing) post to the chat's connections, tells them where, and no other function", () => {
    const chatApiId = JSON.stringify(stack.resolve(stack.destek.chat.api.apiId));
    const managing = new Set<string>();
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy')) as { Properties: { PolicyDocument: unknown; Roles: { Ref: string }[] } }[]) {
      const document = JSON.stringify(policy.Properties.PolicyDocument);
      if (document.includes('execute-api:ManageConnections') && document.includes(chatApiId)) for (const r of policy.Properties.Roles) managing.add(r.Ref);
    }
    const fns = Object.values(template.findResources('AWS::Lambda::Function')) as {
      Properties: { Description?: string; Role: { 'Fn::GetAtt': [string, string] } };
    }[];
    const allowed = fns.filter((f) => managing.has(f.Properties.Role['Fn::GetAtt'][0])).map((f) => f.Properties.Description);
    expect(allowed.sort()).toEqual([functionDefinitions.agentApi.description, functionDefinitions.sender.description].sort());
    for (const entry of [functionDefinitions.agentApi.description, functionDefinitions.sender.description]) {
      expect(JSON.stringify(stack.resolve(fnEnv(entry).CHAT_CALLBACK_URL))).toContain('execute-api');
    }
  });

  it("gives the chat functions the stack secret's master key (their signing keys are derived from it) by reference, never in the template", () => {
    expect(Object.keys(template.findResources('AWS::SecretsManager::Secret'))).toHaveLength(1);
    for (const entry of ['Live chat WebSocket', 'visitor tokens', 'Validates chat messages']) {
      const env = fnEnv(entry);
      expect(JSON.stringify(env.DESTEK_MASTER_KEY)).toMatch(/\{\{resolve:secretsmanager:.*:SecretString:masterKey::\}\}/);
      expect(env.CHAT_TOKEN_SECRET).toBeUndefined();
      expect(env.CHAT_SHOP_SECRET).toBeUndefined();
      expect(JSON.stringify(env.CHAT_WEBSOCKET_URL)).toContain('wss://');
    }
  });

  it('serves the widget from a private bucket behind CloudFront: OAC, HTTPS only, security headers', () => {
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https', Compress: true }) }),
    });
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({ StrictTransportSecurity: Match.objectLike({ Override: true }), ContentTypeOptions: { Override: true } }),
      }),
    });
    template.hasResourceProperties('Custom::CDKBucketDeployment', { DistributionPaths: ['/widget.js'] });
    template.hasOutput('*', { Description: Match.stringLikeRegexp('chat widget script') });
  });

  it('lets browsers on the allowed origins call the HTTP API (CORS preflight)', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowOrigins: config.chat.allowedOrigins, AllowHeaders: ['content-type', 'authorization'] }),
    });
  });
});
