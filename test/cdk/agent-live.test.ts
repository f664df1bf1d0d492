import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#config/config';
import { changeFeedDefinitions } from '#definitions/change-feed';
import { functionDefinitions } from '#definitions/functions';
import { agentWebsocketRouteDefinitions } from '#definitions/websocket-routes';
import { DestekStack } from '#lib/destek-stack';

const projectRoot = resolve(import.meta.dirname, '../..');
const config = { ...loadConfig(), stackName: 'DestekLiveTest' };
let template: Template;
let stack: DestekStack;

beforeAll(() => {
  // Template assertions only: skip bundling the functions (stack.test.ts synthesises them in full).
  stack = new DestekStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'DestekLiveTest', { config, projectRoot });
  template = Template.fromStack(stack);
});

type Fn = { Properties: { Description?: string; Role: { 'Fn::GetAtt': [string, string] }; Environment?: { Variables: Record<string, unknown> } } };
const functionLogicalId = (description: string) => {
  const [id] = Object.entries(template.findResources('AWS::Lambda::Function', { Properties: { Description: description } }));
  return id!;
};
const resolved = (v: unknown) => JSON.stringify(stack.resolve(v));

describe("the agents' live updates in the CDK stack", () => {
  it('gives the table a stream with each item before and after (the event publisher diffs them; the push reads the keys)', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' } });
  });

  it('invokes agentLive from the stream only for ticket and interaction items, reporting partial batch failures, from the latest record', () => {
    const [pushId] = functionLogicalId(functionDefinitions.agentLive.description);
    const def = changeFeedDefinitions.ticketChanges;
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: pushId },
      EventSourceArn: { 'Fn::GetAtt': [Match.anyValue(), 'StreamArn'] },
      StartingPosition: 'LATEST',
      BatchSize: def.batchSize,
      MaximumRecordAgeInSeconds: def.maxRecordAgeSeconds,
      MaximumRetryAttempts: def.retryAttempts,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ dynamodb: { Keys: { pk: { S: [{ prefix: 'TICKET#' }] } } } }) }] },
    });
  });

  it("has a WebSocket API of the agents' own with the agent routes, answering on auth and $default", () => {
    const agentApi = stack.resolve(stack.destek.agentLive.api.apiId);
    const [liveId] = functionLogicalId(functionDefinitions.agentLive.description);
    for (const route of agentWebsocketRouteDefinitions) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        ApiId: agentApi,
        RouteKey: route.routeKey,
        ...(route.respond ? { RouteResponseSelectionExpression: '$default' } : {}),
      });
    }
    // One integration and one invoke permission, for every route, scoped to this API.
    const integrations = Object.values(template.findResources('AWS::ApiGatewayV2::Integration', { Properties: { ApiId: agentApi } }));
    expect(integrations).toHaveLength(1);
    expect(JSON.stringify(integrations[0])).toContain(liveId);
    const permissions = Object.values(
      template.findResources('AWS::Lambda::Permission', { Properties: { FunctionName: Match.objectLike({ 'Fn::GetAtt': [liveId, 'Arn'] }) } }),
    );
    expect(permissions).toHaveLength(1);
    expect(resolved(permissions[0]!.Properties.SourceArn)).toContain(resolved(stack.destek.agentLive.api.apiId).slice(1, -1));
    expect(Object.keys(template.findResources('AWS::ApiGatewayV2::Route', { Properties: { ApiId: agentApi } })).sort()).toHaveLength(
      agentWebsocketRouteDefinitions.length,
    );
  });

  it('lets only agentLive post to agent connections, and tells it where', () => {
    const agentApiId = resolved(stack.destek.agentLive.api.apiId);
    const managing = new Set<string>();
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy')) as { Properties: { PolicyDocument: unknown; Roles: { Ref: string }[] } }[]) {
      const document = JSON.stringify(policy.Properties.PolicyDocument);
      if (document.includes('execute-api:ManageConnections') && document.includes(agentApiId)) for (const r of policy.Properties.Roles) managing.add(r.Ref);
    }
    const fns = Object.values(template.findResources('AWS::Lambda::Function')) as Fn[];
    expect(fns.filter((f) => managing.has(f.Properties.Role['Fn::GetAtt'][0])).map((f) => f.Properties.Description)).toEqual([
      functionDefinitions.agentLive.description,
    ]);
    const [, push] = functionLogicalId(functionDefinitions.agentLive.description) as [string, Fn];
    expect(resolved(push.Properties.Environment!.Variables.AGENT_CALLBACK_URL)).toContain(agentApiId.slice(1, -1));
  });

  it("verifies agent tokens against the agents' user pool and its console client", () => {
    const [, live] = functionLogicalId(functionDefinitions.agentLive.description) as [string, Fn];
    const env = live.Properties.Environment!.Variables;
    const pool = resolved(stack.destek.auth.userPool.userPoolId);
    expect(resolved(env.AGENT_TOKEN_ISSUER)).toContain('cognito-idp');
    expect(resolved(env.AGENT_TOKEN_ISSUER)).toContain(pool.slice(1, -1));
    expect(resolved(env.AGENT_JWKS_URL)).toContain('/.well-known/jwks.json');
    expect(resolved(env.AGENT_TOKEN_AUDIENCE)).toBe(resolved(stack.destek.auth.client.userPoolClientId));
  });

  it("outputs the live socket's URL (the console's liveUrl), a wss:// stage URL", () => {
    const outputs = template.findOutputs('*', { Value: Match.anyValue() });
    const [, output] = Object.entries(outputs).find(([id]) => id.includes('AgentLiveUrl'))!;
    expect(JSON.stringify(output.Value)).toContain('wss://');
    expect(stack.destek.liveUrl).toBe(stack.destek.agentLive.liveUrl);
  });
});
