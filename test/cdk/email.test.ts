import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#config/config';
import { synthChecked } from './synth-checked';

const base = loadConfig();
const config = {
  ...base,
  stackName: 'DestekEmailTest',
  email: { ...base.email!, supportAddresses: ['destek@shop.com.tr', 'support@shop.example'], activateRuleSet: true, rawMailRetentionDays: 400 },
};

let template: Template;
let synthError: unknown;

beforeAll(() => {
  ({ template, synthError } = synthChecked(config));
});

describe('the e-mail channel in CDK', () => {
  it('passes cdk-nag with the rule set activated', () => {
    expect(synthError).toBeUndefined();
  });

  it('has a receipt rule for every support domain: scan on, store in S3 under inbound/, then invoke the ingest asynchronously', () => {
    template.resourceCountIs('AWS::SES::ReceiptRuleSet', 1);
    template.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: Match.objectLike({
        Enabled: true,
        ScanEnabled: true,
        Recipients: ['shop.com.tr', 'shop.example'],
        Actions: [
          { S3Action: { BucketName: Match.anyValue(), ObjectKeyPrefix: 'inbound/' } },
          { LambdaAction: { FunctionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DestekemailIngest'), 'Arn'] }, InvocationType: 'Event' } },
        ],
      }),
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'ses.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DestekemailIngest'), 'Arn'] },
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
  });

  it('keeps raw mail in a private, encrypted, TLS-only bucket that expires it and lets only SES of this account write', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: Match.anyValue(),
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Prefix: 'inbound/', ExpirationInDays: 400, Status: 'Enabled' })]) },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Action: 's3:PutObject',
            Principal: { Service: 'ses.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
  });

  it('needs no topic, no e-mail queue and no key of its own (nothing costs money idle)', () => {
    // The one topic is the alarm topic (test/cdk/observability.test.ts); SES publishes to none.
    const topics = Object.values(template.findResources('AWS::SNS::Topic')).map((t) => t.Properties.DisplayName as string);
    expect(topics).toHaveLength(1);
    expect(topics[0]).toMatch(/ alarms$/);
    template.resourceCountIs('AWS::KMS::Key', 0);
  });

  it('sends from verified domain identities with a configuration set whose bounces and complaints reach the events function through the default bus', () => {
    template.resourceCountIs('AWS::SES::EmailIdentity', 2);
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'shop.com.tr', ConfigurationSetAttributes: Match.anyValue() });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        EventBridgeDestination: { EventBusArn: { 'Fn::Join': ['', Match.arrayWith([':event-bus/default'])] } },
      }),
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ses'],
        'detail-type': ['Email Bounced', 'Email Complaint Received'],
        detail: { mail: { tags: { 'ses:configuration-set': [{ Ref: Match.stringLikeRegexp('ConfigurationSet') }] } } },
      },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DestekemailEvents'), 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DestekAsyncInvocationsemailEventsDlq'), 'Arn'] } },
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 185 }),
        }),
      ],
    });
  });

  it('lets the sender call SendEmail only for the support identities and the configuration set', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const senderPolicy = Object.entries(policies).find(([id]) => id.startsWith('DesteksenderRole'))?.[1] as any;
    const statement = senderPolicy.Properties.PolicyDocument.Statement.find((s: any) => [s.Action].flat().includes('ses:SendEmail'));
    // identity/<Ref of each domain identity>: the Ref of an AWS::SES::EmailIdentity is its domain.
    const identityRefs = [...JSON.stringify(statement.Resource).matchAll(/:identity\/",\{"Ref":"([^"]+)"/g)].map((m) => m[1]!);
    const identities = template.findResources('AWS::SES::EmailIdentity');
    expect(identityRefs.map((id) => identities[id]?.Properties.EmailIdentity).sort()).toEqual(['shop.com.tr', 'shop.example']);
    expect(JSON.stringify(statement.Resource)).toContain('configuration-set/');
    expect(JSON.stringify(statement.Resource)).not.toContain('"*"');
  });

  it('activates the rule set with a custom resource when the configuration asks for it', () => {
    const [activation] = Object.values(template.findResources('Custom::AWS')) as any[];
    expect(JSON.stringify(activation.Properties.Update)).toContain('setActiveReceiptRuleSet');
  });

  it('retries failed ingest and events invocations twice, then keeps them in an alarmed dead-letter queue; nothing polls', () => {
    for (const fn of ['DestekemailIngest', 'DestekemailEvents']) {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: Match.stringLikeRegexp(`^${fn}`) },
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 21600,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^DestekAsyncInvocations${fn.slice(6)}Dlq`), 'Arn'] } } },
      });
      const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')) as any[];
      expect(mappings.filter((m) => JSON.stringify(m.Properties.FunctionName).includes(fn))).toHaveLength(0);
    }
  });
});
