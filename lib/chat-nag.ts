import { Stack, Validations } from 'aws-cdk-lib';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import type { LiveChat } from './constructs/chat';
import type { DestekFunction } from './constructs/destek-function';
import { nagResource } from './nag-resource';

/** The live chat's cdk-nag findings we accept, each with the reason it is right here. */
export function acknowledgeChatNagFindings(stack: Stack, chat: LiveChat, functions: readonly DestekFunction[]): void {
  const ack = (scope: Parameters<typeof Validations.of>[0], id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });
  for (const route of chat.api.node.children.filter((c) => c.node.id.endsWith('-Route'))) {
    ack(
      route,
      'AwsSolutions-APIG4',
      "Anonymous shop visitors use the chat: $connect verifies the signed visitor token and the page's Origin in " +
        'the function itself (one invocation that also stores the connection); the other routes only run on a ' +
        'connection $connect accepted, and stage throttling and per-visitor limits apply.',
    );
  }
  const cdn = chat.distribution;
  ack(cdn, 'AwsSolutions-CFR1', 'The widget is a public script for shoppers wherever the shop sells; no geographic restriction.');
  ack(cdn, 'AwsSolutions-CFR2', 'One static, public, cached script with no inputs: a WAF would cost more than it protects.');
  ack(cdn, 'AwsSolutions-CFR3', 'Standard logging needs an ACL-enabled bucket; the widget is public and CloudFront metrics count its requests.');
  ack(
    cdn,
    'AwsSolutions-CFR4',
    'The default *.cloudfront.net certificate cannot pin a minimum TLS version; a team serving the widget from its own domain sets a certificate with TLSv1.2_2021.',
  );
  // The ARN WebSocketStage.grantManagementApiAccess builds: this API's stage, any route, any connection.
  const apiArn = Stack.of(chat.api).formatArn({ service: 'execute-api', resource: chat.api.apiId });
  const connectionsGrant = `AwsSolutions-IAM5[${nagResource(stack, `${apiArn}/${chat.stage.stageName}/*/@connections/*`)}]`;
  for (const fn of functions.filter((f) => f.definitionBindings.includes('websocket:manage'))) {
    ack(
      fn.role!,
      connectionsGrant,
      'Replies (the sender) and typing signals (the agent API) go to whichever visitor connection they are for: ' +
        "connection ids are made at connect time, so the grant covers this one API's live stage's @connections only.",
    );
  }
  // CDK's BucketDeployment copies widget.js into the bucket at deploy time with its own singleton function.
  const deployer = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (deployer) {
    const reason =
      "CDK's BucketDeployment custom resource (deploy time only): its runtime, basic-execution policy and the " +
      "asset bucket's and widget bucket's object wildcards are CDK's, scoped to those two buckets (Resource::* is " +
      "CloudFront's CreateInvalidation, which takes no resource).";
    // Source.asset reads its files from the bootstrap asset bucket: the same Asset objects name the grant.
    const sourceObjects = chat.deployment.node.children
      .filter((c): c is Asset => c instanceof Asset)
      .map((a) => nagResource(stack, a.bucket.arnForObjects('*')));
    const findings = [
      'AwsSolutions-L1',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      ...['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map((a) => `AwsSolutions-IAM5[Action::${a}]`),
      'AwsSolutions-IAM5[Resource::*]',
      `AwsSolutions-IAM5[${nagResource(stack, chat.widgetBucket.arnForObjects('*'))}]`,
      ...sourceObjects.map((resource) => `AwsSolutions-IAM5[${resource}]`),
    ];
    for (const id of findings) ack(deployer, id, reason);
  }
}
