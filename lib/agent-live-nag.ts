import { Stack, Validations } from 'aws-cdk-lib';
import type { AgentLive } from './constructs/agent-live';
import type { DestekFunction } from './constructs/destek-function';
import { nagResource } from './nag-resource';

/** The agents' live socket's cdk-nag findings we accept, each with the reason it is right here. */
export function acknowledgeAgentLiveNagFindings(stack: Stack, live: AgentLive, functions: readonly DestekFunction[]): void {
  const ack = (scope: Parameters<typeof Validations.of>[0], id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });
  for (const route of live.api.node.children.filter((c) => c.node.id.endsWith('-Route'))) {
    ack(
      route,
      'AwsSolutions-APIG4',
      "The agent's Cognito ID token comes in the first frame, never in the URL (which API Gateway logs), so no " +
        '$connect authorizer can see it: the auth route verifies it (issuer, audience, expiry, token use, agent ' +
        'group) and only then is the connection kept and pushed to; an unauthorised connection gets nothing.',
    );
  }
  const apiArn = Stack.of(live.api).formatArn({ service: 'execute-api', resource: live.api.apiId });
  const connectionsGrant = `AwsSolutions-IAM5[${nagResource(stack, `${apiArn}/${live.stage.stageName}/*/@connections/*`)}]`;
  for (const fn of functions.filter((f) => f.definitionBindings.includes('agentsocket:manage'))) {
    ack(
      fn.role!,
      connectionsGrant,
      "Ticket changes go to every agent connection: connection ids are made at connect time, so the grant covers this one API's live stage's @connections only.",
    );
  }
}
