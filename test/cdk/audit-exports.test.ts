import { Stack } from 'aws-cdk-lib';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { CfnUserPool } from 'aws-cdk-lib/aws-cognito';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#config/config';
import type { DestekStack } from '#lib/destek-stack';
import { synthChecked } from './synth-checked';

const config = { ...loadConfig(), stackName: 'DestekAudit', audit: { retentionDays: 90 } };

let template: Template;
let stack: DestekStack;
let synthError: unknown;

beforeAll(() => {
  ({ template, stack, synthError } = synthChecked(config));
});

const logicalId = (construct: { node: { defaultChild?: unknown } }) => Stack.of(stack).getLogicalId(construct.node.defaultChild as CfnFunction);

describe('sign-ins on the audit trail', () => {
  it('has the user pool run the sign-in function after each sign-in, as Cognito alone may invoke it, and passes cdk-nag', () => {
    expect(synthError).toBeUndefined();
    const fn = logicalId(stack.destek.functions.signInAudit);
    const pool = Stack.of(stack).getLogicalId(stack.destek.auth.userPool.node.defaultChild as CfnUserPool);
    template.hasResourceProperties('AWS::Cognito::UserPool', { LambdaConfig: { PostAuthentication: { 'Fn::GetAtt': [fn, 'Arn'] } } });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fn, 'Arn'] },
      Principal: 'cognito-idp.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [pool, 'Arn'] },
    });
    // It reads no more configuration than the retention.
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('post-authentication'),
      Timeout: 5,
      Environment: { Variables: Match.objectLike({ AUDIT_RETENTION_DAYS: '90', TABLE_NAME: Match.anyValue() }) },
    });
  });

  it("lets the sign-in function put items in the audit trail's partitions and do nothing else in the table", () => {
    const fn = stack.destek.functions.signInAudit;
    const role = Stack.of(stack).getLogicalId(fn.role!.node.defaultChild as CfnRole);
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Condition?: unknown }[]);
    const dynamo = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toEqual([
      expect.objectContaining({ Action: 'dynamodb:PutItem', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } } }),
    ]);
  });

  it('gives the agent API the retention, the export limits and the bucket its exports go to', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          AUDIT_RETENTION_DAYS: '90',
          EXPORT_LINK_SECONDS: '900',
          EXPORT_INLINE_MAX_BYTES: '5000000',
          ATTACHMENTS_BUCKET: Match.anyValue(),
        }),
      },
      Description: Match.stringLikeRegexp('exports, audit'),
    });
  });

  it('deletes stored exports after a day', () => {
    const bucket = Stack.of(stack).getLogicalId(stack.destek.data.attachments.node.defaultChild as CfnBucket);
    const rules = template.toJSON().Resources[bucket].Properties.LifecycleConfiguration.Rules as {
      Id: string;
      Prefix?: string;
      ExpirationInDays?: number;
      Status: string;
    }[];
    expect(rules).toContainEqual(expect.objectContaining({ Id: 'expire-exports', Prefix: 'exports/', ExpirationInDays: 1, Status: 'Enabled' }));
  });
});
